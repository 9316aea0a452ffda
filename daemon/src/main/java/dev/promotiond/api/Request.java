package dev.promotiond.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The parts of a request a route may read beyond path and query: headers and a size-capped body. */
final class Request {
    private final HttpExchange exchange;

    Request(HttpExchange exchange) {
        this.exchange = exchange;
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** The body, or 413 when it is longer than {@code max} bytes. Reads at most {@code max + 1} bytes. */
    byte[] body(long max) {
        String declared = header("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > max) {
                    throw new ApiException(413, "request body is " + declared.strip() + " bytes; the limit is " + max);
                }
            } catch (NumberFormatException e) {
                throw new ApiException(400, "bad Content-Length header: " + declared);
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw new ApiException(413, "request body is longer than the limit of " + max + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }
}

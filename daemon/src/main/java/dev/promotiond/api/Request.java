package dev.promotiond.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;

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
            // the body stopped arriving: the listener's read timeout, or the client went away
            throw timedOut(e) ? new ApiException(408, "the request body stopped arriving before the read timeout;"
                    + " nothing was stored")
                    : new ApiException(400, "the request body ended early (" + e.getMessage() + "); nothing was stored");
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.io.InterruptedIOException) {
                return true;
            }
        }
        return false;
    }
}

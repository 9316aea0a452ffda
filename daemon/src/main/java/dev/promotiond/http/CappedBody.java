package dev.promotiond.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/** Reads a response body without ever buffering more than the cap plus one byte. */
public final class CappedBody {
    private CappedBody() {
    }

    /** @return the whole body, or null when it is longer than maxBytes */
    public static byte[] read(ResponseBody body, long maxBytes) throws IOException {
        BufferedSource source = body.source();
        if (source.request(maxBytes + 1)) {
            return null;
        }
        return source.getBuffer().readByteArray();
    }

    /**
     * The body's first {@code maxBytes} bytes as UTF-8 text, with "…" appended when the body was
     * longer: for showing an error answer to people, where the start says what went wrong.
     */
    public static String head(ResponseBody body, long maxBytes) throws IOException {
        BufferedSource source = body.source();
        boolean longer = source.request(maxBytes + 1);
        Buffer buffer = source.getBuffer();
        return buffer.readString(Math.min(maxBytes, buffer.size()), StandardCharsets.UTF_8) + (longer ? "…" : "");
    }
}

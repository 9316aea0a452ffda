package dev.promotiond.probe;

import java.io.IOException;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/** Reads a body without ever buffering more than the cap plus one byte. */
final class CappedBody {
    private CappedBody() {
    }

    /** @return the whole body, or null when it is longer than maxBytes */
    static byte[] read(ResponseBody body, long maxBytes) throws IOException {
        BufferedSource source = body.source();
        if (source.request(maxBytes + 1)) {
            return null;
        }
        return source.getBuffer().readByteArray();
    }
}

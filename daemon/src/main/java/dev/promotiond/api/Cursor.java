package dev.promotiond.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Page cursors: the sort key of the last item a page held, wrapped so clients treat it as opaque
 * (base64url of a kind tag and the key). A cursor of another kind, or one that does not decode,
 * is a 400 naming the parameter: it was not handed out by this endpoint.
 */
final class Cursor {
    private Cursor() {
    }

    static String encode(String kind, String key) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** The key in {@code raw}, null when absent; 400 when it is not a cursor of {@code kind}. */
    static String decode(String kind, String raw) {
        if (raw == null) {
            return null;
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad(raw);
        }
        if (!text.startsWith(kind + ":")) {
            throw bad(raw);
        }
        return text.substring(kind.length() + 1);
    }

    /** A numeric key (an id), for logs paged by id. */
    static long decodeId(String kind, String raw) {
        String key = decode(kind, raw);
        if (key == null) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw bad(raw);
        }
    }

    static ApiException bad(String raw) {
        String shown = raw.length() > 80 ? raw.substring(0, 80) + "…" : raw;
        return new ApiException(400, "bad query parameter cursor=" + shown
                + ": not a cursor of this list (pass back the \"next\" of the previous page, unchanged)");
    }
}

package dev.promotiond.api;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okio.Buffer;

/**
 * Reads {@code multipart/form-data} bodies (RFC 7578), as sent by {@code curl -F} and the CLI, with
 * OkHttp's {@link MultipartReader}: form fields and files, each part's bytes kept as they are. The
 * body is already capped by the caller. A malformed body is a 400 whose message names the part.
 */
final class Multipart {
    private Multipart() {
    }

    /** One part: its form name, its file name (null for a plain field) and its bytes. */
    record Part(String name, String fileName, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    static boolean is(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    static List<Part> parse(String contentType, byte[] body) {
        MediaType type = MediaType.parse(contentType);
        String boundary = type == null ? null : type.parameter("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
            throw new ApiException(400, "multipart/form-data without a boundary parameter");
        }
        List<Part> parts = new ArrayList<>();
        try (MultipartReader reader = new MultipartReader(new Buffer().write(body), boundary)) {
            while (true) {
                int index = parts.size() + 1;
                MultipartReader.Part next;
                try {
                    next = reader.nextPart();
                } catch (EOFException e) {
                    boolean noBoundary = index == 1
                            && indexOf(body, "--" + boundary) < 0;
                    throw new ApiException(400, noBoundary ? "multipart body does not contain its boundary"
                            : "multipart part " + index + " has no end of headers (truncated upload?)");
                }
                if (next == null) {
                    return parts;
                }
                try (MultipartReader.Part part = next) {
                    String disposition = part.headers().get("Content-Disposition");
                    String name = parameter(disposition, "name");
                    if (name == null) {
                        throw new ApiException(400, "multipart part " + index + " has no Content-Disposition with a name");
                    }
                    byte[] content;
                    try {
                        content = part.body().readByteArray();
                    } catch (EOFException e) {
                        throw new ApiException(400, "multipart part " + index + " (" + name
                                + ") is not terminated by the boundary (truncated upload?)");
                    }
                    parts.add(new Part(name, parameter(disposition, "filename"), content));
                }
            }
        } catch (IOException e) {  // ProtocolException: bytes after a boundary, a form without parts, bad headers
            throw new ApiException(400, "multipart part " + (parts.size() + 1) + " is malformed: " + e.getMessage());
        }
    }

    private static long indexOf(byte[] body, String text) {
        return okio.ByteString.of(body).indexOf(okio.ByteString.encodeUtf8(text), 0);
    }

    /** A {@code key=value} or {@code key="value"} parameter of a Content-Disposition value, or null. */
    static String parameter(String headerValue, String key) {
        if (headerValue == null) {
            return null;
        }
        int i = 0;
        String lower = headerValue.toLowerCase(Locale.ROOT);
        while ((i = lower.indexOf(key.toLowerCase(Locale.ROOT) + "=", i)) >= 0) {
            boolean start = i == 0 || lower.charAt(i - 1) == ';' || lower.charAt(i - 1) == ' ';
            int v = i + key.length() + 1;
            if (!start) {
                i = v;
                continue;
            }
            if (v < headerValue.length() && headerValue.charAt(v) == '"') {
                int end = headerValue.indexOf('"', v + 1);
                return end < 0 ? headerValue.substring(v + 1) : headerValue.substring(v + 1, end);
            }
            int end = headerValue.indexOf(';', v);
            return (end < 0 ? headerValue.substring(v) : headerValue.substring(v, end)).strip();
        }
        return null;
    }
}

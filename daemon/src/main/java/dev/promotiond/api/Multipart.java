package dev.promotiond.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A small reader of {@code multipart/form-data} bodies (RFC 7578), as sent by {@code curl -F}: form
 * fields and files, each part's bytes kept as they are. Malformed bodies are a 400 naming the problem.
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
        String boundary = parameter(contentType, "boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
            throw new ApiException(400, "multipart/form-data without a boundary parameter");
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw new ApiException(400, "multipart body does not contain its boundary");
        }
        List<Part> parts = new ArrayList<>();
        while (true) {
            int afterDelimiter = at + delimiter.length;
            if (startsWith(body, afterDelimiter, "--")) {
                return parts; // closing delimiter
            }
            int headersStart = skipLineEnd(body, afterDelimiter);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            if (headersEnd < 0) {
                throw new ApiException(400, "multipart part " + (parts.size() + 1) + " has no end of headers");
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
            int contentEnd = indexOf(body, next, contentStart);
            if (contentEnd < 0) {
                throw new ApiException(400, "multipart part " + (parts.size() + 1) + " is not terminated by the boundary"
                        + " (truncated upload?)");
            }
            parts.add(part(headers, Arrays.copyOfRange(body, contentStart, contentEnd), parts.size() + 1));
            at = contentEnd + 2;
        }
    }

    private static Part part(String headers, byte[] content, int index) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("Content-Disposition")) {
                String value = line.substring(colon + 1);
                String name = parameter(value, "name");
                if (name == null) {
                    break;
                }
                return new Part(name, parameter(value, "filename"), content);
            }
        }
        throw new ApiException(400, "multipart part " + index + " has no Content-Disposition with a name");
    }

    /** A {@code key=value} or {@code key="value"} parameter of a header value, or null. */
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

    private static int skipLineEnd(byte[] b, int at) {
        if (startsWith(b, at, "\r\n")) {
            return at + 2;
        }
        return at < b.length && b[at] == '\n' ? at + 1 : at;
    }

    private static boolean startsWith(byte[] b, int at, String s) {
        if (at + s.length() > b.length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

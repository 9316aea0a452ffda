package dev.promotiond.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for single config values; each throws {@link IllegalArgumentException} with a user message. */
final class Values {
    static final long MAX_BODY_LIMIT = 16L * 1024 * 1024;

    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(B|KiB|MiB)?");

    private Values() {
    }

    static String text(String s) {
        return s;
    }

    static Duration durationAtLeast(String text, Duration min) {
        Duration d = Durations.parse(text);
        if (d.compareTo(min) < 0) {
            throw new IllegalArgumentException(
                    "must be at least " + Durations.format(min) + ", got " + Durations.format(d));
        }
        return d;
    }

    static Duration durationBetween(String text, Duration min, Duration max) {
        Duration d = durationAtLeast(text, min);
        if (d.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                    "must be at most " + Durations.format(max) + ", got " + Durations.format(d));
        }
        return d;
    }

    /** A whole number from {@code min} to {@code max}. */
    static int intBetween(String text, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number from " + min + " to " + max + ", got \"" + text + "\"");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("must be from " + min + " to " + max + ", got " + n);
        }
        return n;
    }

    /** Bytes as a plain integer or with a B, KiB or MiB suffix; 1 byte to 16MiB. */
    static long size(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad size \"" + text + "\" (use bytes, or e.g. 512B, 64KiB, 1MiB)");
        }
        long unit = m.group(2) == null || m.group(2).equals("B") ? 1 : m.group(2).equals("KiB") ? 1024 : 1024 * 1024;
        long bytes = Long.parseLong(m.group(1)) * unit;
        if (bytes < 1 || bytes > MAX_BODY_LIMIT) {
            throw new IllegalArgumentException("size \"" + text + "\" must be between 1B and 16MiB");
        }
        return bytes;
    }

    /** An absolute http or https URL with a host. */
    static URI httpUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad URL \"" + text + "\": " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("URL \"" + text + "\" must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("URL \"" + text + "\" has no valid host");
        }
        return uri;
    }

    /** A JSON pointer (RFC 6901): empty (the whole body) or starting with "/", "~" only as ~0 or ~1. */
    static String jsonPointer(String text) {
        if (!text.isEmpty() && !text.startsWith("/")) {
            throw new IllegalArgumentException(
                    "JSON pointer \"" + text + "\" must be empty or start with \"/\", e.g. /status");
        }
        for (int i = text.indexOf('~'); i >= 0; i = text.indexOf('~', i + 1)) {
            if (i + 1 >= text.length() || (text.charAt(i + 1) != '0' && text.charAt(i + 1) != '1')) {
                throw new IllegalArgumentException(
                        "JSON pointer \"" + text + "\" has a \"~\" not followed by 0 or 1 (write ~0 for ~, ~1 for /)");
            }
        }
        return text;
    }

    static int httpStatus(String text) {
        if (!text.matches("\\d{3}")) {
            throw new IllegalArgumentException("expected an HTTP status code 100..599, got \"" + text + "\"");
        }
        int code = Integer.parseInt(text);
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("HTTP status " + code + " is outside 100..599");
        }
        return code;
    }
}

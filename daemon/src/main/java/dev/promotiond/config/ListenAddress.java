package dev.promotiond.config;

import java.util.regex.Pattern;

/** A bind address written {@code host:port} or {@code [ipv6]:port}; the host is kept without brackets. */
record ListenAddress(String host, int port) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");
    private static final String FORM = " (use host:port, e.g. 127.0.0.1:9400 or [::1]:9400)";

    static ListenAddress parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw bad(text, "");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
            if (!IPV6.matcher(host).matches() || !host.contains(":")) {
                throw bad(text, ": \"" + host + "\" is not an IPv6 address");
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw bad(text, ": the port is missing");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.contains(":")) {
                throw bad(text, ": put an IPv6 address in brackets, e.g. [::1]:9400");
            }
            if (!NAME.matcher(host).matches()) {
                throw bad(text, ": \"" + host + "\" is not a host name or address");
            }
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw bad(text, ": the port must be a number from 0 to 65535");
        }
        return new ListenAddress(host, Integer.parseInt(port));
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("bad listen address \"" + text + "\"" + why + FORM);
    }
}

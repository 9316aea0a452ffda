package dev.promotiond.api;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards mutating endpoints with one bearer token, compared in constant time. Without a
 * configured token those endpoints are disabled (403), never open.
 */
final class BearerAuth {
    private final byte[] token;

    /** @param token the configured token, or null when none is configured */
    BearerAuth(String token) {
        this.token = token == null || token.isBlank() ? null : token.strip().getBytes(StandardCharsets.UTF_8);
    }

    void check(HttpExchange exchange) {
        if (token == null) {
            throw new ApiException(403, "mutating endpoints are disabled: no token configured"
                    + " (set auth.token_file or auth.token_env)");
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"promotiond\"");
            throw new ApiException(401, "missing bearer token (Authorization: Bearer <token>)");
        }
        byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"promotiond\", error=\"invalid_token\"");
            throw new ApiException(401, "wrong bearer token");
        }
    }
}

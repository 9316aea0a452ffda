package dev.promotiond.api;

import java.time.Instant;

/** Times in answers: ISO-8601 UTC text, or null when unknown. */
final class ApiTime {
    private ApiTime() {
    }

    static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}

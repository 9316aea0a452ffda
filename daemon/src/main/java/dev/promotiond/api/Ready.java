package dev.promotiond.api;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@code /readyz} answers: whether the published decisions are fresh enough to rely on.
 *
 * @param status      {@link #READY}, {@link #UNKNOWN} (no evaluation yet) or {@link #STALE}
 * @param reason      why not ready; null when ready
 * @param evaluatedAt the instant of the published decisions; null before the first evaluation
 */
public record Ready(String status, String reason, Instant evaluatedAt) {
    public static final String READY = "ready";
    public static final String UNKNOWN = "unknown";
    public static final String STALE = "stale";

    public Ready {
        Objects.requireNonNull(status, "status");
    }

    /** 200 when ready, else 503 with the reason. */
    Object answer() {
        Answer a = new Answer(status, reason, evaluatedAt == null ? null : evaluatedAt.toString());
        return status.equals(READY) ? a : new ApiRouter.Status(503, a);
    }

    /** The JSON shape of {@link #answer}. */
    record Answer(String status, String reason, String evaluatedAt) {
    }
}

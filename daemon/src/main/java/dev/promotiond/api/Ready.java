package dev.promotiond.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("reason", reason);
        m.put("evaluatedAt", evaluatedAt == null ? null : evaluatedAt.toString());
        return status.equals(READY) ? m : new ApiRouter.Status(503, m);
    }
}

package dev.promotiond.actions;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What one Alertmanager did with one batch.
 *
 * @param alertmanager the configured base URL
 * @param ok           the Alertmanager accepted the batch (HTTP 2xx)
 * @param httpStatus   its status, or null when no answer came (refused, timed out, cancelled)
 * @param error        why not ok, with the Alertmanager's own message when it gave one; null when ok
 * @param retryable    resending the same batch later may succeed (no answer, 5xx, 429); false when
 *                     ok or when the Alertmanager rejected the batch itself (other 4xx)
 * @param retryAfter   how long the answer's {@code Retry-After} asked to wait before resending, or null
 */
public record DeliveryResult(URI alertmanager, boolean ok, Integer httpStatus, String error, boolean retryable,
                             Duration retryAfter) {
    public DeliveryResult {
        Objects.requireNonNull(alertmanager, "alertmanager");
        if (ok && (error != null || retryable)) {
            throw new IllegalArgumentException("a delivered batch has no error and nothing to retry");
        }
        if (!ok && error == null) {
            throw new IllegalArgumentException("a failed delivery needs an error");
        }
    }

    /** A result without a {@code Retry-After}. */
    public DeliveryResult(URI alertmanager, boolean ok, Integer httpStatus, String error, boolean retryable) {
        this(alertmanager, ok, httpStatus, error, retryable, null);
    }

    static DeliveryResult delivered(URI alertmanager, int status) {
        return new DeliveryResult(alertmanager, true, status, null, false);
    }

    static DeliveryResult failed(URI alertmanager, Integer status, String error, boolean retryable) {
        return new DeliveryResult(alertmanager, false, status, error, retryable);
    }
}

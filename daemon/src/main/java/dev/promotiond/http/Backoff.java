package dev.promotiond.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The one wait between retries of an HTTP call: exponential from {@code first}, doubling up to
 * {@code max}, with "equal jitter" (half the step fixed, half random) so that clients that failed
 * together do not retry together; and at least what the server asked for in {@code Retry-After}
 * (seconds or an HTTP date), though never more than {@code maxRetryAfter}, so a wrong header cannot
 * park a caller for hours.
 *
 * @param first         the step before the first retry
 * @param max           the largest step
 * @param maxRetryAfter the longest {@code Retry-After} honoured
 */
public record Backoff(Duration first, Duration max, Duration maxRetryAfter) {
    /** Random jitter for production; tests pass a fixed fraction. */
    public static final DoubleSupplier RANDOM = () -> ThreadLocalRandom.current().nextDouble();

    public Backoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max and maxRetryAfter >= 0, was "
                    + first + ", " + max + ", " + maxRetryAfter);
        }
    }

    /** The step before retry number {@code retry} (1 for the first retry), without jitter: first·2^(retry−1), at most max. */
    public Duration step(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1, was " + retry);
        }
        Duration d = first.multipliedBy(1L << Math.min(retry - 1, 30));
        return d.compareTo(max) > 0 ? max : d;
    }

    /**
     * The wait before retry number {@code retry}: between half the step and the whole step, placed by
     * {@code jitter} (a fraction in [0, 1]), and at least {@code retryAfter} (capped) when the server
     * gave one.
     *
     * @param retryAfter what the server asked for ({@link #retryAfter}), or null
     */
    public Duration delay(int retry, Duration retryAfter, DoubleSupplier jitter) {
        long step = step(retry).toNanos();
        double fraction = Math.max(0, Math.min(1, jitter.getAsDouble()));
        Duration wait = Duration.ofNanos(step / 2 + Math.round((step - step / 2) * fraction));
        if (retryAfter != null) {
            Duration asked = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
            wait = asked.compareTo(wait) > 0 ? asked : wait;
        }
        return wait;
    }

    /**
     * A {@code Retry-After} header value as a wait from {@code now}: delay-seconds ("120") or an
     * HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT"; a date in the past is no wait). Null when the
     * header is absent or unreadable, which leaves the backoff alone.
     */
    public static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException e) {
                return null;  // more digits than a long: unreadable
            }
        }
        try {
            Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

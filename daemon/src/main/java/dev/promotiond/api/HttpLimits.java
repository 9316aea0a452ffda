package dev.promotiond.api;

import java.time.Duration;

/**
 * How much the listener lets one client cost. A connection that sends no byte for
 * {@code readTimeout} (mid-header, mid-body or idle between requests) is closed; headers are
 * parsed without holding a worker thread, so stalled clients cost memory, not workers.
 *
 * @param readTimeout    longest silence allowed while a request is read or a connection idles
 * @param backlog        listen queue for connections not yet accepted
 * @param maxThreads     workers running handlers (slow clients do not hold one while their headers arrive)
 * @param maxHeaderBytes request line plus headers; a longer URI gets 414, longer headers 431
 */
public record HttpLimits(Duration readTimeout, int backlog, int maxThreads, int maxHeaderBytes) {
    public static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(10), 1024, 200, 16 * 1024);

    public HttpLimits {
        if (readTimeout == null || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("http read timeout must be positive, got " + readTimeout);
        }
        if (backlog < 1 || maxThreads < 8 || maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("http limits out of range: backlog " + backlog + " (>= 1), max threads "
                    + maxThreads + " (>= 8), max header bytes " + maxHeaderBytes + " (>= 1024)");
        }
    }

    /** The same limits with another read timeout (tests use a short one). */
    public HttpLimits withReadTimeout(Duration timeout) {
        return new HttpLimits(timeout, backlog, maxThreads, maxHeaderBytes);
    }
}

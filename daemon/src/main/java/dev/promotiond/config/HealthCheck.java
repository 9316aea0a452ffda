package dev.promotiond.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How to probe one component's health endpoint.
 *
 * @param statusPointer  JSON pointer (RFC 6901) to the status field, or null to skip the body check
 * @param healthy        values of the status field that count as healthy
 * @param versionPointer JSON pointer to the running version, or null
 * @param acceptedStatus HTTP status codes that count as UP (default 200..299)
 * @param maxBodyBytes   bodies larger than this are DOWN ("oversized body")
 * @param caFile         PEM certificates that alone are trusted for an https URL (tls.ca_file), or null for the
 *                       JDK's default trust store
 */
public record HealthCheck(URI url, Duration interval, Duration timeout, String statusPointer, List<String> healthy,
                          String versionPointer, Set<Integer> acceptedStatus, long maxBodyBytes, Path caFile) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final List<String> DEFAULT_HEALTHY = List.of("healthy", "UP", "ok");
    public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    public HealthCheck {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        healthy = List.copyOf(healthy);
        acceptedStatus = Set.copyOf(acceptedStatus);
    }

    /** A check that trusts the JDK's default certificates. */
    public HealthCheck(URI url, Duration interval, Duration timeout, String statusPointer, List<String> healthy,
                       String versionPointer, Set<Integer> acceptedStatus, long maxBodyBytes) {
        this(url, interval, timeout, statusPointer, healthy, versionPointer, acceptedStatus, maxBodyBytes, null);
    }

    public boolean accepts(int status) {
        return acceptedStatus.isEmpty() ? status >= 200 && status < 300 : acceptedStatus.contains(status);
    }
}

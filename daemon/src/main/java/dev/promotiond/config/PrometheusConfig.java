package dev.promotiond.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where SLIs are queried.
 *
 * @param url       Prometheus base URL, e.g. http://127.0.0.1:9090
 * @param timeout   per query (also sent to Prometheus as its own query timeout)
 * @param staleness a sample older than this makes the SLI unknown
 */
public record PrometheusConfig(URI url, Duration timeout, Duration staleness) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_STALENESS = Duration.ofMinutes(5);

    public PrometheusConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(staleness, "staleness");
    }
}

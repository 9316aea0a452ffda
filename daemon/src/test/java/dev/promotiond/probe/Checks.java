package dev.promotiond.probe;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.HealthCheck;
import dev.promotiond.facts.Stage;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/** Test data builders. */
final class Checks {
    static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    static final Clock FIXED = Clock.fixed(T0, ZoneOffset.UTC);

    private Checks() {
    }

    static HealthCheck check(URI url, String statusPointer, String versionPointer) {
        return check(url, Duration.ofSeconds(2), statusPointer, versionPointer, HealthCheck.DEFAULT_MAX_BODY_BYTES);
    }

    static HealthCheck check(URI url, Duration timeout, String statusPointer, String versionPointer, long maxBodyBytes) {
        return new HealthCheck(url, Duration.ofSeconds(10), timeout, statusPointer, HealthCheck.DEFAULT_HEALTHY,
                versionPointer, Set.of(), maxBodyBytes);
    }

    static ComponentConfig component(String name, HealthCheck check) {
        return new ComponentConfig(name, "", Stage.DEVELOPMENT, List.of(), check);
    }
}

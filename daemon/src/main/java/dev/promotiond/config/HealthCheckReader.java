package dev.promotiond.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Reads one component's {@code health:} mapping. */
final class HealthCheckReader {
    static final List<String> KEYS =
            List.of("url", "interval", "timeout", "status", "healthy", "version", "expected_status", "max_body", "tls");
    static final List<String> TLS_KEYS = List.of("ca_file");
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private HealthCheckReader() {
    }

    /** The check, or null when something was wrong (every problem is reported). */
    static HealthCheck read(MappingNode node, String path, Path folder, Problems problems) {
        Fields f = new Fields(node, path, KEYS, problems);
        URI url = f.required("url", "an http:// or https:// URL", Values::httpUrl);
        Duration interval = f.scalar("interval", HealthCheck.DEFAULT_INTERVAL,
                t -> Values.durationAtLeast(t, MIN_INTERVAL));
        Duration timeout = f.scalar("timeout", HealthCheck.DEFAULT_TIMEOUT, HealthCheckReader::positive);
        if (interval != null && timeout != null && timeout.compareTo(interval) > 0) {
            problems.at(f.where("timeout"), f.path("timeout"), (f.has("timeout") ? "" : "the default ")
                    + "timeout " + Durations.format(timeout) + " exceeds the interval " + Durations.format(interval)
                    + "; the timeout must be at most the interval");
        }
        String status = f.scalar("status", null, Values::jsonPointer);
        String version = f.scalar("version", null, Values::jsonPointer);
        List<String> healthy = healthy(f, problems);
        Set<Integer> accepted = expectedStatus(f, problems);
        Long maxBody = f.scalar("max_body", HealthCheck.DEFAULT_MAX_BODY_BYTES, Values::size);
        MappingNode tlsNode = f.mapping("tls");
        Path caFile = tlsNode == null ? null : caFile(new Fields(tlsNode, f.path("tls"), TLS_KEYS, problems), folder);
        boolean tlsBad = f.has("tls") && (tlsNode == null || caFile == null);
        if (url == null || interval == null || timeout == null || healthy == null || accepted == null
                || maxBody == null || (f.has("status") && status == null) || (f.has("version") && version == null)
                || tlsBad) {
            return null;
        }
        return new HealthCheck(url, interval, timeout, status, healthy, version, accepted, maxBody, caFile);
    }

    /** The CA file, relative to the config file's folder; it must hold at least one certificate now. */
    private static Path caFile(Fields tls, Path folder) {
        return tls.required("ca_file", "a PEM file of the certificates to trust", text -> {
            Path file = (folder == null ? Path.of(text) : folder.resolve(text)).normalize();
            CaCertificates.load(file);
            return file;
        });
    }

    private static Duration positive(String text) {
        Duration d = Durations.parse(text);
        if (d.isZero()) {
            throw new IllegalArgumentException("must be greater than 0s");
        }
        return d;
    }

    private static List<String> healthy(Fields f, Problems problems) {
        if (!f.has("healthy")) {
            return HealthCheck.DEFAULT_HEALTHY;
        }
        List<Node> items = f.list("healthy");
        if (items == null) {
            return null;
        }
        if (items.isEmpty()) {
            problems.at(f.where("healthy"), f.path("healthy"), "must list at least one healthy status value");
            return null;
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String value = Fields.parse(items.get(i), f.path("healthy") + "[" + i + "]", Values::text, problems);
            if (value == null) {
                return null;
            }
            values.add(value);
        }
        return values;
    }

    private static Set<Integer> expectedStatus(Fields f, Problems problems) {
        if (!f.has("expected_status")) {
            return Set.of();
        }
        List<Node> items = f.list("expected_status");
        if (items == null) {
            return null;
        }
        Set<Integer> codes = new LinkedHashSet<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            Integer code = Fields.parse(items.get(i), f.path("expected_status") + "[" + i + "]",
                    Values::httpStatus, problems);
            ok &= code != null;
            if (code != null) {
                codes.add(code);
            }
        }
        return ok ? codes : null;
    }
}

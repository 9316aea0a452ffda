package dev.promotiond.demo;

import com.sun.net.httpserver.HttpServer;
import dev.promotiond.config.ActionsConfig;
import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.config.HealthCheck;
import dev.promotiond.config.MetricsConfig;
import dev.promotiond.config.PrometheusConfig;
import dev.promotiond.config.PromqlTemplate;
import dev.promotiond.config.SliQuery;
import dev.promotiond.facts.Evidence;
import dev.promotiond.facts.Stage;
import dev.promotiond.store.EvidenceStore;
import dev.promotiond.store.HistoryEvent;
import dev.promotiond.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;

/**
 * The embedded default: demo components served in-process on loopback and a store seeded with a
 * synthetic week, so that the first evaluation already shows a component ready for Production, a
 * failed soak, a soak at risk, an unknown and a down component.
 */
public final class Demo implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final int PROBES_PER_MINUTE = 6;

    /** A demo component: its stage, version, dependencies and how its endpoint behaves on the n-th request. */
    record Spec(String name, String group, Stage stage, String version, List<String> deps, boolean probed,
                LongPredicate healthyOnRequest, History history) {
    }

    /** Synthetic past: soak length in minutes and which of its minutes carry a DOWN probe. */
    record History(long minutes, LongPredicate downInMinute) {
    }

    static final List<Spec> SPECS = List.of(
            new Spec("catalog-db", "Catalog", Stage.PRODUCTION, "15.4", List.of(), true, n -> true,
                    new History(10 * 1440, m -> false)),
            new Spec("catalog-api", "Catalog", Stage.STAGING, "2.4.1", List.of("catalog-db"), true, n -> true,
                    new History(7 * 1440 + 120, m -> m % 1440 == 700)),
            new Spec("checkout-api", "Payments", Stage.STAGING, "3.0.0-rc2", List.of("catalog-api"), true,
                    n -> n % 3 != 0, new History(4 * 1440, m -> m % 4 == 0)),
            new Spec("search-api", "Catalog", Stage.STAGING, "1.9.0", List.of(), true, n -> n % 100 != 0,
                    new History(2 * 1440, m -> m >= 1440 && m % 17 == 0)),
            new Spec("billing-worker", "Payments", Stage.STAGING, "0.8.3", List.of(), false, n -> true, null),
            new Spec("legacy-reports", "Back office", Stage.STAGING, "0.1.0", List.of("catalog-db"), true,
                    n -> false, null),
            new Spec("recommender", "Catalog", Stage.DEVELOPMENT, "0.3.0", List.of("catalog-api"), true, n -> true,
                    null));

    /** Synthetic CI evidence: (component, version, kind, tool, values). */
    record SeedEvidence(String component, String version, String kind, String tool, Map<String, Double> values) {
    }

    static final List<SeedEvidence> EVIDENCE = List.of(
            new SeedEvidence("catalog-api", "2.4.1", "integration", "pytest+coverage.py", Map.of("tests", 214.0,
                    "failures", 0.0, "errors", 0.0, "skipped", 3.0, "passed", 211.0, "line_coverage_percent", 84.2,
                    "lines_covered", 2105.0, "lines_valid", 2500.0)),
            new SeedEvidence("catalog-api", "2.4.1", "security", "bandit", Map.of("issues", 2.0, "severity_high", 0.0,
                    "severity_medium", 0.0, "severity_low", 2.0)),
            new SeedEvidence("catalog-api", "2.4.1", "rollback-test", "rollback-drill", Map.of("passed", 1.0,
                    "check.documented", 1.0)),
            new SeedEvidence("catalog-api", "2.4.1", "load-test", "k6", Map.of("passed", 1.0, "rps", 420.0)),
            new SeedEvidence("catalog-api", "2.4.1", "vulnerabilities", "osv-scanner", Map.of("vulnerabilities", 1.0,
                    "severity_critical", 0.0, "severity_high", 0.0, "severity_medium", 0.0, "severity_low", 1.0,
                    "severity_unknown", 0.0)),
            new SeedEvidence("catalog-api", "2.4.1", "outdated", "pip", Map.of("outdated", 0.0)),
            new SeedEvidence("catalog-api", "2.4.1", "blockers", "blockers", Map.of("blockers", 0.0)),
            new SeedEvidence("checkout-api", "3.0.0-rc2", "integration", "pytest+coverage.py", Map.of("tests", 120.0,
                    "failures", 4.0, "errors", 0.0, "skipped", 0.0, "passed", 116.0, "line_coverage_percent", 71.5,
                    "lines_covered", 1430.0, "lines_valid", 2000.0)),
            new SeedEvidence("search-api", "1.8.2", "integration", "pytest+coverage.py", Map.of("tests", 88.0,
                    "failures", 0.0, "errors", 0.0, "skipped", 0.0, "passed", 88.0, "line_coverage_percent", 86.0,
                    "lines_covered", 860.0, "lines_valid", 1000.0)),
            new SeedEvidence("recommender", "0.3.0", "unit", "pytest+coverage.py", Map.of("tests", 57.0,
                    "failures", 0.0, "errors", 0.0, "skipped", 1.0, "passed", 56.0, "line_coverage_percent", 74.3,
                    "lines_covered", 743.0, "lines_valid", 1000.0)),
            new SeedEvidence("recommender", "0.3.0", "lint", "ruff", Map.of("violations", 0.0, "fixable", 0.0)),
            new SeedEvidence("recommender", "0.3.0", "types", "pyright", Map.of("errors", 0.0, "warnings", 2.0)),
            new SeedEvidence("recommender", "0.3.0", "security", "bandit", Map.of("issues", 1.0, "severity_high", 0.0,
                    "severity_medium", 0.0, "severity_low", 1.0)),
            new SeedEvidence("recommender", "0.3.0", "docs", "generic", Map.of("check.readme", 1.0,
                    "check.api_docs", 1.0)),
            new SeedEvidence("recommender", "0.3.0", "blockers", "blockers", Map.of("blockers", 0.0)));

    /** Where the demo's own policy goes in a copy of the bundled rules (see {@link #writeDemoPolicy}). */
    public static final String POLICY_FILE = "demo-policy.drl";

    private final HttpServer server;
    private final DaemonConfig config;
    private final Map<String, DemoTraffic> traffic;

    private Demo(HttpServer server, DaemonConfig config, Map<String, DemoTraffic> traffic) {
        this.server = server;
        this.config = config;
        this.traffic = traffic;
    }

    /**
     * The demo's SLIs when no Prometheus scrapes it: each probed component's synthetic traffic, as
     * Prometheus would compute it (source "demo"), so that its SLA criteria are judged on numbers and
     * not left unknown. With {@code --prometheus} the daemon queries Prometheus instead.
     */
    public java.util.function.Supplier<List<dev.promotiond.facts.Sli>> syntheticSlis(java.time.Clock clock) {
        return () -> {
            Instant at = clock.instant();
            List<dev.promotiond.facts.Sli> out = new ArrayList<>();
            for (Spec s : SPECS) {
                if (s.probed()) {
                    out.addAll(traffic.get(s.name()).slis(s.name(), at));
                }
            }
            return out;
        };
    }

    /**
     * Writes the demo's visible policy into {@code rulesDir} (a copy of the bundled rules): without an
     * Alertmanager the demo pages no one, so it waives the alert-route part of "monitoring" for its
     * groups, saying so in every explanation, instead of calling components ready that could not page.
     */
    public static void writeDemoPolicy(Path rulesDir) {
        StringBuilder b = new StringBuilder();
        b.append("// Written by `promotiond demo` when it runs without --alertmanager: its pages are only recorded\n")
                .append("// (GET /api/v1/actions), so the alert-route part of the monitoring criterion is waived here.\n")
                .append("package promotiond.rules;\n\n");
        for (String group : SPECS.stream().map(Spec::group).distinct().sorted().toList()) {
            b.append("rule \"demo: no Alertmanager for ").append(group).append("\"\n    salience 1000\nwhen\nthen\n")
                    .append("    insert(new Waiver(\"alert-route\", \"").append(group)
                    .append("\", \"the demo runs without --alertmanager: pages are recorded at /api/v1/actions, not sent\",\n")
                    .append("            drools.getRule().getName()));\nend\n\n");
        }
        try {
            java.nio.file.Files.writeString(rulesDir.resolve(POLICY_FILE), b.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Serves the demo endpoints on a free loopback port and builds the daemon's config around them. */
    public static Demo start(String listenHost, int listenPort, Path store, Path rules) throws IOException {
        return start(listenHost, listenPort, store, rules, null);
    }

    /** @param alertmanager where the demo's alerts go, or null to only record them */
    public static Demo start(String listenHost, int listenPort, Path store, Path rules, URI alertmanager)
            throws IOException {
        return start(listenHost, listenPort, store, rules, alertmanager, null, null);
    }

    /**
     * @param prometheus      a Prometheus that scrapes the demo components' {@code /<name>/metrics}
     *                        (job name = component name); null for none
     * @param componentsListen where the demo components listen; null for a free loopback port
     */
    public static Demo start(String listenHost, int listenPort, Path store, Path rules, URI alertmanager,
                             URI prometheus, InetSocketAddress componentsListen) throws IOException {
        HttpServer server = HttpServer.create(componentsListen != null ? componentsListen
                : new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<ComponentConfig> components = new ArrayList<>();
        Map<String, DemoTraffic> trafficByName = new HashMap<>();
        for (Spec s : SPECS) {
            DemoTraffic traffic = s.name().equals("checkout-api") ? DemoTraffic.slow(12) : DemoTraffic.fast(40);
            trafficByName.put(s.name(), traffic);
            server.createContext("/" + s.name() + "/metrics", exchange -> {
                byte[] body = traffic.exposition(s.name());
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            AtomicLong requests = new AtomicLong();
            server.createContext("/" + s.name() + "/health", exchange -> {
                boolean healthy = s.healthyOnRequest().test(requests.incrementAndGet());
                byte[] body = ("{\"status\":\"" + (healthy ? "healthy" : "unhealthy") + "\",\"version\":\""
                        + s.version() + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(healthy ? 200 : 503, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            HealthCheck health = null;
            if (s.probed()) {
                InetAddress bound = server.getAddress().getAddress();
                String host = bound.isAnyLocalAddress() || bound.isLoopbackAddress()
                        ? InetAddress.getLoopbackAddress().getHostAddress() : bound.getHostAddress();
                URI url = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                        + server.getAddress().getPort() + "/" + s.name() + "/health");
                health = new HealthCheck(url, INTERVAL, Duration.ofSeconds(2), "/status", HealthCheck.DEFAULT_HEALTHY,
                        "/version", Set.of(), HealthCheck.DEFAULT_MAX_BODY_BYTES);
            }
            MetricsConfig metrics = null;
            if (prometheus != null && s.probed()) {
                Map<String, String> selector = Map.of("job", s.name());
                List<SliQuery> slis = new ArrayList<>();
                for (String sli : List.of("latency_p50_seconds", "latency_p95_seconds", "latency_p99_seconds",
                        "error_ratio", "request_rate", "cpu_cores", "memory_bytes")) {
                    slis.add(new SliQuery(s.name(), sli, PromqlTemplate.BUILT_INS.get(sli)));
                }
                metrics = new MetricsConfig(selector, slis);
            }
            components.add(new ComponentConfig(s.name(), s.group(), s.stage(), s.deps(), health, metrics));
        }
        server.start();
        ActionsConfig actions = alertmanager == null ? ActionsConfig.NONE
                : new ActionsConfig(List.of(alertmanager), ActionsConfig.DEFAULT_RESEND, null,
                        Map.of("source", "promotiond-demo"), null, true, null, null);
        PrometheusConfig prom = prometheus == null ? null
                : new PrometheusConfig(prometheus, PrometheusConfig.DEFAULT_TIMEOUT, PrometheusConfig.DEFAULT_STALENESS);
        DaemonConfig config = new DaemonConfig(null, listenHost, listenPort, store, rules,
                DaemonConfig.DEFAULT_RETENTION, Duration.ofSeconds(5), components, prom, actions);
        return new Demo(server, config, Map.copyOf(trafficByName));
    }

    public DaemonConfig config() {
        return config;
    }

    /** Creates the store file and writes each spec's synthetic history, ending at {@code now}, into it. */
    public static void seed(Path storeFile, Instant now) {
        try (Store store = Store.open(storeFile)) {
            seed(store, now);
        }
    }

    /** Writes each spec's synthetic history, ending at {@code now}, into the store. */
    public static void seed(Store store, Instant now) {
        long nowMinute = Math.floorDiv(now.getEpochSecond(), 60);
        for (Spec s : SPECS) {
            if (s.history() == null) {
                continue;
            }
            long minutes = s.history().minutes();
            long start = nowMinute - minutes;
            Map<Long, long[]> buckets = new HashMap<>();
            long up = 0;
            long down = 0;
            for (long m = 0; m < minutes; m++) {
                long d = s.history().downInMinute().test(m) ? 1 : 0;
                buckets.put(start + m, new long[] {PROBES_PER_MINUTE - d, d});
                up += PROBES_PER_MINUTE - d;
                down += d;
            }
            store.seedBuckets(s.name(), s.stage(), s.version(), buckets);
            store.seedSoak(s.name(), s.stage(), s.version(), Instant.ofEpochSecond(start * 60), up, down,
                    Instant.ofEpochSecond((nowMinute - 1) * 60));
        }
        EvidenceStore evidence = new EvidenceStore(store);
        for (Spec s : SPECS) {
            if (s.history() != null && s.stage() != Stage.DEVELOPMENT) {
                // the promotion that started the seeded soak, as a deploy pipeline would have recorded it
                evidence.recordDeployment(new HistoryEvent(s.name(),
                        Instant.ofEpochSecond((nowMinute - s.history().minutes()) * 60), "promotion", s.stage(), s.version()));
            }
        }
        for (SeedEvidence e : EVIDENCE) {
            evidence.save(new Evidence(e.component(), e.version(), null, e.kind(), e.tool(), now.minus(Duration.ofHours(6)),
                    "", e.values()), List.of("(synthetic demo evidence)"));
        }
    }

    public int endpointPort() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

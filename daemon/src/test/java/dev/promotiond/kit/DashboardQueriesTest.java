package dev.promotiond.kit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.promotiond.app.Daemon;
import dev.promotiond.demo.Demo;
import dev.promotiond.config.ComponentConfig;
import dev.promotiond.kit.DashboardJson.Query;
import dev.promotiond.kit.DashboardJson.Variable;
import dev.promotiond.kit.DashboardPrometheus.Job;
import dev.promotiond.testing.LocalProcesses;
import dev.promotiond.testing.RealPrometheus;
import dev.promotiond.testing.RunningDemo;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana provisioning and dashboards under the top-level {@code grafana/}: their structure,
 * and every PromQL expression they hold (panel targets, annotations, variable queries) run against
 * a real Prometheus that scrapes a demo daemon and its demo components, as in docker-compose.yml.
 */
class DashboardQueriesTest {
    /** Tests run in {@code daemon/}; the kit lives at the repository root. */
    static final Path GRAFANA = Path.of("..").toAbsolutePath().normalize().resolve("grafana");
    static final Path DASHBOARDS = GRAFANA.resolve("dashboards");
    static final String DATASOURCE_UID = "promotiond-prometheus";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * One selection of every variable, as Grafana substitutes it: the demo's Staging component that
     * is ready for Production, "All" for the filters, and the intervals of a 1 s scrape.
     */
    static final Map<String, String> SELECTION = Map.of(
            "component", "catalog-api",
            "group", ".*",
            "stage", ".*",
            "instance", ".*",
            "__rate_interval", "1m",
            "__interval", "15s",
            "__range", "1h");

    /**
     * What each annotation must mark once the test has made it happen: catalog-api promoted to
     * Production, the page for checkout-api's failed soak resolved by its demotion, and a rules reload.
     */
    static final Map<String, Map<String, String>> ANNOTATED_EVENTS = Map.of(
            "Stage and version changes", Map.of("component", "catalog-api", "stage", "production"),
            "Actions (alerts, rollbacks)", Map.of("kind", "alert", "outcome", "resolved"),
            "Rules reloads", Map.of("result", "success"));

    static final Duration PANELS_WAIT = Duration.ofSeconds(60);
    static final Duration ANNOTATIONS_WAIT = Duration.ofSeconds(60);

    @Test
    void provisionedDatasourceIsTheDefaultPrometheusOfTheComposeFileWithAFixedUid() throws IOException {
        JsonNode datasources = YAML.readTree(GRAFANA.resolve("provisioning/datasources/prometheus.yml").toFile())
                .path("datasources");
        assertThat(datasources).hasSize(1);
        JsonNode ds = datasources.get(0);
        assertThat(ds.path("type").asText()).isEqualTo("prometheus");
        assertThat(ds.path("uid").asText()).isEqualTo(DATASOURCE_UID);
        assertThat(ds.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(ds.path("isDefault").asBoolean()).isTrue();
    }

    @Test
    void dashboardProviderLoadsTheMountedFolderIntoThePromotiondFolder() throws IOException {
        JsonNode providers = YAML.readTree(GRAFANA.resolve("provisioning/dashboards/promotiond.yml").toFile())
                .path("providers");
        assertThat(providers).hasSize(1);
        JsonNode p = providers.get(0);
        assertThat(p.path("type").asText()).isEqualTo("file");
        assertThat(p.path("folder").asText()).isEqualTo("promotiond");
        assertThat(p.path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards");
    }

    @Test
    void everyDashboardHasAUniqueUidAndTitle() throws IOException {
        List<DashboardJson> dashboards = dashboards();
        assertThat(dashboards).extracting(d -> d.file().getFileName().toString())
                .contains("promotion-readiness.json", "component.json", "promotiond-internals.json");
        for (DashboardJson d : dashboards) {
            assertThat(d.uid()).as("uid of %s", d.file()).matches("[a-zA-Z0-9_-]{1,40}");
            assertThat(d.title()).as("title of %s", d.file()).isNotBlank();
            assertThat(d.root().path("schemaVersion").asInt()).as("schemaVersion of %s", d.file()).isGreaterThanOrEqualTo(39);
            assertThat(d.root().path("id").isNull()).as("%s carries no database id", d.file()).isTrue();
            assertThat(d.panels()).as("panels of %s", d.file()).isNotEmpty()
                    .extracting(p -> p.path("id").asInt()).doesNotHaveDuplicates();
        }
        assertThat(dashboards).extracting(DashboardJson::uid).doesNotHaveDuplicates();
        assertThat(dashboards).extracting(DashboardJson::title).doesNotHaveDuplicates();
    }

    @Test
    void everyPanelAnnotationAndVariableQueriesPrometheusThroughTheDatasourceVariable() throws IOException {
        List<String> problems = new ArrayList<>();
        for (DashboardJson d : dashboards()) {
            JsonNode dsVar = d.variableNodes().stream().filter(v -> v.path("name").asText().equals("datasource"))
                    .findFirst().orElse(null);
            if (dsVar == null || !dsVar.path("type").asText().equals("datasource")
                    || !dsVar.path("query").asText().equals("prometheus")) {
                problems.add(d.title() + ": no variable 'datasource' of type datasource for prometheus");
            } else if (dsVar.path("current").has("value")
                    && !dsVar.path("current").path("value").asText().equals(DATASOURCE_UID)) {
                problems.add(d.title() + ": variable 'datasource' defaults to "
                        + dsVar.path("current").path("value") + ", not the provisioned " + DATASOURCE_UID);
            }
            for (JsonNode p : d.panels()) {
                if (!isVariableDatasource(p.path("datasource"))) {
                    problems.add(d.title() + ", panel '" + p.path("title").asText() + "': datasource " + p.path("datasource"));
                }
                if (p.path("targets").isEmpty()) {
                    problems.add(d.title() + ", panel '" + p.path("title").asText() + "': no query");
                }
            }
            for (JsonNode a : d.prometheusAnnotations()) {
                if (!isVariableDatasource(a.path("datasource"))) {
                    problems.add(d.title() + ", annotation '" + a.path("name").asText() + "': datasource " + a.path("datasource"));
                }
            }
            d.eachDatasource((path, ds) -> {
                boolean builtIn = path.startsWith("/annotations/list/") && "grafana".equals(ds.path("type").asText())
                        && "-- Grafana --".equals(ds.path("uid").asText());
                if (!builtIn && !isVariableDatasource(ds)) {
                    problems.add(d.title() + " " + path + ": hard-coded datasource " + ds);
                }
            });
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void multiValueVariablesAreUsedOnlyInsideRegexMatchers() throws IOException {
        List<String> problems = new ArrayList<>();
        for (DashboardJson d : dashboards()) {
            Set<String> multi = d.variables().stream().filter(v -> v.multi() || v.includeAll())
                    .map(Variable::name).collect(Collectors.toSet());
            for (Query q : allQueries(d)) {
                Matcher m = DashboardJson.VARIABLE.matcher(q.expr());
                while (m.find()) {
                    String name = m.group(1) != null ? m.group(1) : m.group(2);
                    String before = q.expr().substring(0, m.start());
                    int quote = before.lastIndexOf('"');
                    boolean inRegex = quote >= 2 && (before.startsWith("=~", quote - 2) || before.startsWith("!~", quote - 2));
                    if (multi.contains(name) && !inRegex) {
                        problems.add(q.where() + ": $" + name + " can hold several values but is not in =~\"…\": "
                                + q.expr());
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * Demo daemon and Prometheus on loopback; the daemon is configured with Prometheus's port,
     * chosen before either starts, and Prometheus starts last with the daemon's and the
     * components' real ports. Panels and variables are checked on the steady demo; then the test
     * makes the annotated events happen (a promotion, a demotion that resolves a page, a rules
     * edit) and checks the annotations over the test's time range, as Grafana asks for them.
     */
    @Test
    @Timeout(240)
    void everyDashboardQueryReturnsSeriesFromARealPrometheusScrapingTheDemo(@TempDir Path dir) throws Exception {
        List<DashboardJson> dashboards = dashboards();
        List<Query> steady = new ArrayList<>();
        List<Query> annotations = new ArrayList<>();
        for (DashboardJson d : dashboards) {
            steady.addAll(d.variableQueries());
            steady.addAll(d.panelQueries());
            annotations.addAll(d.annotationQueries());
        }
        assertThat(annotations).extracting(Query::name).as("every annotation has an event this test makes happen")
                .allMatch(ANNOTATED_EVENTS::containsKey);

        Instant begin = Instant.now();
        int prometheusPort = LocalProcesses.freePort();
        try (RunningDemo running = RunningDemo.start(dir, null, URI.create("http://127.0.0.1:" + prometheusPort), null)) {
            Daemon daemon = running.daemon();
            Demo demo = running.demo();
            List<Job> jobs = new ArrayList<>();
            jobs.add(new Job("promotiond", "127.0.0.1:" + daemon.port(), "/metrics"));
            for (ComponentConfig c : demo.config().components()) {
                jobs.add(new Job(c.name(), "127.0.0.1:" + demo.endpointPort(), "/" + c.name() + "/metrics"));
            }
            try (DashboardPrometheus prometheus = DashboardPrometheus.start(
                    Files.createDirectories(dir.resolve("prometheus")), prometheusPort, jobs)) {
                Map<Query, String> empty = awaitEach(steady, PANELS_WAIT, q -> steadyCheck(prometheus, q));
                assertThat(empty).withFailMessage(report("returned no series within " + PANELS_WAIT, empty)).isEmpty();

                // an edge annotation compares with one $__interval earlier: let the daemon's history grow longer
                RealPrometheus.await("more than " + SELECTION.get("__interval") + " of scraped history",
                        Duration.ofSeconds(60), () -> prometheus.query("count_over_time(promotiond_build_info[1m]) > 16")
                                .path("data").path("result").size() > 0);
                daemon.intake().deploy("catalog-api", "Production", "2.4.1", null, null);
                daemon.intake().deploy("checkout-api", "Development", "3.0.0-rc2", null, null);
                Files.writeString(running.rules().resolve("policy.drl"), "\n// edited by DashboardQueriesTest\n",
                        StandardOpenOption.APPEND);

                Map<Query, String> unmarked = awaitEach(annotations, ANNOTATIONS_WAIT,
                        q -> annotationCheck(prometheus, q, begin));
                assertThat(unmarked).withFailMessage(report("marked nothing within " + ANNOTATIONS_WAIT, unmarked)).isEmpty();
            }
        }
    }

    /** Panels and variables: an instant query now returns at least one series with a finite value (variables: with the label). */
    private static String steadyCheck(DashboardPrometheus prometheus, Query q) {
        if (q.kind().equals("variable")) {
            Variable v = new Variable(q.name(), "query", false, false, q.expr());
            JsonNode answer = prometheus.query(DashboardJson.substitute(v.selector(), SELECTION));
            String error = error(answer);
            if (error != null) {
                return error;
            }
            for (JsonNode s : answer.path("data").path("result")) {
                if (!s.path("metric").path(v.label()).asText("").isEmpty()) {
                    return null;
                }
            }
            return "no series with label " + v.label();
        }
        JsonNode answer = prometheus.query(DashboardJson.substitute(q.expr(), SELECTION));
        String error = error(answer);
        if (error != null) {
            return error;
        }
        JsonNode data = answer.path("data");
        List<JsonNode> samples = new ArrayList<>();
        if (data.path("resultType").asText().equals("scalar")) {
            samples.add(data.path("result"));
        } else {
            data.path("result").forEach(s -> samples.add(s.path("value")));
        }
        if (samples.isEmpty()) {
            return "no series";
        }
        return samples.stream().anyMatch(v -> Double.isFinite(parse(v.get(1).asText()))) ? null
                : "only NaN or infinite values: " + data.path("result");
    }

    /**
     * Annotations: a range query over the test (Grafana asks for annotations as range queries and
     * draws only positive values) has a positive sample in a series labelled as the event.
     */
    private static String annotationCheck(DashboardPrometheus prometheus, Query q, Instant begin) {
        JsonNode answer = prometheus.queryRange(DashboardJson.substitute(q.expr(), SELECTION), begin, Instant.now(),
                Duration.ofSeconds(1));
        String error = error(answer);
        if (error != null) {
            return error;
        }
        Map<String, String> event = ANNOTATED_EVENTS.get(q.name());
        List<String> seen = new ArrayList<>();
        for (JsonNode s : answer.path("data").path("result")) {
            boolean labelled = event.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(s.path("metric").path(e.getKey()).asText(null)));
            boolean positive = false;
            for (JsonNode v : s.path("values")) {
                positive |= parse(v.get(1).asText()) > 0;
            }
            if (labelled && positive) {
                return null;
            }
            seen.add(s.path("metric").toString());
        }
        return "no positive sample labelled " + event + "; series seen: " + seen;
    }

    /** Polls every pending check about once a second until all pass or {@code max} is over; returns the failures. */
    private static Map<Query, String> awaitEach(List<Query> queries, Duration max, Function<Query, String> check)
            throws InterruptedException {
        Map<Query, String> pending = new LinkedHashMap<>();
        queries.forEach(q -> pending.put(q, "not run"));
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            for (Query q : new ArrayList<>(pending.keySet())) {
                String failure;
                try {
                    failure = check.apply(q);
                } catch (RuntimeException e) {
                    failure = e.toString();
                }
                if (failure == null) {
                    pending.remove(q);
                } else {
                    pending.put(q, failure);
                }
            }
            if (pending.isEmpty() || System.nanoTime() > deadline) {
                return pending;
            }
            Thread.sleep(1000);
        }
    }

    private static String report(String what, Map<Query, String> failures) {
        StringBuilder b = new StringBuilder(failures.size() + " dashboard queries " + what + ":");
        failures.forEach((q, why) -> b.append("\n  ").append(q.where()).append(": ").append(q.expr())
                .append("\n      → ").append(why));
        return b.toString();
    }

    private static String error(JsonNode answer) {
        return "success".equals(answer.path("status").asText()) ? null
                : "Prometheus error: " + answer.path("errorType").asText() + ": " + answer.path("error").asText();
    }

    private static double parse(String value) {
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }

    private static boolean isVariableDatasource(JsonNode ds) {
        return "prometheus".equals(ds.path("type").asText()) && "${datasource}".equals(ds.path("uid").asText());
    }

    private static List<Query> allQueries(DashboardJson d) {
        List<Query> all = new ArrayList<>(d.panelQueries());
        all.addAll(d.annotationQueries());
        all.addAll(d.variableQueries());
        return all;
    }

    static List<DashboardJson> dashboards() throws IOException {
        List<DashboardJson> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(DashboardJson.read(f));
            }
        }
        return out;
    }

}

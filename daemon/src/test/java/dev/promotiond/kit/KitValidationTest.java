package dev.promotiond.kit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.promotiond.app.Daemon;
import dev.promotiond.demo.Demo;
import dev.promotiond.testing.LocalProcesses;
import dev.promotiond.testing.RealPrometheus;
import dev.promotiond.testing.RunningDemo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The observability kit (top-level {@code prometheus/}, {@code docker-compose.yml},
 * {@code daemon/Dockerfile}) checked without Docker: the configs by the real promtool and amtool,
 * the alert rules by their unit tests, the compose file and Dockerfile by structure, and the
 * shipped Prometheus config against a live demo daemon on loopback.
 */
class KitValidationTest {
    /** Tests run in {@code daemon/}; the kit lives at the repository root. */
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final Path PROMETHEUS = REPO.resolve("prometheus");
    static final String RUNBOOK_BASE = "https://github.com/promotiond/promotiond/blob/main/README.md#runbook-";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void prometheusConfigAndItsRuleFileAreValid() throws Exception {
        assertSucceeds("promtool", "check", "config", PROMETHEUS.resolve("prometheus.yml").toString());
        assertSucceeds("promtool", "check", "rules", PROMETHEUS.resolve("alerts.yml").toString());
    }

    @Test
    void everyAlertRulePassesItsUnitTests() throws Exception {
        String out = assertSucceeds("promtool", "test", "rules", PROMETHEUS.resolve("alerts_test.yml").toString());
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void everyAlertHasForSeverityAnnotationsARunbookAndTestsForFiringAndQuiet() throws Exception {
        List<JsonNode> alerts = alertRules();
        assertThat(alerts).extracting(a -> a.path("alert").asText()).contains("PromotiondDown",
                "PromotiondEvaluationStalled", "PromotiondEvaluationFailing", "PromotiondRulesReloadFailing",
                "PromotiondSourceDown");
        JsonNode tests = YAML.readTree(PROMETHEUS.resolve("alerts_test.yml").toFile()).path("tests");
        String readme = Files.readString(REPO.resolve("README.md"));
        for (JsonNode a : alerts) {
            String name = a.path("alert").asText();
            assertThat(a.path("for").asText()).as("%s has a for duration", name).matches("\\d+[smh]");
            assertThat(a.path("labels").path("severity").asText()).as("%s severity", name).isIn("page", "warning");
            assertThat(a.path("annotations").path("summary").asText()).as("%s summary", name).isNotBlank();
            assertThat(a.path("annotations").path("description").asText()).as("%s description", name).isNotBlank();
            assertThat(a.path("annotations").path("runbook_url").asText()).as("%s runbook", name)
                    .isEqualTo(RUNBOOK_BASE + name.toLowerCase());
            assertThat(readme).as("README has a runbook heading for %s", name).contains("#### Runbook: " + name + "\n");
            boolean fires = false;
            boolean quiet = false;
            for (JsonNode t : tests) {
                for (JsonNode check : t.path("alert_rule_test")) {
                    if (check.path("alertname").asText().equals(name)) {
                        fires |= check.path("exp_alerts").size() > 0;
                        quiet |= check.path("exp_alerts").isEmpty();
                    }
                }
            }
            assertThat(fires).as("alerts_test.yml expects %s to fire", name).isTrue();
            assertThat(quiet).as("alerts_test.yml expects %s to stay quiet", name).isTrue();
        }
    }

    @Test
    void alertmanagerConfigIsValidAndRoutesBySeverity() throws Exception {
        String config = PROMETHEUS.resolve("alertmanager.yml").toString();
        assertSucceeds("amtool", "check-config", config);
        // amtool answers the receiver on its last line (a warning about --alertmanager.url may precede it)
        assertThat(assertSucceeds("amtool", "config", "routes", "test", "--config.file=" + config,
                "severity=page", "component=checkout-api", "alertname=PromotionSoakFailed").strip().lines().reduce((a, b) -> b)).hasValue("pager");
        assertThat(assertSucceeds("amtool", "config", "routes", "test", "--config.file=" + config,
                "severity=warning", "component=search-api", "alertname=PromotionSoakAtRisk").strip().lines().reduce((a, b) -> b)).hasValue("warning");
        JsonNode am = YAML.readTree(PROMETHEUS.resolve("alertmanager.yml").toFile());
        assertThat(am.path("route").path("group_by")).extracting(JsonNode::asText).containsExactly("alertname", "component");
        JsonNode inhibit = am.path("inhibit_rules").get(0);
        assertThat(inhibit.path("source_matchers").toString()).contains("severity=\\\"page\\\"");
        assertThat(inhibit.path("target_matchers").toString()).contains("severity=\\\"warning\\\"");
        assertThat(inhibit.path("equal")).extracting(JsonNode::asText).containsExactly("component");
    }

    @Test
    void composeServicesArePinnedHealthCheckedAndMountOnlyWhatExists() throws Exception {
        JsonNode compose = YAML.readTree(REPO.resolve("docker-compose.yml").toFile());
        JsonNode services = compose.path("services");
        assertThat(names(services)).contains("promotiond", "prometheus", "alertmanager", "grafana");
        Set<String> declaredVolumes = names(compose.path("volumes"));
        Set<String> usedVolumes = new TreeSet<>();
        String kitSection = readmeKitSection();
        for (Iterator<Map.Entry<String, JsonNode>> it = services.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode s = e.getValue();
            if (s.has("build")) {
                assertThat(REPO.resolve(s.path("build").path("context").asText()).normalize()).as("%s build context", name)
                        .isEqualTo(REPO);
                assertThat(REPO.resolve(s.path("build").path("dockerfile").asText())).as("%s Dockerfile", name).isRegularFile();
            } else {
                assertThat(s.path("image").asText()).as("%s image is pinned", name)
                        .matches("[a-z0-9./-]+:[A-Za-z0-9._-]+").doesNotEndWith(":latest");
            }
            // every service of the kit is a server: it gets a health check
            assertThat(s.path("healthcheck").path("test").size()).as("%s health check", name).isPositive();
            for (JsonNode v : s.path("volumes")) {
                String source = v.asText().split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    Path host = REPO.resolve(source).normalize();
                    assertThat(host).as("%s mounts %s from the repository", name, source).startsWith(REPO).exists();
                } else {
                    assertThat(declaredVolumes).as("%s mounts the declared volume %s", name, source).contains(source);
                    usedVolumes.add(source);
                }
            }
            for (JsonNode p : s.path("ports")) {
                String[] parts = p.asText().split(":");
                assertThat(parts).as("%s publishes %s on loopback only", name, p.asText()).hasSize(3);
                assertThat(parts[0]).isEqualTo("127.0.0.1");
                assertThat(kitSection).as("README documents port %s", parts[1]).contains(parts[1]);
            }
        }
        assertThat(usedVolumes).as("named volumes in use").isEqualTo(declaredVolumes)
                .contains("promotiond-data", "prometheus-data");
        // Hosts named in the promotiond command, prometheus.yml and alertmanager.yml are compose services.
        String referenced = String.join("\n", services.path("promotiond").path("command").toString(),
                Files.readString(PROMETHEUS.resolve("prometheus.yml")), Files.readString(PROMETHEUS.resolve("alertmanager.yml")));
        Matcher hosts = Pattern.compile("\\b([a-z][a-z0-9-]*):(\\d{2,5})\\b").matcher(referenced);
        int found = 0;
        while (hosts.find()) {
            found++;
            assertThat(names(services)).as("%s names a compose service", hosts.group()).contains(hosts.group(1));
        }
        assertThat(found).isGreaterThanOrEqualTo(5);
    }

    @Test
    void dockerfileBuildsInTwoStagesAndRunsAsNonRootWithAHealthCheck() throws Exception {
        List<String> lines = Files.readAllLines(REPO.resolve("daemon/Dockerfile")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).hasSize(2);
        assertThat(froms.get(0)).startsWith("FROM maven:3.9").contains("eclipse-temurin-17").endsWith(" AS build");
        assertThat(froms.get(1)).matches("FROM eclipse-temurin:17\\.\\d+\\.\\d+[._0-9]*-jre\\S*");
        List<String> runtime = lines.subList(lines.indexOf(froms.get(1)), lines.size());
        List<String> users = runtime.stream().filter(l -> l.startsWith("USER ")).toList();
        assertThat(users).hasSize(1);
        assertThat(users.get(0).substring(5).split(":")[0]).isNotIn("root", "0");
        assertThat(runtime).anyMatch(l -> l.startsWith("HEALTHCHECK ") && l.contains("--interval"));
        assertThat(runtime).anyMatch(l -> l.startsWith("EXPOSE ") && l.contains("9400") && l.contains("9401"));
        assertThat(runtime).contains("ENTRYPOINT [\"java\", \"-jar\", \"/opt/promotiond/promotiond.jar\"]");
        // the build context is the repository root: every copied path must exist there
        for (String l : lines) {
            if (l.startsWith("COPY ") && !l.contains("--from=")) {
                String[] parts = l.split("\\s+");
                assertThat(REPO.resolve(parts[1])).as("%s copies an existing path", l).exists();
            }
        }
    }

    /**
     * A demo daemon (like the compose service, on loopback) scraped by the real Prometheus with the
     * shipped prometheus.yml, only host names and intervals rewritten for a test.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class LiveDemo {
        Path dir;
        Process prometheus;
        RunningDemo running;
        Demo demo;
        Daemon daemon;
        URI daemonUrl;
        URI prometheusUrl;

        @BeforeAll
        void start(@TempDir Path tempDir) throws Exception {
            dir = tempDir;
            int prometheusPort = LocalProcesses.freePort();
            prometheusUrl = URI.create("http://127.0.0.1:" + prometheusPort);
            running = RunningDemo.start(dir, null, prometheusUrl,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            demo = running.demo();
            daemon = running.daemon();
            daemonUrl = URI.create("http://127.0.0.1:" + daemon.port());

            Path config = Files.createDirectories(dir.resolve("prometheus"));
            Files.copy(PROMETHEUS.resolve("alerts.yml"), config.resolve("alerts.yml"));
            Files.writeString(config.resolve("prometheus.yml"), Files.readString(PROMETHEUS.resolve("prometheus.yml"))
                    .replace("promotiond:9400", "127.0.0.1:" + daemon.port())
                    .replace("promotiond:9401", "127.0.0.1:" + demo.endpointPort())
                    .replace("alertmanager:9093", "127.0.0.1:" + LocalProcesses.freePort())
                    .replace("_interval: 15s", "_interval: 1s"));
            prometheus = new ProcessBuilder(tool("prometheus"), "--config.file=" + config.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort,
                    "--log.level=warn")
                    .directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            RealPrometheus.await("Prometheus ready", RealPrometheus.READY_TIMEOUT,
                    () -> prometheus.isAlive() && LocalProcesses.status(prometheusUrl.resolve("/-/ready")) == 200);
        }

        @AfterAll
        void stop() throws Exception {
            if (prometheus != null) {
                LocalProcesses.stop(prometheus);
            }
            if (running != null) {
                running.close();
            }
        }

        @Test
        void shippedScrapeConfigGivesEachDemoComponentTheJobTheDaemonQueries() throws Exception {
            for (String job : List.of("promotiond", "catalog-db", "catalog-api", "checkout-api", "search-api",
                    "billing-worker", "legacy-reports", "recommender")) {
                RealPrometheus.await("up{job=\"" + job + "\"} == 1", Duration.ofSeconds(60),
                        () -> "1".equals(instantValue("up{job=\"" + job + "\"}")));
            }
            RealPrometheus.await("catalog-api's request rate known to the daemon", Duration.ofSeconds(60), () ->
                    metrics().contains("promotiond_sli_known{component=\"catalog-api\",sli=\"request_rate\"} 1.0"));
            assertThat(metrics()).contains("promotiond_source_up{source=\"prometheus\"} 1.0");
        }

        @Test
        void liveMetricsPassPromtoolLintAndHoldEveryMetricTheAlertsUse() throws Exception {
            String scrape = metrics();
            Path file = dir.resolve("scrape.txt");
            Files.writeString(file, scrape);
            Process promtool = new ProcessBuilder(tool("promtool"), "check", "metrics")
                    .redirectInput(file.toFile()).redirectErrorStream(true).start();
            String lint = finish(promtool, "promtool check metrics");
            assertThat(promtool.exitValue()).as("promtool check metrics said:\n" + lint).isZero();
            assertThat(lint.strip()).as("lint problems").isEmpty();

            Set<String> used = new LinkedHashSet<>();
            Matcher m = Pattern.compile("promotiond_[a-z_]+").matcher(
                    String.join("\n", alertRules().stream().map(a -> a.path("expr").asText()).toList()));
            while (m.find()) {
                used.add(m.group());
            }
            assertThat(used).hasSizeGreaterThanOrEqualTo(4);
            for (String metric : used) {
                assertThat(scrape).as("/metrics exports %s", metric).containsPattern("(?m)^" + metric + "[{ ]");
            }
        }

        private String metrics() {
            try {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(daemonUrl.resolve("/metrics"))
                        .header("Accept", "text/plain").timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                return r.body();
            } catch (IOException e) {
                throw new AssertionError("cannot scrape the daemon", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** The single value of an instant query, or null when it returns no (or several) series. */
        private String instantValue(String promql) {
            try {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(prometheusUrl.resolve(
                        "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode result = JSON.readTree(r.body()).path("data").path("result");
                return result.size() == 1 ? result.get(0).path("value").get(1).asText() : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    static List<JsonNode> alertRules() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : YAML.readTree(PROMETHEUS.resolve("alerts.yml").toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    rules.add(rule);
                }
            }
        }
        return rules;
    }

    static String readmeKitSection() throws IOException {
        String readme = Files.readString(REPO.resolve("README.md"));
        int start = readme.indexOf("## The observability kit");
        assertThat(start).as("README has the observability kit section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 3);
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }

    static Set<String> names(JsonNode map) {
        Set<String> names = new TreeSet<>();
        map.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Runs a tool from PATH (installed by .ci/run) and returns its output; a non-zero exit fails the test. */
    static String assertSucceeds(String... command) throws Exception {
        command[0] = tool(command[0]);
        Process p = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true).start();
        String out = finish(p, String.join(" ", command));
        assertThat(p.exitValue()).as("%s said:%n%s", String.join(" ", command), out).isZero();
        return out;
    }

    /** Reads the output and waits for the exit, both bounded by {@link #TOOL_TIMEOUT}. */
    static String finish(Process p, String what) throws Exception {
        p.getOutputStream().close();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.append("(output unreadable: ").append(e.getMessage()).append(')');
            }
        });
        reader.start();
        if (!p.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(what + " did not finish within " + TOOL_TIMEOUT);
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        return out.toString();
    }

    /** The absolute path of a program on PATH; a missing one fails loudly, never skips. */
    static String tool(String name) {
        return LocalProcesses.binary(name.equals("amtool") ? "prometheus-alertmanager" : "prometheus", name).toString();
    }


}

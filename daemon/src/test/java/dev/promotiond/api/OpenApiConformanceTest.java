package dev.promotiond.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promotiond.app.Daemon;
import dev.promotiond.clock.ManualClock;
import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.evidence.Intake;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.probe.ProbeScheduler;
import dev.promotiond.store.ActionStore;
import dev.promotiond.testing.FakeEndpoints;
import dev.promotiond.testing.OneComponentDaemon;
import dev.promotiond.testing.PassingEvidence;
import dev.promotiond.testing.RulesCopy;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served OpenAPI description against a real daemon on port 0: every route is documented, every
 * documented route answers, and every answer — successes and errors, before and after the first
 * evaluation — has a documented status and a body that conforms to its schema, with no field the
 * description does not name.
 */
class OpenApiConformanceTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String TOKEN = "conformance-token";
    /** Answers no request here can provoke: a stalled body, an oversized one, a bug, a full disk. */
    static final Set<String> NOT_PROVOKED = Set.of("408", "413", "500", "507");

    @TempDir
    Path dir;
    FakeEndpoints endpoints;
    ManualClock clock;
    HttpHealthProbe probe;
    DaemonConfig config;
    Daemon daemon;
    Path rules;
    String url;
    final CountDownLatch compileMayRun = new CountDownLatch(1);
    OneComponentDaemon served;

    @BeforeEach
    void start() throws Exception {
        endpoints = new FakeEndpoints();
        endpoints.add("svc");
        rules = RulesCopy.into(dir.resolve("rules"));
        clock = new ManualClock(Instant.parse("2026-11-20T00:00:00Z"));
        served = OneComponentDaemon.in(dir).rules(rules).token(TOKEN).stage("Staging").health(endpoints.url("svc"))
                .moreComponents("""
                          - name: lib
                            group: Tests
                            stage: Development
                        """)
                .clock(clock)
                .compiledBy(() -> {
                    compileMayRun.await(60, TimeUnit.SECONDS);
                    return DroolsRuleEngine.compile(rules);
                })
                .write();
        config = served.config();
        url = served.start();
        daemon = served.daemon();
        probe = served.probe();
    }

    @AfterEach
    void stop() {
        compileMayRun.countDown();
        served.close();
        endpoints.close();
    }

    static OpenApiDescription served(String base) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return new OpenApiDescription(r.body());
    }

    HttpResponse<byte[]> send(String method, String path, String token, String contentType, byte[] body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        // a new client each time: the daemon closes the connection after refusing a write, and a pooled
        // connection it closed would fail the next request
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] multipart(String boundary, String version, String kind, String fileName, String content) {
        String b = "--" + boundary + "\r\n";
        return utf8(b + "Content-Disposition: form-data; name=\"version\"\r\n\r\n" + version + "\r\n"
                + b + "Content-Disposition: form-data; name=\"kind\"\r\n\r\n" + kind + "\r\n"
                + b + "Content-Disposition: form-data; name=\"commit\"\r\n\r\nabc123\r\n"
                + b + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: application/xml\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n");
    }

    @Test
    void everyRouteAnswersAsDocumentedBeforeAndAfterTheFirstEvaluation() throws Exception {
        OpenApiDescription api = served(url);
        String json = "application/json";
        String deployment = "{\"stage\": \"Staging\", \"version\": \"1.0.0\", \"type\": \"deployment\"}";

        // before the first evaluation: the rules are still compiling
        api.check("GET", "/", send("GET", "/", null, null, null));
        api.check("GET", "/healthz", send("GET", "/healthz", null, null, null));
        api.check("GET", "/readyz", send("GET", "/readyz", null, null, null));
        api.check("GET", "/api/v1/components", send("GET", "/api/v1/components", null, null, null));
        api.check("GET", "/api/v1/components/{name}", send("GET", "/api/v1/components/svc", null, null, null));
        api.check("GET", "/api/v1/components/{name}/readiness",
                send("GET", "/api/v1/components/svc/readiness?target=staging", null, null, null));
        api.check("GET", "/api/v1/components/{name}/history", send("GET", "/api/v1/components/svc/history", null, null, null));
        api.check("GET", "/api/v1/components/{name}/evidence", send("GET", "/api/v1/components/svc/evidence", null, null, null));
        api.check("POST", "/api/v1/components/{name}/evidence", send("POST", "/api/v1/components/svc/evidence?version=1.0.0&kind=unit&file=junit.xml",
                TOKEN, "application/xml", utf8(PassingEvidence.JUNIT)));
        api.check("POST", "/api/v1/components/{name}/deployments",
                send("POST", "/api/v1/components/svc/deployments", TOKEN, json, utf8(deployment)));
        api.check("POST", "/api/v1/components/{name}/hold/clear",
                send("POST", "/api/v1/components/svc/hold/clear", TOKEN, null, null));
        assertThat(api.seen()).contains("get /readyz 503", "get /api/v1/components 503", "get / 503");

        compileMayRun.countDown();
        daemon.started().get(60, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            ProbeScheduler.probeAndWait(probe, config.components(), o -> daemon.observations().observe(o), Duration.ofSeconds(10));
            clock.advance(Duration.ofSeconds(10));
        }
        ActionStore actions = new ActionStore(daemon.store());
        actions.log(clock.instant(), "alert", "svc", "ComponentDown", "sent", "severity=page", Duration.ofMillis(120));
        actions.hold("svc", "0.9.0", clock.instant(), "rolled back");

        // writes, then reads that show what they stored
        String boundary = "conformance-boundary";
        api.check("POST", "/api/v1/components/{name}/evidence", send("POST", "/api/v1/components/svc/evidence", TOKEN,
                "multipart/form-data; boundary=" + boundary, multipart(boundary, "1.0.0", "unit", "junit.xml", PassingEvidence.JUNIT)));
        api.check("POST", "/api/v1/components/{name}/evidence", send("POST", "/api/v1/components/svc/evidence?version=1.0.0&kind=coverage&file=coverage.xml",
                TOKEN, "application/xml", utf8(PassingEvidence.COBERTURA)));
        api.check("POST", "/api/v1/components/{name}/evidence", send("POST", "/api/v1/components/svc/evidence?kind=unit",
                TOKEN, "application/xml", utf8(PassingEvidence.JUNIT)));
        api.check("POST", "/api/v1/components/{name}/evidence", send("POST", "/api/v1/components/svc/evidence?version=1.0.0&kind=unit",
                null, "application/xml", utf8(PassingEvidence.JUNIT)));
        api.check("POST", "/api/v1/components/{name}/evidence", send("POST", "/api/v1/components/nope/evidence?version=1.0.0&kind=unit",
                TOKEN, "application/xml", utf8(PassingEvidence.JUNIT)));
        api.check("POST", "/api/v1/components/{name}/deployments",
                send("POST", "/api/v1/components/svc/deployments", TOKEN, json, utf8(deployment)));
        api.check("POST", "/api/v1/components/{name}/deployments",
                send("POST", "/api/v1/components/svc/deployments", TOKEN, json, utf8("{\"stage\": \"Staging\", \"colour\": 1}")));
        api.check("POST", "/api/v1/components/{name}/deployments",
                send("POST", "/api/v1/components/svc/deployments", "wrong", json, utf8(deployment)));
        api.check("POST", "/api/v1/components/{name}/deployments",
                send("POST", "/api/v1/components/nope/deployments", TOKEN, json, utf8(deployment)));
        daemon.evaluations().evaluate();

        api.check("GET", "/", send("GET", "/", null, null, null));
        api.check("GET", "/healthz", send("GET", "/healthz", null, null, null));
        api.check("GET", "/readyz", send("GET", "/readyz", null, null, null));
        api.check("GET", "/metrics", send("GET", "/metrics", null, null, null));
        api.check("GET", "/api/v1/openapi.json", send("GET", "/api/v1/openapi.json", null, null, null));
        JsonNode list = api.check("GET", "/api/v1/components", send("GET", "/api/v1/components", null, null, null));
        assertThat(list.path("items")).hasSize(2);
        JsonNode first = api.check("GET", "/api/v1/components", send("GET", "/api/v1/components?limit=1", null, null, null));
        assertThat(first.path("next").isTextual()).isTrue();
        api.check("GET", "/api/v1/components", send("GET", "/api/v1/components?limit=1&cursor="
                + first.path("next").asText(), null, null, null));
        api.check("GET", "/api/v1/components", send("GET", "/api/v1/components?cursor=nope", null, null, null));
        api.check("GET", "/api/v1/components/{name}/history", send("GET", "/api/v1/components/svc/history?limit=0", null, null, null));
        for (String name : List.of("svc", "lib")) {
            JsonNode detail = api.check("GET", "/api/v1/components/{name}", send("GET", "/api/v1/components/" + name, null, null, null));
            assertThat(detail.path("name").asText()).isEqualTo(name);
            api.check("GET", "/api/v1/components/{name}", send("GET", "/api/v1/components/" + name + "?explain=true", null, null, null));
            for (String target : List.of("staging", "production")) {
                for (String explain : List.of("", "&explain=true")) {
                    api.check("GET", "/api/v1/components/{name}/readiness",
                            send("GET", "/api/v1/components/" + name + "/readiness?target=" + target + explain, null, null, null));
                }
            }
            api.check("GET", "/api/v1/components/{name}/history", send("GET", "/api/v1/components/" + name + "/history", null, null, null));
            api.check("GET", "/api/v1/components/{name}/evidence", send("GET", "/api/v1/components/" + name + "/evidence", null, null, null));
        }
        JsonNode svc = api.check("GET", "/api/v1/components/{name}", send("GET", "/api/v1/components/svc", null, null, null));
        assertThat(svc.path("soak").isObject()).as("the soak is documented with a real value").isTrue();
        assertThat(svc.path("lastProbe").isObject()).isTrue();
        JsonNode evidence = api.check("GET", "/api/v1/components/{name}/evidence",
                send("GET", "/api/v1/components/svc/evidence?limit=10", null, null, null));
        assertThat(evidence.path("items")).isNotEmpty();
        JsonNode history = api.check("GET", "/api/v1/components/{name}/history", send("GET", "/api/v1/components/svc/history", null, null, null));
        assertThat(history.path("items")).isNotEmpty();
        api.check("GET", "/api/v1/components/{name}", send("GET", "/api/v1/components/svc?explain=maybe", null, null, null));
        api.check("GET", "/api/v1/components/{name}", send("GET", "/api/v1/components/nope", null, null, null));
        api.check("GET", "/api/v1/components/{name}/readiness", send("GET", "/api/v1/components/svc/readiness", null, null, null));
        api.check("GET", "/api/v1/components/{name}/readiness", send("GET", "/api/v1/components/svc/readiness?target=dev", null, null, null));
        api.check("GET", "/api/v1/components/{name}/readiness", send("GET", "/api/v1/components/nope/readiness?target=staging", null, null, null));
        api.check("GET", "/api/v1/components/{name}/history", send("GET", "/api/v1/components/nope/history", null, null, null));
        api.check("GET", "/api/v1/components/{name}/evidence", send("GET", "/api/v1/components/svc/evidence?limit=0", null, null, null));
        api.check("GET", "/api/v1/components/{name}/evidence", send("GET", "/api/v1/components/nope/evidence", null, null, null));

        JsonNode logged = api.check("GET", "/api/v1/actions", send("GET", "/api/v1/actions?component=svc&limit=5", null, null, null));
        assertThat(logged.path("items")).isNotEmpty();
        api.check("GET", "/api/v1/actions", send("GET", "/api/v1/actions?limit=many", null, null, null));
        JsonNode cleared = api.check("POST", "/api/v1/components/{name}/hold/clear",
                send("POST", "/api/v1/components/svc/hold/clear", TOKEN, null, null));
        assertThat(cleared.path("cleared")).isNotEmpty();
        api.check("POST", "/api/v1/components/{name}/hold/clear", send("POST", "/api/v1/components/svc/hold/clear", null, null, null));
        api.check("POST", "/api/v1/components/{name}/hold/clear", send("POST", "/api/v1/components/nope/hold/clear", TOKEN, null, null));
        api.check("POST", "/api/v1/components/{name}/hold/clear",
                send("POST", "/api/v1/components/svc/hold/clear?version=", TOKEN, null, null));

        api.check("GET", "/api/v1/rules", send("GET", "/api/v1/rules", null, null, null));
        api.check("POST", "/api/v1/rules/reload", send("POST", "/api/v1/rules/reload", TOKEN, null, null));
        api.check("POST", "/api/v1/rules/reload", send("POST", "/api/v1/rules/reload", null, null, null));
        Files.writeString(rules.resolve("broken.drl"), "package dev.promotiond.rules;\nrule \"broken\" when then nonsense( end\n");
        JsonNode failed = api.check("POST", "/api/v1/rules/reload", send("POST", "/api/v1/rules/reload", TOKEN, null, null));
        assertThat(failed.path("errors")).isNotEmpty();
        api.check("GET", "/api/v1/rules", send("GET", "/api/v1/rules", null, null, null));
        Files.delete(rules.resolve("broken.drl"));

        // a bad pretty is refused by every JSON route (the status page ignores it)
        for (String path : List.of("/healthz", "/readyz", "/api/v1/openapi.json", "/api/v1/rules")) {
            api.check("GET", path, send("GET", path + "?pretty=maybe", null, null, null));
        }
        api.check("POST", "/api/v1/rules/reload", send("POST", "/api/v1/rules/reload?pretty=maybe", TOKEN, null, null));

        forbiddenWithoutAToken(api);

        Set<String> missing = new TreeSet<>(api.documented());
        missing.removeAll(api.seen());
        missing.removeIf(a -> NOT_PROVOKED.contains(a.substring(a.lastIndexOf(' ') + 1)));
        missing.remove("get /api/v1/actions 503");  // only a store that cannot be read answers it
        missing.remove("post /api/v1/components/{name}/hold/clear 409");  // two holds: HoldClearCommandTest
        assertThat(missing).as("documented answers this test never saw").isEmpty();
    }

    /** A listener without a configured token refuses every POST with 403, before reading a body. */
    void forbiddenWithoutAToken(OpenApiDescription api) throws Exception {
        Intake intake = new NoIntake();
        try (ApiServer open = ApiServer.start("127.0.0.1", 0, HttpLimits.DEFAULTS, new PrometheusRegistry(),
                daemon::last, daemon.store(), new ActionStore(daemon.store()), null, c -> List.of(), intake,
                new NoRules(), null, null)) {
            String saved = url;
            url = "http://127.0.0.1:" + open.port();
            try {
                api.check("POST", "/api/v1/components/{name}/evidence",
                        send("POST", "/api/v1/components/svc/evidence?version=1&kind=unit", TOKEN, "application/xml", utf8("x")));
                api.check("POST", "/api/v1/components/{name}/deployments",
                        send("POST", "/api/v1/components/svc/deployments", TOKEN, "application/json", utf8("{}")));
                api.check("POST", "/api/v1/components/{name}/hold/clear",
                        send("POST", "/api/v1/components/svc/hold/clear", TOKEN, null, null));
                api.check("POST", "/api/v1/rules/reload", send("POST", "/api/v1/rules/reload", TOKEN, null, null));
            } finally {
                url = saved;
            }
        }
    }

    @Test
    void everyRouteTheRouterServesIsDocumentedAndEveryDocumentedRouteIsServed() throws Exception {
        OpenApiDescription api = new OpenApiDescription(OpenApiRoute.load());
        List<Route> routes = ApiServer.routes(new AnswerCache(() -> null), () -> null, null, null, c -> List.of(),
                new NoIntake(), new NoRules(), () -> null);
        List<String> documented = new ArrayList<>();
        for (Iterator<String> it = api.doc.path("paths").fieldNames(); it.hasNext(); ) {
            String template = it.next();
            api.doc.path("paths").path(template).fieldNames().forEachRemaining(m -> documented.add(m + " " + template));
        }
        List<String> undocumented = new ArrayList<>();
        for (Route r : routes) {
            boolean found = documented.stream().anyMatch(d -> matches(r, d));
            if (!found) {
                undocumented.add(r.method() + " " + r.path().pattern());
            }
        }
        assertThat(undocumented).as("routes the router serves but the description lacks").isEmpty();
        List<String> unserved = new ArrayList<>();
        for (String d : documented) {
            // /metrics is client_java's context beside the router; the conformance test requests it
            if (!d.equals("get /metrics") && routes.stream().noneMatch(r -> matches(r, d))) {
                unserved.add(d);
            }
        }
        assertThat(unserved).as("documented routes the router does not serve").isEmpty();
    }

    private static boolean matches(Route r, String documented) {
        String method = documented.substring(0, documented.indexOf(' '));
        String sample = documented.substring(documented.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "sample");
        return r.method().equalsIgnoreCase(method) && r.path().matcher(sample).matches();
    }

    @Test
    void everyObjectSchemaRefusesUndocumentedFields() {
        OpenApiDescription api = new OpenApiDescription(OpenApiRoute.load());
        assertThat(api.openObjects()).isEmpty();
        ObjectNode health = OpenApiDescription.JSON.createObjectNode().put("status", "ok").putNull("evaluatedAt");
        String pointer = "/paths/~1healthz/get/responses/200/content/application~1json/schema";
        assertThat(api.validate(pointer, health)).isEmpty();
        assertThat(api.validate(pointer, health.deepCopy().put("uptime", 3))).as("an undocumented field").isNotEmpty();
        assertThat(api.validate(pointer, health.deepCopy().put("status", 3))).as("a wrong type").isNotEmpty();
    }

    /**
     * Hand-made components the live daemon does not produce (a last probe with no reason, a drifted
     * stage, an at-risk soak, hostile text) render as the document says.
     */
    @Test
    void unusualComponentsRenderAsDocumented() {
        OpenApiDescription api = new OpenApiDescription(OpenApiRoute.load());
        Evaluation e = StatusPageTest.evaluation();
        for (ComponentStatus c : e.components()) {
            JsonNode detail = OpenApiDescription.JSON.valueToTree(ComponentDetail.of(c, e, true));
            assertThat(api.validate("/components/schemas/ComponentDetail", detail)).as(c.name()).isEmpty();
        }
        JsonNode alpha = OpenApiDescription.JSON.valueToTree(
                ComponentDetail.of(e.component("alpha-api").orElseThrow(), e, false));
        assertThat(alpha.path("lastProbe").path("reason").isNull()).as("the case this guards").isTrue();
    }

    /** Intake and rules that are never asked: routes are listed, not called. */
    static final class NoIntake implements Intake {
        @Override
        public dev.promotiond.evidence.EvidenceBook.Accepted evidence(String component, String version, String commit,
                                                                     String kind, List<dev.promotiond.evidence.EvidenceBook.Upload> files) {
            throw new AssertionError("not called");
        }

        @Override
        public List<dev.promotiond.store.EvidenceStore.Stored> evidenceLog(String component, long beforeId, int limit) {
            throw new AssertionError("not called");
        }

        @Override
        public dev.promotiond.store.HistoryEvent deploy(String component, String stage, String version, String type,
                                                         Instant at) {
            throw new AssertionError("not called");
        }
    }

    static final class NoRules implements RulesControl {
        @Override
        public State state() {
            throw new AssertionError("not called");
        }

        @Override
        public State reload() {
            throw new AssertionError("not called");
        }
    }
}

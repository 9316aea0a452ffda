package dev.promotiond.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.TargetStatus;
import dev.promotiond.facts.Component;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.CriterionState;
import dev.promotiond.facts.Readiness;
import dev.promotiond.facts.Soak;
import dev.promotiond.facts.SoakState;
import dev.promotiond.facts.SoakVerdict;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.StageRecord;
import dev.promotiond.facts.Breach;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.LedgerView;
import dev.promotiond.store.StoredAlert;
import dev.promotiond.store.Store;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusPageTest {
    static final Instant NOW = Instant.parse("2026-11-08T12:00:00Z");
    static final String HOSTILE_VERSION = "1.0\"><script>alert('v')</script>&amp;";
    static final String HOSTILE_NAME = "evil<b>&\"api'";
    static final String HOSTILE_GROUP = "R&D <team>";
    static final String HOSTILE_REASON = "p95 <img src=x onerror=alert(1)> & \"quoted\"";

    @Test
    void escapeReplacesEveryCharacterThatCanBreakOutOfTextOrAnAttribute() {
        assertThat(StatusPage.escape(HOSTILE_VERSION))
                .isEqualTo("1.0&quot;&gt;&lt;script&gt;alert(&#39;v&#39;)&lt;/script&gt;&amp;amp;");
        assertThat(StatusPage.escape("plain 1.2.3-rc1")).isEqualTo("plain 1.2.3-rc1");
        assertThat(StatusPage.escape(null)).isEmpty();
        assertThat(StatusPage.escape("")).isEmpty();
    }

    @Test
    void pageGroupsComponentsByGroupAndSortsThemByName() {
        String html = StatusPage.render(evaluation());
        assertThat(html).containsSubsequence("<h2>Catalog</h2>", "<h3>alpha-api</h3>", "<h3>zeta-api</h3>",
                "<h2>R&amp;D &lt;team&gt;</h2>", "<h3>evil&lt;b&gt;&amp;&quot;api&#39;</h3>", "<h2>Ungrouped</h2>",
                "<h3>loose-api</h3>");
    }

    @Test
    void pageShowsStatesAsWordsSoakProgressCriteriaDriftAndCounts() {
        String html = StatusPage.render(evaluation());
        assertThat(html)
                .contains("<meta http-equiv=\"refresh\" content=\"10\">")
                .contains("Evaluated at <time datetime=\"2026-11-08T12:00:00Z\">2026-11-08T12:00:00Z</time>")
                .contains("ready</span> 2", "not ready</span> 1", "unknown</span> 4")
                .contains("<progress max=\"604800\" value=\"442800\">")
                .contains("5d 3h of 7d")
                .contains("at risk</span>")
                .contains("error budget 60.32% left (20m of 50m 24s spent)")
                .contains("stage drift</span> declared Staging (config), recorded Production")
                .contains("<details>", "<summary>Production: ")
                .contains("<td>99.1%</td><td>≥ 99.5%</td>")
                .contains("href=\"/api/v1/components/alpha-api\"")
                .contains("href=\"/api/v1/components/alpha-api/readiness?target=production\"")
                .contains("Soak: <span class=\"muted\">none (not probed)</span>");
        assertThat(html).containsSubsequence("<h3>alpha-api</h3>", "Staging: <span class=\"s ready\">",
                "Production: <span class=\"s not_ready\">");
    }

    @Test
    void aComponentAlreadyAtTheTargetIsNotApplicableAndNotCountedAsReady() {
        Evaluation e = new Evaluation(NOW, Duration.ofMillis(5), List.of(
                component("live-api", "Catalog", "3.0.0", Readiness.NOT_APPLICABLE, Readiness.NOT_APPLICABLE),
                component("next-api", "Catalog", "1.0.0", Readiness.NOT_APPLICABLE, Readiness.READY)));
        String html = StatusPage.render(e);
        assertThat(html).contains("ready</span> 1", "not ready</span> 0", "unknown</span> 0", "not applicable</span> 3")
                .contains("→ Production: <span class=\"s not_applicable\"><span aria-hidden=\"true\">– </span>"
                        + "not applicable</span>");
        assertThat(html).containsSubsequence("<h3>live-api</h3>", "Staging: <span class=\"s not_applicable\">",
                "Production: <span class=\"s not_applicable\">", "<h3>next-api</h3>", "Production: <span class=\"s ready\">");
    }

    @Test
    void hostileNamesVersionsGroupsAndReasonsAreEscapedEverywhere() {
        String html = StatusPage.render(evaluation());
        assertThat(html).doesNotContain("<script", "<img", "onerror=alert(1)>", "<b>&", "<team>");
        assertThat(html).contains("<code>1.0&quot;&gt;&lt;script&gt;alert(&#39;v&#39;)&lt;/script&gt;&amp;amp;</code>")
                .contains("p95 &lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;")
                .contains("href=\"/api/v1/components/evil%3Cb%3E%26%22api%27\"");
    }

    @Test
    void pageNeedsNoScriptAndLoadsNothingFromElsewhere() {
        for (String html : List.of(StatusPage.render(evaluation()), StatusPage.render(troubled(), Attention.NONE),
                StatusPage.starting())) {
            String lower = html.toLowerCase(java.util.Locale.ROOT);
            assertThat(lower).doesNotContain("<script", "<link", "<iframe", "<img", "@import", "url(");
            assertThat(lower).as("no tag loads anything").doesNotContainPattern("<[^>]*\\ssrc=");
            assertThat(lower).as("no event handlers").doesNotContainPattern("<[^>]*\\son\\w+=");
            assertThat(lower).as("every link stays on this server").doesNotContainPattern("<[^>]*\\shref=\"(?!/[^/])");
        }
    }

    @Test
    void beforeTheFirstEvaluationTheRootAnswers503WithAStartingPage(@TempDir Path dir) throws Exception {
        AtomicReference<Evaluation> last = new AtomicReference<>();
        HttpClient http = HttpClient.newHttpClient();
        try (Store store = Store.open(dir.resolve("s.db"));
             ApiServer server = ApiServer.start("127.0.0.1", 0, new PrometheusRegistry(), last::get, store)) {
            URI root = URI.create("http://127.0.0.1:" + server.port() + "/");
            HttpResponse<String> starting = http.send(HttpRequest.newBuilder(root).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(starting.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(starting.body()).contains("promotiond is starting").contains("http-equiv=\"refresh\"");

            last.set(evaluation());
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(root).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                    csp -> assertThat(csp).contains("default-src 'none'").doesNotContain("script-src"));
            assertThat(page.body()).startsWith("<!DOCTYPE html>").contains("<h3>alpha-api</h3>");

            HttpResponse<String> head = http.send(HttpRequest.newBuilder(root)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(head.body()).isEmpty();
        }
    }

    @Test
    void otherPathsKeepAnsweringJson(@TempDir Path dir) throws Exception {
        AtomicReference<Evaluation> last = new AtomicReference<>(evaluation());
        HttpClient http = HttpClient.newHttpClient();
        try (Store store = Store.open(dir.resolve("s.db"));
             ApiServer server = ApiServer.start("127.0.0.1", 0, new PrometheusRegistry(), last::get, store)) {
            String base = "http://127.0.0.1:" + server.port();
            for (Map.Entry<String, Integer> p : Map.of("/healthz", 200, "/api/v1/components", 200,
                    "/nope", 404, "/index.html", 404).entrySet()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + p.getKey())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(p.getKey()).isEqualTo(p.getValue());
                assertThat(r.headers().firstValue("Content-Type")).as(p.getKey())
                        .hasValue("application/json; charset=utf-8");
            }
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.body()).contains("\"error\"");
        }
    }

    @Test
    void attentionListsActiveAlertsBreachesHoldsAndDownProbesAboveTheHealthTable(@TempDir Path dir) {
        try (Store store = Store.open(dir.resolve("s.db"))) {
            ActionStore actions = new ActionStore(store);
            actions.saveAlert(new StoredAlert("f1", "PromotionSoakAtRisk", "zeta-api", """
                    {"labels":{"alertname":"PromotionSoakAtRisk","component":"zeta-api","severity":"warning"},
                     "annotations":{"summary":"at risk"}}""", NOW.minusSeconds(60), NOW, true));
            actions.saveAlert(new StoredAlert("f2", "PromotionSoakFailed", "alpha-api", """
                    {"labels":{"alertname":"PromotionSoakFailed","component":"alpha-api","severity":"page"},
                     "annotations":{"summary":"Soak of alpha-api failed","description":"budget spent"},
                     "missingSince":"2026-11-08T11:50:00Z","missingReason":"probes stopped"}""",
                    NOW.minusSeconds(600), NOW, true));
            actions.hold("alpha-api", "2.4.0", NOW.minusSeconds(3600), "rolled back: p95 too slow");
            String html = StatusPage.render(troubled(), Attention.read(actions));
            int attention = html.indexOf("id=\"attention\"");
            assertThat(attention).isPositive().isLessThan(html.indexOf("id=\"health\""));
            assertThat(html.substring(attention, html.indexOf("</section>", attention))).contains("Needs attention (5)")
                    .containsSubsequence("page</span> <b>PromotionSoakFailed</b> for <b>alpha-api</b>",
                            "its data has been missing since", "Soak of alpha-api failed — budget spent",
                            "warning</span> <b>PromotionSoakAtRisk</b> for <b>zeta-api</b>",
                            "breach</span> <b>alpha-api</b> <code>2.4.1</code>: latency_p95_seconds 1.2 s, threshold ≤ 500 ms",
                            "held</span> <b>alpha-api</b> version <code>2.4.0</code> is held", "rolled back: p95 too slow",
                            "DOWN</span> <b>alpha-api</b> (Production): refused (connection refused)",
                            "last probe <time datetime=\"2026-11-08T11:59:30Z\">2026-11-08 11:59:30Z</time>"
                                    + " <span class=\"muted\">(30s ago)</span>");
            assertThat(html.substring(html.indexOf("id=\"health\""))).containsSubsequence(
                    "<th scope=\"row\">alpha-api</th><td>Production</td><td><code>2.4.1</code></td><td>",
                    "11:59:30Z</time>", "DOWN</span> refused (connection refused)", "<th scope=\"row\">evil");
        }
    }

    @Test
    void withNothingToAttendToTheTopSaysSoInGreen() {
        String html = StatusPage.render(evaluation(), Attention.NONE);
        assertThat(html).contains("<section class=\"attention clear\" id=\"attention\">",
                "Needs attention: nothing", "every", "not probed");
    }

    @Test
    void aStoreThatCannotBeReadIsShownAsUnknownNotAsNothingFiring(@TempDir Path dir) throws Exception {
        try (Store store = Store.open(dir.resolve("s.db"))) {
            ActionStore actions = new ActionStore(store);
            // another process broke the file under the daemon: its reads now fail
            try (java.sql.Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"));
                 java.sql.Statement st = other.createStatement()) {
                st.execute("ALTER TABLE active_alerts RENAME TO gone");
            }
            Attention a = Attention.read(actions);
            assertThat(a.unreadable()).contains("active_alerts");
            String html = StatusPage.render(evaluation(), a);
            assertThat(html).contains("Needs attention (1)", "Active alerts and holds are not known")
                    .doesNotContain("Needs attention: nothing");
        }
    }

    @Test
    void hostileAlertsHoldsAndProbeReasonsAreEscaped(@TempDir Path dir) {
        try (Store store = Store.open(dir.resolve("s.db"))) {
            ActionStore actions = new ActionStore(store);
            actions.saveAlert(new StoredAlert("f", "Page<i>", HOSTILE_NAME, """
                    {"labels":{"severity":"page"},"annotations":{"summary":"<script>x</script>",
                     "description":"%s"}}""".formatted(HOSTILE_REASON.replace("\"", "\\\"")), NOW, NOW, true));
            actions.hold(HOSTILE_NAME, HOSTILE_VERSION, NOW, HOSTILE_REASON);
            LedgerView down = new LedgerView(HOSTILE_NAME, HOSTILE_VERSION, List.of(), null, NOW, false, HOSTILE_REASON);
            ComponentStatus c = new ComponentStatus(config(HOSTILE_NAME, HOSTILE_GROUP), down, null, Map.of(), List.of(),
                    List.of(new Breach(HOSTILE_NAME, "<sli>", "<b>1</b>", "< 2", HOSTILE_REASON, "r", NOW, HOSTILE_VERSION)));
            String html = StatusPage.render(new Evaluation(NOW, Duration.ZERO, List.of(c)), Attention.read(actions));
            assertThat(html).doesNotContain("<script", "<img", "<i>", "<sli>", "<b>1</b>", "<b>&")
                    .contains("Page&lt;i&gt;", "&lt;script&gt;x&lt;/script&gt;", "p95 &lt;img src=x onerror=alert(1)&gt;",
                            "<code>1.0&quot;&gt;&lt;script&gt;");
            String lower = html.toLowerCase(java.util.Locale.ROOT);
            assertThat(lower).doesNotContainPattern("<[^>]*\\son\\w+=");
        }
    }

    /** alpha-api DOWN 30 s ago and breaching; the rest as in {@link #evaluation()}. */
    private static Evaluation troubled() {
        ComponentStatus a = alpha();
        LedgerView down = new LedgerView(a.name(), "2.4.1", List.of(), a.ledger().soak(), NOW.minusSeconds(30), false,
                "refused (connection refused)");
        Breach breach = new Breach(a.name(), "latency_p95_seconds", "1.2 s", "≤ 500 ms", "too slow", "sla",
                NOW.minusSeconds(40), "2.4.1");
        ComponentStatus troubled = new ComponentStatus(a.config(), down, a.soakVerdict(), a.targets(), a.slis(),
                List.of(breach), a.stage(), a.stageRecord(), a.evidence());
        return new Evaluation(NOW, Duration.ofMillis(5), List.of(troubled, evil(),
                component("zeta-api", "Catalog", "2.0.0", Readiness.READY, Readiness.UNKNOWN)));
    }

    /** Seven target verdicts: 2 ready, 1 not ready, 4 unknown; groups and names given out of order. */
    static Evaluation evaluation() {
        return new Evaluation(NOW, Duration.ofMillis(120), List.of(
                component("zeta-api", "Catalog", "2.0.0", Readiness.READY, Readiness.UNKNOWN),
                evil(),
                component("loose-api", "", null, Readiness.UNKNOWN, Readiness.UNKNOWN),
                alpha()));
    }

    private static ComponentStatus alpha() {
        String name = "alpha-api";
        Soak soak = new Soak(name, "2.4.1", Stage.STAGING, NOW.minusSeconds(450_000), 450_000, 737, 1, 600);
        SoakVerdict verdict = new SoakVerdict(name, SoakState.AT_RISK, 604_800, 3024, 1200, "burning fast", "soak-budget");
        LedgerView ledger = new LedgerView(name, "2.4.1", List.of(), soak, NOW, true, null);
        CriterionResult uptime = new CriterionResult(name, Stage.PRODUCTION, "uptime-7d", CriterionState.UNMET,
                "99.1%", "≥ 99.5%", "too many DOWN probes", "uptime-staging", NOW);
        CriterionResult order = new CriterionResult(name, Stage.STAGING, "stage-order", CriterionState.MET,
                "Staging", "≥ Development", "already there", "stage-order", null);
        StageRecord drift = new StageRecord(name, Stage.STAGING, "config", null, null, Stage.PRODUCTION, "2.4.1", NOW);
        return new ComponentStatus(config(name, "Catalog"), ledger, verdict,
                Map.of(Stage.PRODUCTION, new TargetStatus(Stage.PRODUCTION, Readiness.NOT_READY, List.of(uptime)),
                        Stage.STAGING, new TargetStatus(Stage.STAGING, Readiness.READY, List.of(order))),
                List.of(), List.of(), new Component(name, "Catalog", Stage.PRODUCTION, "2.4.1", List.of(), true, 600),
                drift, List.of());
    }

    private static ComponentStatus evil() {
        CriterionResult r = new CriterionResult(HOSTILE_NAME, Stage.PRODUCTION, "latency<p95>", CriterionState.UNKNOWN,
                "<b>?</b>", "≤ 200 ms & more", HOSTILE_REASON, "rule\"><x", null);
        return new ComponentStatus(config(HOSTILE_NAME, HOSTILE_GROUP), null, null,
                Map.of(Stage.PRODUCTION, new TargetStatus(Stage.PRODUCTION, Readiness.UNKNOWN, List.of(r))),
                List.of(), List.of(),
                new Component(HOSTILE_NAME, HOSTILE_GROUP, Stage.STAGING, HOSTILE_VERSION, List.of(), false, 0),
                null, List.of());
    }

    private static ComponentStatus component(String name, String group, String version, Readiness staging,
                                             Readiness production) {
        return new ComponentStatus(config(name, group), null, null,
                Map.of(Stage.STAGING, new TargetStatus(Stage.STAGING, staging, List.of()),
                        Stage.PRODUCTION, new TargetStatus(Stage.PRODUCTION, production, List.of())),
                List.of(), List.of(), new Component(name, group, Stage.STAGING, version, List.of(), false, 0),
                null, List.of());
    }

    private static ComponentConfig config(String name, String group) {
        return new ComponentConfig(name, group, Stage.STAGING, List.of(), null);
    }
}

package dev.promotiond.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.app.Daemon;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.facts.Readiness;
import dev.promotiond.facts.SoakState;
import dev.promotiond.facts.Stage;
import dev.promotiond.testing.RealAlertmanager;
import dev.promotiond.testing.RunningDemo;
import dev.promotiond.testing.WebhookReceiver;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {

    @Test
    void demoShowsReadyFailedAtRiskAndUnknownRightAtStart(@TempDir Path dir) throws Exception {
        try (RunningDemo running = RunningDemo.start(dir)) {
            Daemon daemon = running.daemon();
            Evaluation e = daemon.last();
            assertThat(e.component("catalog-api").orElseThrow().target(Stage.PRODUCTION).state()).isEqualTo(Readiness.READY);
            // catalog-db is already in Production: nothing to promote, never "ready"
            assertThat(e.component("catalog-db").orElseThrow().target(Stage.PRODUCTION).state())
                    .isEqualTo(Readiness.NOT_APPLICABLE);
            // catalog-api is ready on SLA evidence (the demo's synthetic traffic) and a visible alert-route waiver
            var toProduction = e.component("catalog-api").orElseThrow().target(Stage.PRODUCTION).criteria();
            assertThat(toProduction).filteredOn(c -> c.name().equals("latency-p95")).singleElement()
                    .satisfies(c -> assertThat(c.reason()).contains("within ≤ 500 ms (demo)"));
            assertThat(toProduction).filteredOn(c -> c.name().equals("error-ratio")).singleElement()
                    .satisfies(c -> assertThat(c.state()).isEqualTo(dev.promotiond.facts.CriterionState.MET));
            assertThat(toProduction).filteredOn(c -> c.name().equals("monitoring")).singleElement()
                    .satisfies(c -> assertThat(c.reason()).contains("health probe",
                            "alert route waived by policy: demo: no Alertmanager for Catalog"));
            // without SLA evidence the demo's SLIs would not be there: billing-worker has none and stays unknown
            assertThat(e.component("billing-worker").orElseThrow().target(Stage.PRODUCTION).criteria())
                    .filteredOn(c -> c.name().equals("latency-p95")).singleElement()
                    .satisfies(c -> assertThat(c.reason()).isEqualTo("no SLIs configured for billing-worker"));
            assertThat(e.component("checkout-api").orElseThrow().soakVerdict().state()).isEqualTo(SoakState.FAILED);
            assertThat(e.component("search-api").orElseThrow().soakVerdict().state()).isEqualTo(SoakState.AT_RISK);
            assertThat(e.component("billing-worker").orElseThrow().target(Stage.PRODUCTION).state()).isEqualTo(Readiness.UNKNOWN);
            assertThat(e.component("catalog-api").orElseThrow().config().dependencies()).containsExactly("catalog-db");
            assertThat(daemon.port()).isPositive();
            // the seeded soaks began with a recorded promotion, which agrees with the declared stage
            var record = e.component("catalog-api").orElseThrow().stageRecord();
            assertThat(record.recorded()).isEqualTo(Stage.STAGING);
            assertThat(record.recordedVersion()).isEqualTo(e.component("catalog-api").orElseThrow().stage().version());
            assertThat(record.drift()).isFalse();
            assertThat(daemon.store().history("catalog-db")).extracting(h -> h.kind() + " " + h.stage() + " " + h.version())
                    .first().asString().startsWith("promotion PRODUCTION ");
        }
    }

    @SuppressWarnings("try") // the running demo is held open for the body and stopped at its end; the body talks to it over HTTP
    @Test
    void demoPagesItsFailedSoakThroughAnAlertmanager(@TempDir Path dir) throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
             RealAlertmanager am = RealAlertmanager.start(java.nio.file.Files.createDirectories(dir.resolve("am")),
                     receiver.url());
             RunningDemo running = RunningDemo.start(dir, am.url(), null, null)) {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (am.alerts("alertname", "PromotionSoakFailed").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(am.alerts("alertname", "PromotionSoakFailed"))
                    .anyMatch(a -> a.path("labels").path("component").asText().equals("checkout-api"));
            assertThat(am.alerts("alertname", "PromotionSoakAtRisk"))
                    .anyMatch(a -> a.path("labels").path("component").asText().equals("search-api"));
        }
    }
}

package dev.promotiond.promql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.cycle.EvaluationCycle;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.CriterionState;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.Stage;
import dev.promotiond.store.Ledger;
import dev.promotiond.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusUptimeTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules"));
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;

    static List<Sli> uptime(String c, double avg, double count7d) {
        List<Sli> out = new ArrayList<>();
        for (String w : List.of("1h", "24h", "7d")) {
            double count = w.equals("7d") ? count7d : w.equals("24h") ? count7d / 7 : count7d / 168;
            out.add(Sli.known(c, "uptime_avg_" + w, avg, NOW, "prometheus", "q"));
            out.add(Sli.known(c, "uptime_count_" + w, count, NOW, "prometheus", "q"));
        }
        return out;
    }

    CriterionResult uptimeCriterion(List<Sli> slis) throws Exception {
        List<ComponentConfig> components = ConfigLoader.parse("""
                components:
                  - name: db
                    stage: Production
                    metrics:
                      uptime: min(up{job="db"})
                      scrape_interval: 15s
                """, dir.resolve("p.yaml")).components();
        AtomicReference<List<Sli>> source = new AtomicReference<>(slis);
        try (Store store = Store.open(dir.resolve("s.db"))) {
            Ledger ledger = new Ledger(store);
            ledger.declare("db", Stage.PRODUCTION, 0, NOW);
            DroolsRuleEngine engine = DroolsRuleEngine.compile(RULES);
            EvaluationCycle cycle = new EvaluationCycle(Clock.fixed(NOW, ZoneOffset.UTC), ledger, () -> components,
                    () -> engine, source::get);
            return cycle.run().component("db").orElseThrow().target(Stage.PRODUCTION).criteria().stream()
                    .filter(c -> c.name().equals("uptime-7d")).findFirst().orElseThrow();
        }
    }

    @Test
    void uptimeSeriesInPrometheusJudgesAnUnprobedComponent() throws Exception {
        CriterionResult met = uptimeCriterion(uptime("db", 0.9995, 40320));
        assertThat(met.state()).isEqualTo(CriterionState.MET);
        assertThat(met.observed()).contains("99.95%").contains("coverage 100%");
        CriterionResult unmet = uptimeCriterion(uptime("db", 0.99, 40320));
        assertThat(unmet.state()).isEqualTo(CriterionState.UNMET);
        CriterionResult sparse = uptimeCriterion(uptime("db", 1.0, 20000));
        assertThat(sparse.state()).isEqualTo(CriterionState.UNKNOWN);
        assertThat(sparse.reason()).contains("coverage");
    }

    @Test
    void uptimeFromPrometheusFollowsTheAskedWindowsAndAnUnqueriedOneIsUnknown() throws Exception {
        ComponentConfig db = ConfigLoader.parse("""
                components:
                  - name: db
                    stage: Production
                    metrics:
                      uptime: min(up{job="db"})
                      scrape_interval: 15s
                """, dir.resolve("p.yaml")).components().get(0);
        java.util.Map<String, Sli> slis = new java.util.HashMap<>();
        uptime("db", 1.0, 40320).forEach(s -> slis.put(s.name(), s));
        slis.put("uptime_avg_14d", Sli.known("db", "uptime_avg_14d", 0.999, NOW, "prometheus", "q"));
        slis.put("uptime_count_14d", Sli.known("db", "uptime_count_14d", 80640, NOW, "prometheus", "q"));
        List<dev.promotiond.facts.Uptime> uptimes = PrometheusUptime.windows(db, slis,
                dev.promotiond.facts.UptimeWindows.of(List.of(java.time.Duration.ofDays(14), java.time.Duration.ofDays(3))));
        assertThat(uptimes).extracting(dev.promotiond.facts.Uptime::window).containsExactly("1h", "24h", "3d", "14d");
        dev.promotiond.facts.Uptime fortnight = uptimes.get(3);
        assertThat(fortnight.windowSeconds()).isEqualTo(14 * 86_400);
        assertThat(fortnight.expected()).isEqualTo(80640);
        assertThat(fortnight.down()).isEqualTo(81);
        assertThat(uptimes.get(2).unknownReason()).contains("not queried yet");
    }

    @Test
    void prometheusDownMakesUptimeUnknownWithItsReason() throws Exception {
        List<Sli> down = new ArrayList<>();
        for (String w : List.of("1h", "24h", "7d")) {
            down.add(Sli.unknown("db", "uptime_avg_" + w, "prometheus", "q", "Prometheus unreachable: refused"));
            down.add(Sli.unknown("db", "uptime_count_" + w, "prometheus", "q", "Prometheus unreachable: refused"));
        }
        CriterionResult r = uptimeCriterion(down);
        assertThat(r.state()).isEqualTo(CriterionState.UNKNOWN);
        assertThat(r.reason()).isEqualTo("uptime from Prometheus unknown: Prometheus unreachable: refused");
    }
}

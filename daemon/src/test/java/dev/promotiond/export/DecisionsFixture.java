package dev.promotiond.export;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.HealthCheck;
import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.TargetStatus;
import dev.promotiond.facts.Breach;
import dev.promotiond.facts.Component;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.CriterionState;
import dev.promotiond.facts.Evidence;
import dev.promotiond.facts.Readiness;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.Soak;
import dev.promotiond.facts.SoakState;
import dev.promotiond.facts.SoakVerdict;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.StageRecord;
import dev.promotiond.facts.Uptime;
import dev.promotiond.store.LedgerView;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A published evaluation shaped like the daemon's at scale: two targets with six or seven
 * criteria each, three uptime windows plus the soak, SLIs, evidence, some waivers, breaches and
 * drift; components come in an order that is not their label order.
 */
final class DecisionsFixture {
    static final Instant NOW = Instant.parse("2026-11-09T00:00:05Z");
    static final String[] CRITERIA = {"uptime-7d", "stage-order", "soak", "sli-latency", "evidence-tests",
        "dependencies", "error-budget"};
    private static final Readiness[] STATES = Readiness.values();

    private DecisionsFixture() {
    }

    static Evaluation evaluation(int n, boolean hostile) {
        List<ComponentStatus> cs = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = (int) ((k * 7919L) % n);
            cs.add(component(i, hostile && i % 5 == 0));
        }
        return new Evaluation(NOW, Duration.ofMillis(900), cs);
    }

    private static ComponentStatus component(int i, boolean hostile) {
        String name = "svc-" + i + (i % 3 == 0 ? "-api" : "");
        String group = hostile ? "Team \"A\\B\"\nline" : "group-" + (i % 40);
        String version = hostile ? "1.0\"\\\n" : i % 11 == 0 ? null : "2." + (i % 9) + ".1";
        HealthCheck health = i % 13 == 0 ? null : new HealthCheck(URI.create("http://127.0.0.1:1/h" + i),
                Duration.ofSeconds(10), Duration.ofSeconds(2), "/status", HealthCheck.DEFAULT_HEALTHY, "/version",
                Set.of(), HealthCheck.DEFAULT_MAX_BODY_BYTES);
        ComponentConfig config = new ComponentConfig(name, group, Stage.STAGING, List.of(), health);
        List<Uptime> uptimes = new ArrayList<>();
        for (String w : new String[] {"7d", "1d", "30d"}) {
            long up = i % 17 == 0 ? 0 : 8000 + i % 100;
            long down = i % 17 == 0 ? 0 : i % 7;
            uptimes.add(new Uptime(name, w, 604_800, up, down, 60_480, 10, NOW, null));
        }
        Soak soak = i % 4 == 0 ? null : new Soak(name, version, Stage.STAGING, NOW.minusSeconds(400_000 + i),
                400_000 + i, i % 19 == 0 ? 0 : 39_000 + i, i % 5, 10);
        LedgerView ledger = i % 29 == 0 ? null : new LedgerView(name, version, uptimes, soak, NOW, true, null);
        SoakVerdict verdict = i % 6 == 0 ? null : new SoakVerdict(name, SoakState.values()[i % 3], 604_800, 3024,
                i % 1000, "r", "soak-budget");
        TargetStatus staging = target(name, Stage.STAGING, i, 6, hostile);
        TargetStatus production = target(name, Stage.PRODUCTION, i + 1, 7, hostile);
        List<Sli> slis = List.of(
                new Sli(name, "latency_p95", i % 8 == 0 ? null : 0.1 + i / 1000.0, NOW, "prometheus", "q", i % 8 == 0 ? "no data" : null, version),
                new Sli(name, "error_rate", 0.001 * (i % 10), NOW, "prometheus", "q", null, version));
        List<Breach> breaches = i % 9 == 0 ? List.of(new Breach(name, "error_rate", "1", "0.5", "r", "sla", NOW, version))
                : List.of();
        StageRecord record = i % 10 == 0 ? new StageRecord(name, Stage.STAGING, "config", null, null,
                i % 20 == 0 ? Stage.PRODUCTION : Stage.STAGING, version, NOW) : null;
        List<Evidence> evidence = i % 2 == 0 ? List.of(
                new Evidence(name, version == null ? "0.1" : version, "abc", "tests", "junit", NOW.minusMillis(i * 1234L), "sha", Map.of()),
                new Evidence(name, "0.9", "abd", "coverage", "jacoco", NOW.minusSeconds(i), "sha", Map.of()))
                : List.of();
        Component seen = new Component(name, group, i % 10 == 0 ? Stage.PRODUCTION : Stage.STAGING, version, List.of(),
                health != null, 10, null);
        return new ComponentStatus(config, ledger, verdict, Map.of(Stage.STAGING, staging, Stage.PRODUCTION, production),
                slis, breaches, seen, record, evidence);
    }

    private static TargetStatus target(String name, Stage target, int i, int criteria, boolean hostile) {
        List<CriterionResult> rs = new ArrayList<>();
        for (int c = 0; c < criteria; c++) {
            String criterion = hostile && c == 0 ? "odd \"name\"\\" : CRITERIA[(c + i) % CRITERIA.length];
            rs.add(new CriterionResult(name, target, criterion, CriterionState.values()[(i + c) % 3], "o", "t", "r",
                    "rule", null, List.of(), (i + c) % 23 == 0 ? "waiver-1" : null));
        }
        return new TargetStatus(target, STATES[i % STATES.length], rs);
    }
}

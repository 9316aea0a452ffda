package dev.promotiond.bench;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.facts.Component;
import dev.promotiond.facts.Dependency;
import dev.promotiond.facts.Evidence;
import dev.promotiond.facts.Hold;
import dev.promotiond.facts.Monitoring;
import dev.promotiond.facts.Rollback;
import dev.promotiond.facts.RollbackPlan;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.Soak;
import dev.promotiond.facts.SourceStatus;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.StageRecord;
import dev.promotiond.facts.Uptime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@link Fleet}'s facts as one snapshot, built directly (no store, no ledger), so the rules can
 * be measured and compared at any size in seconds. Besides what the ledger would give (3 uptime
 * windows, a soak, the {@link Fleet#slis SLIs} and {@link Fleet#configs dependencies}, which cross
 * any partition), it has every kind of fact the rules read: one data source down, holds, CI
 * evidence, recorded stages (some drifted), rollback plans, claimed rollbacks, monitoring set-ups
 * (some missing), components without a version and with a failing probe, and facts naming
 * components that are not in the fleet.
 */
public final class FleetFacts {
    private FleetFacts() {
    }

    public static Snapshot of(int n) {
        Instant now = Fleet.NOW;
        List<ComponentConfig> configs = Fleet.configs(n);
        List<Component> components = new ArrayList<>(n);
        List<Dependency> deps = new ArrayList<>();
        List<Uptime> uptimes = new ArrayList<>(3 * n);
        List<Soak> soaks = new ArrayList<>(n);
        List<Hold> holds = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        List<StageRecord> records = new ArrayList<>();
        List<RollbackPlan> plans = new ArrayList<>();
        List<Rollback> rollbacks = new ArrayList<>();
        List<Monitoring> monitoring = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ComponentConfig c = configs.get(i);
            String name = c.name();
            String version = i % 97 == 5 ? null : Fleet.version(i);
            String failure = i % 89 == 3 ? "connection refused" : null;
            components.add(new Component(name, c.group(), c.stage(), version, c.dependencies(), true, 10, failure));
            for (String d : c.dependencies()) {
                deps.add(new Dependency(name, d, Fleet.stage(Integer.parseInt(d.substring(4)))));
            }
            long down = i % 50 == 0 ? 360 : i % 13 == 0 ? 3 : 0;
            long expected7d = 7 * 8640;
            long observed7d = i % 61 == 7 ? expected7d / 2 : expected7d;
            uptimes.add(new Uptime(name, "1h", 3600, 360 - Math.min(down, 20), Math.min(down, 20), 360, 10,
                    now.minusSeconds(5)));
            uptimes.add(new Uptime(name, "24h", 86_400, 8640 - down / 7, down / 7, 8640, 10, now.minusSeconds(5)));
            uptimes.add(new Uptime(name, "7d", 7 * 86_400, observed7d - down, down, expected7d, 10,
                    now.minusSeconds(5)));
            if (i % 31 != 11) {
                // Production components with a latency breach (every 23rd) are inside the guard's
                // watch window: rolled back, or only paged when an earlier rollback reached the cap
                long age = c.stage() == Stage.PRODUCTION && i % 23 == 0 ? 7200 : Fleet.soakAgeMinutes(i) * 60;
                soaks.add(new Soak(name, Fleet.version(i), c.stage(), now.minusSeconds(age), age, age / 10 - down,
                        down, 10));
            }
            if (i % 43 == 2) {
                holds.add(new Hold(name, Fleet.version(i), now.minusSeconds(3600), "production guard tripped"));
            }
            if (i % 3 == 0) {
                evidence.add(new Evidence(name, Fleet.version(i), null, "unit", "pytest", now.minusSeconds(600), "ab",
                        Map.of("line_coverage_percent", 60.0 + i % 30, "tests", 100.0, "failures", i % 17 == 0
                                ? 1.0 : 0.0)));
                evidence.add(new Evidence(name, Fleet.version(i), null, "lint", "ruff", now.minusSeconds(600), "cd",
                        Map.of("violations", (double) (i % 4))));
            }
            if (i % 7 == 1) {
                Stage recorded = i % 14 == 1 ? c.stage() : Stage.PRODUCTION;
                records.add(new StageRecord(name, c.stage(), "promotiond.yaml", null, LocalDate.of(2026, 11, 1),
                        recorded, Fleet.version(i), now.minusSeconds(7200)));
            }
            if (i % 4 == 0) {
                plans.add(new RollbackPlan(name, "command", "deploy rollback " + name, i % 8 == 0));
            }
            if (i % 29 == 9 || i % 46 == 0) {
                rollbacks.add(new Rollback(name, "0.9.0", now.minusSeconds(1800), "done", 1800));
            }
            if (i % 19 != 4) {
                monitoring.add(new Monitoring(name, true, i % 2 == 0, i % 3 == 0 ? 0 : 1));
            }
        }
        // facts about components that are not in the fleet: a removed component's leftovers
        holds.add(new Hold("gone-1", "1.0.0", now.minusSeconds(60), "removed since"));
        rollbacks.add(new Rollback("gone-2", "1.0.0", now.minusSeconds(60), "done", 60));
        List<Sli> slis = new ArrayList<>();
        for (Sli s : Fleet.slis(n, now)) {
            int i = Integer.parseInt(s.component().substring(4));
            // every 53rd: no SLI resolves while its source answers (unmet; unknown were the source down)
            slis.add(i % 53 == 1 ? s.unknownFor(Fleet.version(i), "empty result") : s.forVersion(Fleet.version(i)));
        }
        slis.add(Sli.known("gone-3", "error_ratio", 0.5, now, "prometheus", null));
        List<SourceStatus> sources = List.of(new SourceStatus("prometheus", true, null),
                new SourceStatus("ci-archive", false, "connection refused"));
        return new Snapshot(now, components, deps, uptimes, soaks, slis, sources, holds, evidence, records, plans,
                rollbacks, monitoring);
    }
}

package dev.promotiond.rulestest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.facts.Uptime;
import dev.promotiond.store.MinuteLedgerReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled rule scenarios' probe histories, fed to the run ledger (through the scenario's own
 * simulated daemon, restarts included) and to the minute-bucket ledger it replaced: every window's
 * UP and DOWN counts and last probe are equal at every instant a scenario checks.
 */
class ScenarioLedgerEquivalenceTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules"));

    @TempDir
    Path dir;

    @Test
    void everyBundledScenarioSeesTheSameWindowsAsTheMinuteBucketLedger() throws Exception {
        DroolsRuleEngine engine = DroolsRuleEngine.compile(RULES);
        List<Path> files;
        try (Stream<Path> s = Files.list(RULES.resolve("tests"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        long compared = 0;
        for (Path file : files) {
            Scenario scenario = ScenarioReader.read(file);
            MinuteLedgerReference reference = new MinuteLedgerReference();
            Set<String> probed = new LinkedHashSet<>();
            try (ScenarioWorld world = new ScenarioWorld(scenario, engine, dir.resolve(file.getFileName() + ".db"))) {
                world.tap(o -> {
                    reference.record(o);
                    probed.add(o.component());
                });
                Instant last = null;
                for (Scenario.Check c : scenario.checks()) {
                    if (c.at().equals(last)) {
                        continue;
                    }
                    // odd instants between the checks (7 min 13 s apart), then the check's own instant
                    Instant from = last == null ? c.at() : last;
                    for (Instant at = from.plusSeconds(433); at.isBefore(c.at()); at = at.plusSeconds(433)) {
                        compared += compare(world, reference, probed, file, at);
                    }
                    compared += compare(world, reference, probed, file, c.at());
                    last = c.at();
                }
            }
        }
        assertThat(compared).as("windows compared").isGreaterThan(5_000);
    }

    private static int compare(ScenarioWorld world, MinuteLedgerReference reference, Set<String> probed, Path file,
                               Instant at) {
        world.advanceTo(at);
        int n = 0;
        for (String component : probed) {
            List<Uptime> got = world.ledgerView(component).uptimes();
            List<Uptime> want = reference.view(component, got.get(0).probeIntervalSeconds(), at);
            for (int w = 0; w < got.size(); w++) {
                assertThat(List.of(got.get(w).up(), got.get(w).down(), String.valueOf(got.get(w).lastObservedAt())))
                        .as("%s: %s %s at %s", file.getFileName(), component, got.get(w).window(), at)
                        .isEqualTo(List.of(want.get(w).up(), want.get(w).down(), String.valueOf(want.get(w).lastObservedAt())));
                n++;
            }
        }
        return n;
    }
}

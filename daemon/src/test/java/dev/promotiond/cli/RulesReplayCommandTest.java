package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.app.Demo;
import dev.promotiond.store.SqliteStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replaying the demo's synthetic week with a tighter uptime threshold flips exactly what it should. */
class RulesReplayCommandTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules")).toAbsolutePath();
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;
    Path store;
    Path candidate;

    @BeforeEach
    void seedStoreAndCandidate() throws Exception {
        store = dir.resolve("ledger.db");
        try (SqliteStore s = SqliteStore.open(store)) {
            Demo.seed(s, NOW);
        }
        candidate = dir.resolve("candidate");
        Files.createDirectories(candidate);
        try (Stream<Path> files = Files.list(RULES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".drl")).toList()) {
                Files.copy(f, candidate.resolve(f.getFileName()));
            }
        }
    }

    CheckAgainstRunningDaemonTest.Run replay(String... extra) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] head = {"rules", "replay", "--baseline", RULES.toString(), "--rules", candidate.toString(), "--store",
            store.toString(), "--since", "2d", "--step", "30m"};
        String[] all = Stream.concat(Arrays.stream(head), Arrays.stream(extra)).toArray(String[]::new);
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new CheckAgainstRunningDaemonTest.Run(exit, out.toString(), err.toString());
    }

    @Test
    void tighterStagingUptimeFlipsExactlyTheComponentsBetweenTheThresholds() throws Exception {
        Path policy = candidate.resolve("policy.drl");
        String text = Files.readString(policy);
        assertThat(text).contains("new StagingPolicy(7L * 24 * 3600, 0.995,");
        Files.writeString(policy, text.replace("new StagingPolicy(7L * 24 * 3600, 0.995,",
                "new StagingPolicy(7L * 24 * 3600, 0.9999,"));

        CheckAgainstRunningDaemonTest.Run r = replay();
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        List<String> changes = r.out().lines().filter(l -> l.contains(" → ")).toList();
        // catalog-api lost 7 probes in its week (99.99%): met at 99.5%, unmet at 99.99%; its readiness
        // flips once its 7-day soak is complete. Every other component is unknown or unmet either way.
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0)).contains("catalog-api  production  uptime-7d: met → unmet").contains("7 of 60474 probes DOWN");
        assertThat(changes.get(1)).contains("catalog-api  production  (readiness): ready → not_ready");
        assertThat(changes.get(1)).contains("2026-11-24T1");
        assertThat(r.out()).contains("2 verdict changes over 97 evaluations");
    }

    @Test
    void identicalRulesChangeNothing() {
        CheckAgainstRunningDaemonTest.Run r = replay();
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("0 verdict changes");
    }

    @Test
    void brokenCandidateIsAnErrorWithFileAndLine() throws Exception {
        Files.writeString(candidate.resolve("broken.drl"), "package promotiond.rules;\nrule \"x\" when then oops( end\n");
        CheckAgainstRunningDaemonTest.Run r = replay();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("candidate rules").contains("broken.drl:2:");
    }
}

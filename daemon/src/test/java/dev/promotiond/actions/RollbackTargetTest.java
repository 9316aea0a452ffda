package dev.promotiond.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.app.Daemon;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.facts.Stage;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.HistoryEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which version a rollback goes back to ({@link RollbackTarget}, as the daemon wires it). */
class RollbackTargetTest {
    private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

    private static HistoryEvent version(int minute, String v) {
        return new HistoryEvent("web", T.plusSeconds(60L * minute), "version", Stage.PRODUCTION, v);
    }

    @Test
    void theLastVersionBeforeTheCurrentOne() {
        List<HistoryEvent> h = List.of(version(0, "1.0"), version(1, "1.1"), version(2, "1.2"));
        assertThat(RollbackTarget.previousVersion(h, "1.2", Set.of())).isEqualTo("1.1");
    }

    @Test
    void aVersionHeldAfterAnEarlierRollbackIsSkipped() {
        // 1.1 was rolled back and is held, but the executor never changed what ran; then 1.2 came
        List<HistoryEvent> h = List.of(version(0, "1.0"), version(1, "1.1"), version(2, "1.2"));
        assertThat(RollbackTarget.previousVersion(h, "1.2", Set.of("1.1"))).isEqualTo("1.0");
    }

    @Test
    void aVersionThatCameBackCountsAtItsLatestPlace() {
        List<HistoryEvent> h = List.of(version(0, "1.0"), version(1, "1.1"), version(2, "1.0"), version(3, "1.2"));
        assertThat(RollbackTarget.previousVersion(h, "1.2", Set.of("1.1"))).isEqualTo("1.0");
    }

    @Test
    void deploymentRecordsCountAsVersionsThatRan() {
        // a component whose health check reports no version: only the pipeline's records name versions
        List<HistoryEvent> h = List.of(new HistoryEvent("web", T, "promotion", Stage.PRODUCTION, "1.0"),
                new HistoryEvent("web", T.plusSeconds(60), "deployment", Stage.PRODUCTION, "1.1"));
        assertThat(RollbackTarget.previousVersion(h, "1.1", Set.of())).isEqualTo("1.0");
    }

    @Test
    void throughTheDaemonWithRecordsAndHolds(@TempDir Path dir) throws Exception {
        Path rules = Path.of(System.getProperty("promotiond.rules.dir", "../rules")).toAbsolutePath();
        Path cfg = dir.resolve("promotiond.yaml");
        Files.writeString(cfg, """
                listen: 127.0.0.1:0
                store: ./ledger.db
                rules: %s
                components:
                  - name: web
                    stage: Production
                  - name: other
                    stage: Production
                """.formatted(rules));
        DaemonConfig config = ConfigLoader.load(cfg);
        try (Daemon daemon = new Daemon(config, Clock.systemUTC(), new HttpHealthProbe(Clock.systemUTC(), 2),
                DroolsRuleEngine.compile(rules), "test")) {
            daemon.open();
            daemon.intake().deploy("web", "Production", "1.0", null, T);
            daemon.intake().deploy("web", "Production", "1.1", null, T.plusSeconds(60));
            daemon.intake().deploy("web", "Production", "1.2", null, T.plusSeconds(120));
            ActionStore actions = new ActionStore(daemon.store());
            // no version from probes: the version being rolled back is the one the request names
            assertThat(daemon.rollbackTarget().previousVersion("web", "1.2")).isEqualTo("1.1");
            actions.hold("web", "1.1", T.plusSeconds(90), "rolled back earlier");
            actions.hold("other", "1.0", T.plusSeconds(90), "another component's hold does not count");
            assertThat(daemon.rollbackTarget().previousVersion("web", "1.2")).isEqualTo("1.0");
        }
    }

    @Test
    void noneWhenOnlyTheCurrentOrHeldVersionsRan() {
        assertThat(RollbackTarget.previousVersion(List.of(version(0, "2.0")), "2.0", Set.of())).isNull();
        assertThat(RollbackTarget.previousVersion(List.of(version(0, "1.1"), version(1, "2.0")), "2.0", Set.of("1.1"))).isNull();
        assertThat(RollbackTarget.previousVersion(List.of(new HistoryEvent("web", T, "stage", Stage.STAGING, null)), "2.0",
                Set.of())).isNull();
    }
}

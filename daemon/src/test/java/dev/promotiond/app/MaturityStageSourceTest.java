package dev.promotiond.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotiond.clock.ManualClock;
import dev.promotiond.config.ConfigException;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.ConfigProblem;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.facts.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A component whose declared stage comes from its MATURITY.md, re-read when the file changes. */
class MaturityStageSourceTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules")).toAbsolutePath();

    @TempDir
    Path dir;

    DaemonConfig config(String maturityLine) throws Exception {
        Path cfg = dir.resolve("promotiond.yaml");
        Files.writeString(cfg, """
                listen: 127.0.0.1:0
                store: ./ledger.db
                rules: %s
                components:
                  - name: engine
                    stage: Development
                    %s
                """.formatted(RULES, maturityLine));
        return ConfigLoader.load(cfg);
    }

    void writeMaturity(String text, int generation) throws Exception {
        Path f = dir.resolve("docs/MATURITY.md");
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        // a distinct mtime per generation, so the change is seen even within one clock tick
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(generation)));
    }

    @Test
    void declaredStageFollowsTheFileAndAStubFallsBackToTheConfiguredStage() throws Exception {
        writeMaturity("""
                # Engine Maturity Status

                **Current Stage**: **Staging** 🎉
                **Promoted**: 2026-10-08 (Development → Staging)
                **Owner**: someone
                **Functional Group**: Core

                ---
                ## Details
                **Current Stage**: Production
                """, 1);
        ManualClock clock = new ManualClock(Instant.parse("2026-11-24T00:00:00Z"));
        try (Daemon d = new Daemon(config("maturity: docs/MATURITY.md"), clock, null, DroolsRuleEngine.compile(RULES),
                "test")) {
            d.open();
            ComponentStatus s = d.evaluations().evaluate().component("engine").orElseThrow();
            assertThat(s.currentStage()).isEqualTo(Stage.STAGING);
            assertThat(s.stageRecord().declaredSource()).endsWith("MATURITY.md");
            assertThat(s.stageRecord().declaredSince()).hasToString("2026-10-08");

            writeMaturity("""
                    # Engine Maturity Status

                    > ⚠️ **This document has moved!**
                    > See the knowledge base.
                    """, 2);
            clock.advance(Duration.ofSeconds(10));
            ComponentStatus stub = d.evaluations().evaluate().component("engine").orElseThrow();
            assertThat(stub.currentStage()).isEqualTo(Stage.DEVELOPMENT);
            assertThat(stub.stageRecord().declaredSource()).isEqualTo("config");
            assertThat(stub.stageRecord().declaredNote()).contains("MATURITY.md declares no stage");

            d.intake().deploy("engine", "Production", "5.0.0", null, null);
            ComponentStatus deployed = d.evaluations().evaluate().component("engine").orElseThrow();
            assertThat(deployed.currentStage()).isEqualTo(Stage.PRODUCTION);
            assertThat(deployed.stageRecord().drift()).isTrue();
            assertThat(deployed.judgedVersion()).as("not probed: the recorded version is judged").isEqualTo("5.0.0");
        }
    }

    @Test
    void aMissingMaturityFileIsAConfigErrorWithItsLine() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> config("maturity: docs/NOPE.md"));
        assertThat(e.problems()).extracting(ConfigProblem::toString)
                .anySatisfy(p -> assertThat(p).contains("promotiond.yaml:7:").contains("maturity")
                        .contains("no such file"));
    }
}

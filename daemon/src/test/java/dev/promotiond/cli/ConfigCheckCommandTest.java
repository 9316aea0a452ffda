package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckCommandTest {
    /** The example shipped beside the module's pom (tests run in the module folder). */
    static final Path EXAMPLE = Path.of("promotiond.example.yaml").toAbsolutePath();

    @TempDir
    Path dir;

    static CheckAgainstRunningDaemonTest.Run configCheck(Path file) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "config", "check", file.toString());
        return new CheckAgainstRunningDaemonTest.Run(exit, out.toString(), err.toString());
    }

    @Test
    void theShippedExampleIsClean() {
        CheckAgainstRunningDaemonTest.Run r = configCheck(EXAMPLE);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("OK: 4 components").contains("rules: the bundled default rules");
    }

    @Test
    void everyProblemOfABrokenFileIsReportedInOneRun() throws Exception {
        Path file = dir.resolve("promotiond.yaml");
        Files.writeString(file, """
                listen: 127.0.0.1:9400
                evaluation_interval: 10 seconds
                auth:
                  token_file: ./missing-token
                components:
                  - name: api
                    stage: Stagin
                    health: {url: http://127.0.0.1:8080/health, interval: 10s}
                    rollback:
                      webhook: https://deploy.example/rollback
                      secret_file: ./empty-secret
                  - name: api
                    stage: Production
                    colour: blue
                """);
        Files.writeString(dir.resolve("empty-secret"), "\n");
        CheckAgainstRunningDaemonTest.Run r = configCheck(file);
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        String f = file.toString();
        assertThat(r.out())
                .contains(f + ":2:22: evaluation_interval: ")
                .contains(f + ":4:15: auth.token_file: no such file: ")
                .contains(f + ":7:12: components[0].stage: ")
                .contains(f + ":11:20: components[0].rollback.secret_file: ")
                .contains("is empty")
                .contains(f + ":14:5: components[1].colour: unknown key")
                .containsPattern(f.replace(".", "\\.") + ":12:\\d+: components\\[1\\]\\.name: .*api")
                .contains(f + ": 6 problems found");
    }

    @Test
    void rulesThatDoNotCompileAreReportedWithTheConfigFilesOwnProblems() throws Exception {
        Path rules = dir.resolve("rules");
        dev.promotiond.engine.BundledRules.extractTo(rules);
        Files.writeString(rules.resolve("broken.drl"), """
                package promotiond.rules;
                import dev.promotiond.facts.*;

                rule "typo"
                when
                    Componnt(name == "x")
                then
                end
                """);
        Path file = dir.resolve("promotiond.yaml");
        Files.writeString(file, """
                rules: ./rules
                retention: 10d
                components:
                  - name: api
                    stage: Staging
                    colour: blue
                """);
        CheckAgainstRunningDaemonTest.Run r = configCheck(file);
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out()).contains(file + ":6:5: components[0].colour: unknown key")
                .containsPattern("broken\\.drl:6:\\d+: .*Componnt");
    }

    @Test
    void aWindowLongerThanTheRetentionIsAProblemAtThePolicyLine() throws Exception {
        Path rules = dir.resolve("rules");
        dev.promotiond.engine.BundledRules.extractTo(rules);
        String policy = Files.readString(rules.resolve("policy.yaml"));
        Files.writeString(rules.resolve("policy.yaml"), policy.replaceFirst("uptime_window: 7d", "uptime_window: 20d"));
        Path file = dir.resolve("promotiond.yaml");
        Files.writeString(file, """
                rules: ./rules
                retention: 10d
                components:
                  - name: api
                    stage: Staging
                """);
        CheckAgainstRunningDaemonTest.Run r = configCheck(file);
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out()).containsPattern(rules.resolve("policy.yaml").toString().replace(".", "\\.")
                + ":\\d+:\\d+: .*uptime_window.*");
    }
}

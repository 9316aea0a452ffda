package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesTestCommandTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules"));

    @TempDir
    Path dir;

    CheckAgainstRunningDaemonTest.Run test(Path folder) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "rules", "test", folder.toString());
        return new CheckAgainstRunningDaemonTest.Run(exit, out.toString(), err.toString());
    }

    /** The shipped rules with their scenarios, in a folder this test may change. */
    Path copyOfTheRules() throws IOException {
        Path rules = dir.resolve("rules");
        Files.createDirectories(rules.resolve("tests"));
        try (Stream<Path> s = Stream.concat(Files.list(RULES), Files.list(RULES.resolve("tests")))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.copy(p, rules.resolve(RULES.relativize(p).toString()));
            }
        }
        return rules;
    }

    @Test
    void shippedScenariosPass() {
        CheckAgainstRunningDaemonTest.Run r = test(RULES);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("11 scenarios, \\d+ expectations, 0 failed");
        for (String drl : new String[] {"staging", "production", "sla", "stages", "evidence", "actions", "monitoring",
            "monitoring-no-alert-route", "rollback", "incidents", "supply-chain"}) {
            assertThat(r.out()).containsPattern("tests[/\\\\]" + drl + "\\.yaml: .*: \\d+ expectations, ok");
        }
    }

    @Test
    void aChangedExpectationFailsWithWhereWhatAndWhy() throws Exception {
        Path rules = copyOfTheRules();
        Path staging = rules.resolve("tests").resolve("staging.yaml");
        String text = Files.readString(staging);
        String healthy = "criteria: {soak-duration: met, uptime-7d: met, stage-order: met, dependencies: met}";
        assertThat(text).contains(healthy);
        Files.writeString(staging, text.replace(healthy, healthy.replace("soak-duration: met", "soak-duration: unmet")));
        int line = (int) text.substring(0, text.indexOf(healthy)).lines().count();

        CheckAgainstRunningDaemonTest.Run r = test(rules);
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out())
                .contains(staging + ":" + line + ":" + 16 + ": at 7d: api → production: criterion soak-duration:"
                        + " expected unmet, got met")
                .contains("reason: version 1.0.0 has soaked 7d in Staging")
                .containsPattern("11 scenarios, \\d+ expectations, 1 failed");
    }

    @Test
    void aMalformedScenarioExitsTwoNamingTheField() throws Exception {
        Path rules = copyOfTheRules();
        Files.writeString(rules.resolve("tests").resolve("typo.yaml"), """
                name: a typo
                components:
                  - {name: api, stage: Staging}
                expect:
                  - {at: 1dd, component: api, soak: none}
                """);
        CheckAgainstRunningDaemonTest.Run r = test(rules);
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.out()).contains(rules.resolve("tests").resolve("typo.yaml")
                + ":5:10: expect[0].at: bad duration \"1dd\"");
    }

    @Test
    void rulesThatDoNotCompileExitOneWithFileLineColumn() throws Exception {
        Path rules = copyOfTheRules();
        Files.writeString(rules.resolve("broken.drl"), """
                package promotiond.rules;
                rule "typo"
                when
                    Componnt(name == "x")
                then
                end
                """);
        CheckAgainstRunningDaemonTest.Run r = test(rules);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).containsPattern("broken\\.drl:4:\\d+: .*Componnt").contains("no scenario ran");
    }

    @Test
    void aRulesFolderWithoutScenariosIsAnError() throws Exception {
        Files.copy(RULES.resolve("stages.drl"), dir.resolve("stages.drl"));
        CheckAgainstRunningDaemonTest.Run r = test(dir);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("no scenario files (*.yaml) to run");
    }
}

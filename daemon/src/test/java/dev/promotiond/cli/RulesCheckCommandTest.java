package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCheckCommandTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules")).toAbsolutePath();

    @TempDir
    Path dir;

    CheckAgainstRunningDaemonTest.Run check(Path folder) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "rules", "check", folder.toString());
        return new CheckAgainstRunningDaemonTest.Run(exit, out.toString(), err.toString());
    }

    @Test
    void defaultRulesAreClean() {
        CheckAgainstRunningDaemonTest.Run r = check(RULES);
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("compiled, no errors").doesNotContain("warning");
    }

    @Test
    void eachErrorIsPrintedAsFileLineColumnAndExitsOne() throws Exception {
        Files.writeString(dir.resolve("broken.drl"), """
                package promotiond.rules;
                import dev.promotiond.facts.*;

                rule "typo in a pattern"
                when
                    Componnt(name == "x")
                then
                end
                """);
        CheckAgainstRunningDaemonTest.Run r = check(dir);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).containsPattern("broken\\.drl:6:\\d+: .*Componnt");
        assertThat(r.out()).contains("error");
    }

    @Test
    void aParseErrorInOneFileIsShownAloneWithItsColumnNotBuriedUnderWhatFollowsFromIt() throws Exception {
        dev.promotiond.testing.RulesCopy.into(dir);
        // policy.drl declares the Waiver type that monitoring.drl uses too; break its syntax
        Path policy = dir.resolve("policy.drl");
        String text = Files.readString(policy);
        assertThat(text).contains("    criterion : String");
        Files.writeString(policy, text.replaceFirst("    criterion : String", "    criterion : : String"));
        CheckAgainstRunningDaemonTest.Run r = check(dir);
        assertThat(r.exit()).isEqualTo(1);
        java.util.List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).matches(".*policy\\.drl:\\d+:[1-9]\\d*: \\[ERR \\d+] Line \\d+:\\d+ .*");
        assertThat(r.out()).doesNotContain("Unable to resolve ObjectType")
                .containsPattern("warning: \\d+ more errors not listed: they follow from the parse error")
                .doesNotContain("monitoring.drl:");
        assertThat(lines).allMatch(l -> l.contains(".drl:") || l.contains("warning:") || l.matches("\\d+ errors? in .*"));
    }

    @Test
    void aBadPolicyIsReportedAtItsPositionsAllAtOnce() throws Exception {
        dev.promotiond.testing.RulesCopy.into(dir);
        Path policy = dir.resolve("policy.yaml");
        String text = Files.readString(policy).replace("soak: 7d ", "soak: 7 days ").replace("min_unit_coverage: 70%",
                "min_unit_coverage: 70");
        Files.writeString(policy, text);
        CheckAgainstRunningDaemonTest.Run r = check(dir);
        assertThat(r.exit()).isEqualTo(1);
        java.util.List<String> lines = text.lines().toList();
        int unit = 1 + (int) lines.stream().takeWhile(l -> !l.contains("min_unit_coverage: 70 ")).count();
        int soak = 1 + (int) lines.stream().takeWhile(l -> !l.contains("soak: 7 days")).count();
        assertThat(r.out()).contains(policy + ":" + unit + ":24: defaults.to_staging.min_unit_coverage: \"70\" has no unit:"
                        + " a percentage needs \"%\" (write 70%)")
                .contains(policy + ":" + soak + ":11: defaults.to_production.soak: bad duration \"7 days\" (write 7d)")
                .contains("2 errors in");
    }

    @Test
    void aMissingFolderIsSaidPlainly() {
        CheckAgainstRunningDaemonTest.Run r = check(dir.resolve("nosuchrules"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("nosuchrules:0:0: no such rules folder").doesNotContain("Exception");
    }

    @Test
    void rulesThatJudgeNothingForATargetAreWarnedAbout() throws Exception {
        Files.copy(RULES.resolve("stages.drl"), dir.resolve("stages.drl"));
        Files.writeString(dir.resolve("only-staging.drl"), """
                package promotiond.rules;
                import dev.promotiond.facts.*;
                """);
        Files.delete(dir.resolve("stages.drl"));
        CheckAgainstRunningDaemonTest.Run r = check(dir);
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("warning: no rule produces a criterion for target staging")
                .contains("warning: no rule produces a criterion for target production");
    }
}

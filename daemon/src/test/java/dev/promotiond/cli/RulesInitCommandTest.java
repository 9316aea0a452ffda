package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.promotiond.engine.BundledRules;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesInitCommandTest {
    @TempDir
    Path dir;

    static CheckAgainstRunningDaemonTest.Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CheckAgainstRunningDaemonTest.Run(exit, out.toString(), err.toString());
    }

    @Test
    void initWritesEveryBundledFileAndTheCopyChecksClean() throws Exception {
        Path rules = dir.resolve("my/rules");

        CheckAgainstRunningDaemonTest.Run r = run("rules", "init", rules.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(BundledRules.files()).anyMatch(f -> f.startsWith("tests/"));
        for (String name : BundledRules.files()) {
            assertThat(Files.readAllBytes(rules.resolve(name))).as(name).isEqualTo(BundledRules.read(name));
            assertThat(r.out()).contains("wrote " + rules.resolve(name));
        }
        assertThat(r.out()).contains("rules: " + rules).contains("promotiond rules check " + rules);
        CheckAgainstRunningDaemonTest.Run check = run("rules", "check", rules.toString());
        assertThat(check.exit()).as(check.out()).isZero();
        assertThat(check.out()).contains("compiled, no errors");
    }

    @Test
    void initRefusesToOverwriteAnExistingFileAndWritesNothing() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Path mine = rules.resolve(BundledRules.FILES.get(BundledRules.FILES.size() - 1));
        Files.writeString(mine, "// my edits\n");

        CheckAgainstRunningDaemonTest.Run r = run("rules", "init", rules.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(mine.toString()).contains("already exists").contains("--force");
        assertThat(Files.readString(mine)).isEqualTo("// my edits\n");
        assertThat(rules.resolve(BundledRules.FILES.get(0))).as("nothing written before the refusal").doesNotExist();
    }

    @Test
    void forceOverwritesTheBundledFilesAndLeavesOthers() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        String name = BundledRules.FILES.get(0);
        Files.writeString(rules.resolve(name), "// my edits\n");
        Files.writeString(rules.resolve("extra.drl"), "// mine alone\n");

        CheckAgainstRunningDaemonTest.Run r = run("rules", "init", "--force", rules.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(rules.resolve(name))).isEqualTo(BundledRules.read(name));
        assertThat(Files.readString(rules.resolve("extra.drl"))).isEqualTo("// mine alone\n");
    }

    @Test
    void checkAndTestWithoutDirUseTheBundledRulesWhenThereIsNoRulesFolderHere() {
        assumeFalse(Files.exists(RulesArgument.DEFAULT), "the working directory has a ./rules folder");

        CheckAgainstRunningDaemonTest.Run check = run("rules", "check");
        assertThat(check.exit()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("using the bundled default rules").contains("promotiond rules init DIR")
                .contains("the bundled default rules: " + BundledRules.FILES.size() + " files compiled, no errors");

        CheckAgainstRunningDaemonTest.Run test = run("rules", "test");
        assertThat(test.exit()).as(test.out() + test.err()).isZero();
        assertThat(test.out()).contains("using the bundled default rules").contains(", 0 failed");
    }
}

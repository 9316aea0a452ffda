package dev.promotiond.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs real Debian programs, never a shell. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CommandRollbackExecutorTest {
    private static final RollbackRequest API = new RollbackRequest("api", "1.4.2", "1.4.1", "production", "error rate");

    private static CommandRollbackExecutor command(String... argv) {
        return new CommandRollbackExecutor(List.of(argv), Duration.ofSeconds(10));
    }

    @Test
    void successCapturesOutputWithPlaceholdersSubstituted() {
        RollbackResult result = command("/bin/echo", "rolling", "{component}", "{version}",
                "to={previous_version}", "in", "{stage}").execute(API);

        assertThat(result.ok()).isTrue();
        assertThat(result.outcome()).isEqualTo("success");
        assertThat(result.exitCode()).isZero();
        assertThat(result.httpStatus()).isNull();
        assertThat(result.error()).isNull();
        assertThat(result.output()).isEqualTo("rolling api 1.4.2 to=1.4.1 in production\n");
        assertThat(result.took()).isPositive();
    }

    @Test
    void requestValuesAreAlsoInTheEnvironment() {
        RollbackResult result = command("/usr/bin/printenv", "PROMOTIOND_COMPONENT", "PROMOTIOND_VERSION",
                "PROMOTIOND_PREVIOUS_VERSION", "PROMOTIOND_STAGE").execute(API);

        assertThat(result.outcome()).isEqualTo("success");
        assertThat(result.output()).isEqualTo("api\n1.4.2\n1.4.1\nproduction\n");
    }

    @Test
    void unknownPreviousVersionIsUnsetInTheEnvironment() {
        RollbackRequest unknownPrevious = new RollbackRequest("api", "1.4.2", null, "production", null);

        RollbackResult result = command("/usr/bin/printenv", "PROMOTIOND_PREVIOUS_VERSION").execute(unknownPrevious);

        assertThat(result.outcome()).isEqualTo("failed"); // printenv exits 1 for an unset variable
        assertThat(result.output()).isEmpty();
    }

    @Test
    void nonZeroExitIsFailedWithTheExitCode() {
        RollbackResult result = command("/bin/false").execute(API);

        assertThat(result.ok()).isFalse();
        assertThat(result.outcome()).isEqualTo("failed");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.error()).contains("/bin/false").contains("status 1");
    }

    @Test
    void stderrIsCapturedWithStdout() {
        RollbackResult result = command("/bin/ls", "/nonexistent-promotiond-{component}").execute(API);

        assertThat(result.outcome()).isEqualTo("failed");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("/nonexistent-promotiond-api").contains("No such file");
    }

    @Test
    void hangingCommandTimesOutAndIsKilled() {
        CommandRollbackExecutor executor = new CommandRollbackExecutor(
                List.of("/bin/sleep", "30"), Duration.ofMillis(300));

        RollbackResult result = executor.execute(API);

        assertThat(result.outcome()).isEqualTo("timeout");
        assertThat(result.ok()).isFalse();
        assertThat(result.exitCode()).isNull();
        assertThat(result.error()).isEqualTo("/bin/sleep did not finish within 300 ms and was killed");
        // the outcome proves the 300 ms applied (the command would otherwise run its 30 s and succeed);
        // how soon after 300 ms it returned is not asserted, only that the report does not under-state it
        assertThat(result.took()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(liveChildrenRunning("sleep")).isEmpty();
    }

    @Test
    void descendantsOfAHangingCommandAreKilledToo() {
        // timeout(1) forks sleep as its child: two processes, no shell
        CommandRollbackExecutor executor = new CommandRollbackExecutor(
                List.of("/usr/bin/timeout", "60", "/bin/sleep", "30"), Duration.ofMillis(300));

        RollbackResult result = executor.execute(API);

        assertThat(result.outcome()).isEqualTo("timeout");
        assertThat(liveChildrenRunning("sleep")).isEmpty();
        assertThat(liveChildrenRunning("timeout")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1; rm -rf /", "--help", "-rf", "$(id)", "`id`", "a b", "1|x", "1>x", "x\ny", "", "*",
            "ä", "0123456789012345678901234567890123456789012345678901234567890123456789"
                    + "0123456789012345678901234567890123456789012345678901234567890"})
    void unsafeValueIsRefusedAndNothingRuns(String version, @TempDir Path dir) throws IOException {
        CommandRollbackExecutor touch = command("/usr/bin/touch", dir + "/{version}");

        RollbackResult result = touch.execute(new RollbackRequest("api", version, "1.4.1", "production", null));

        assertThat(result.outcome()).isEqualTo("error");
        assertThat(result.error()).startsWith("version ").contains("nothing was run").doesNotContain("\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void safeValueRunsTheSameCommand(@TempDir Path dir) {
        RollbackResult result = command("/usr/bin/touch", dir + "/{version}").execute(API);

        assertThat(result.outcome()).isEqualTo("success");
        assertThat(dir.resolve("1.4.2")).exists();
    }

    @Test
    void unsafeValueInTheEnvironmentIsRefusedEvenWhenNotInTheArguments(@TempDir Path dir) {
        RollbackResult result = command("/usr/bin/touch", dir + "/ran")
                .execute(new RollbackRequest("$(id)", "1.4.2", null, "production", null));

        assertThat(result.outcome()).isEqualTo("error");
        assertThat(result.error()).startsWith("component ");
        assertThat(dir.resolve("ran")).doesNotExist();
    }

    @Test
    void unknownPreviousVersionUsedInTheArgumentsIsAnError(@TempDir Path dir) {
        RollbackResult result = command("/usr/bin/touch", dir + "/{previous_version}")
                .execute(new RollbackRequest("api", "1.4.2", null, "production", null));

        assertThat(result.outcome()).isEqualTo("error");
        assertThat(result.error()).contains("previous_version is unknown for api").contains("{previous_version}");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void validateTemplateNamesUnknownPlaceholders() {
        assertThatThrownBy(() -> CommandRollbackExecutor.validateTemplate(
                List.of("/usr/local/bin/rollback", "{component}", "--to={versoin}", "{Stage}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rollback command has unknown placeholder(s) {Stage}, {versoin};");
        assertThatThrownBy(() -> command("/bin/echo", "{env}")).hasMessageContaining("{env}");
    }

    @Test
    void validateTemplateAcceptsKnownPlaceholdersAndLiteralBraces() {
        CommandRollbackExecutor.validateTemplate(List.of("/usr/local/bin/rollback", "{component}", "{version}",
                "{previous_version}", "{stage}", "{}", "{\"json\": 1}"));
    }

    @Test
    void validateTemplateRefusesEmptyCommandsAndPlaceholdersInTheProgram() {
        assertThatThrownBy(() -> CommandRollbackExecutor.validateTemplate(List.of()))
                .hasMessageContaining("must name a program");
        assertThatThrownBy(() -> CommandRollbackExecutor.validateTemplate(List.of("/opt/{component}/rollback")))
                .hasMessageContaining("program must not contain placeholders");
    }

    @Test
    void hugeOutputKeepsOnlyItsEndWithoutBlocking() {
        RollbackResult result = command("/usr/bin/seq", "1", "1000000").execute(API);

        assertThat(result.outcome()).isEqualTo("success");
        assertThat(result.output()).hasSizeLessThanOrEqualTo(RollbackResult.MAX_OUTPUT);
        assertThat(result.output()).startsWith("[... truncated: only the end of 6888896 bytes is kept ...]\n");
        assertThat(result.output()).endsWith("\n999999\n1000000\n");
    }

    @Test
    void missingProgramIsAnError() {
        RollbackResult result = command("/nonexistent/promotiond-rollback").execute(API);

        assertThat(result.outcome()).isEqualTo("error");
        assertThat(result.error()).contains("could not start /nonexistent/promotiond-rollback");
    }

    @Test
    void describeNamesOnlyTheProgram() {
        assertThat(command("/usr/local/bin/rollback", "--token=abc", "{component}").describe())
                .isEqualTo("command /usr/local/bin/rollback");
    }

    private static List<ProcessHandle> liveChildrenRunning(String program) {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().orElse("").endsWith("/" + program))
                .toList();
    }
}

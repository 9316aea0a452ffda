package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import dev.promotiond.testing.CliJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promotiond run --log-format json} in its own JVM: every line it writes, on standard output
 * and standard error, from start through a SIGHUP reload to SIGTERM, is one JSON object with the
 * fields a log pipeline reads; leadership, the reload and the shutdown each have their line.
 */
class JsonLogsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> FIELDS = List.of("timestamp", "level", "logger", "thread", "message");
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void everyLineFromStartToSigtermIsAJsonObjectWithTheLogFields() throws Exception {
        // to files, as systemd's journal or a container runtime takes them
        Path stdout = dir.resolve("stdout.log");
        Path stderr = dir.resolve("stderr.log");
        // a test run under nohup (or a CI runner that ignores SIGHUP) would pass its ignored SIGHUP on to
        // the daemon, which then cannot reload on it (it says so); start it with SIGHUP at its default
        Process p = start("--default-signal=HUP", stdout, stderr);
        Supplier<List<String>> lines = () -> {
            try {
                List<String> all = new ArrayList<>();
                Files.readAllLines(stdout).forEach(l -> all.add("stdout " + l));
                Files.readAllLines(stderr).forEach(l -> all.add("stderr " + l));
                return all;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        try {
            awaitLine(lines, l -> KillNineRestartTest.LISTENING.matcher(l).find());
            Matcher m = lines.get().stream().map(KillNineRestartTest.LISTENING::matcher).filter(Matcher::find)
                    .findFirst().orElseThrow();
            String base = "http://127.0.0.1:" + m.group(1);
            awaitLine(lines, l -> l.contains("\"message\":\"replica ") && l.contains(" leads (epoch "));
            awaitReadiness(base + "/readyz", lines);

            Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start();
            assertThat(hup.waitFor(10, TimeUnit.SECONDS)).isTrue();
            awaitLine(lines, l -> l.contains("rules reloaded (sighup)"));

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            assertThat(p.exitValue()).as("exit code after SIGTERM (128 + 15)").isEqualTo(143);
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }

        List<JsonNode> events = new ArrayList<>();
        for (String line : lines.get()) {
            String text = line.substring(line.indexOf(' ') + 1);
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (IOException e) {
                fail("not a JSON line (%s): %s", e.getMessage(), line);
                return;
            }
            assertThat(node.isObject()).as(line).isTrue();
            for (String field : FIELDS) {
                assertThat(node.path(field).isTextual()).as("%s in %s", field, line).isTrue();
            }
            assertThat(node.path("timestamp").asText()).as(line)
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(node.path("level").asText()).as(line).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
            events.add(node);
        }
        List<String> messages = events.stream().map(e -> e.path("message").asText()).toList();
        assertThat(messages).as(String.join("\n", lines.get()))
                .anyMatch(m -> m.matches("replica \\S+ leads \\(epoch \\d+\\)"))
                .anyMatch(m -> m.startsWith("rules reloaded (sighup): "))
                .anyMatch(m -> m.equals("stop signal received (SIGTERM or SIGINT): shutting down"))
                .anyMatch(m -> m.matches("replica \\S+ stops leading: stopping, lease released \\(epoch \\d+\\)"))
                .anyMatch(m -> m.matches("shut down in \\d+ ms"));
        assertThat(messages.get(messages.size() - 1)).as("the last line says the shutdown finished")
                .matches("shut down in \\d+ ms");
        assertThat(events).filteredOn(e -> e.path("message").asText().startsWith("stop signal"))
                .allSatisfy(e -> assertThat(e.path("thread").asText()).isEqualTo("promotiond-shutdown"));
    }

    /**
     * Started with SIGHUP ignored (as under nohup), the JVM keeps it ignored: the daemon cannot reload
     * on it and says so when it starts, rather than leaving an operator's SIGHUP unanswered in silence.
     */
    @Test
    void aDaemonStartedWithSighupIgnoredSaysItCannotReloadOnIt() throws Exception {
        Path stderr = dir.resolve("stderr.log");
        Process p = start("--ignore-signal=HUP", dir.resolve("stdout.log"), stderr);
        Supplier<List<String>> lines = () -> {
            try {
                return Files.readAllLines(stderr);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        try {
            awaitLine(lines, l -> l.contains("SIGHUP was ignored when this process started (nohup?)"));
            assertThat(lines.get()).filteredOn(l -> l.contains("SIGHUP was ignored"))
                    .allSatisfy(l -> assertThat(JSON.readTree(l).path("level").asText()).isEqualTo("WARN"));
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnknownLogFormatIsAUsageError() {
        java.io.StringWriter err = new java.io.StringWriter();
        int code = Main.execute(null, new java.io.PrintWriter(err, true), "run", "--log-format", "xml",
                "--config", dir.resolve("none.yaml").toString());
        assertThat(code).isEqualTo(ExitCodes.ERROR);
        assertThat(err.toString()).contains("--log-format").contains("text").contains("json");
    }

    /** {@code promotiond run --log-format json} on a one-component config, under {@code env SIGNAL_FLAG}. */
    private Process start(String signalFlag, Path stdout, Path stderr) throws IOException {
        List<String> command = new ArrayList<>(List.of("env", signalFlag));
        command.addAll(CliJvm.command("run", "--log-format", "json", "--config",
                CliJvm.oneComponentConfig(dir).toString()));
        return new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    }

    /** Waits (bounded) for a line that matches. */
    private static void awaitLine(Supplier<List<String>> lines, Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lines.get().stream().noneMatch(wanted)) {
            assertThat(System.nanoTime()).as("no such line in:\n%s", String.join("\n", lines.get()))
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private void awaitReadiness(String url, Supplier<List<String>> lines) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return;
            }
            assertThat(System.nanoTime()).as("/readyz: %s %s\n%s", r.statusCode(), r.body(), lines.get())
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}

package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.testing.FakeEndpoints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `promotiond run` in its own JVM, killed with SIGKILL and started again on the same store: the soak
 * clock continues from where it was, losing at most the last flush interval of probes.
 */
class KillNineRestartTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules")).toAbsolutePath();
    static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    record Running(Process process, int port) {
    }

    static Running start(Path config) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dsun.net.httpserver.nodelay=true", Main.class.getName(), "run", "--config", config.toString())
                .redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String line; (line = r.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
                port.completeExceptionally(new IOException("daemon exited before listening"));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            return new Running(p, port.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    JsonNode soak(int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/components/api")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("soak");
    }

    /** Polls (bounded) until an evaluation shows the soak with at least {@code probes} observations. */
    JsonNode awaitProbes(int port, long probes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode s = soak(port);
        while (s.path("startedAt").asText().isEmpty() || s.path("up").asLong() < probes) {
            assertThat(System.nanoTime()).as("soak never reached %d probes: %s", probes, s).isLessThan(deadline);
            Thread.sleep(200);
            s = soak(port);
        }
        return s;
    }

    @Test
    void soakClockContinuesAfterKillNine() throws Exception {
        try (FakeEndpoints endpoints = new FakeEndpoints()) {
            endpoints.add("api").version = "4.2.0";
            Path config = dir.resolve("promotiond.yaml");
            Files.writeString(config, """
                    listen: 127.0.0.1:0
                    store: ./ledger.db
                    rules: %s
                    evaluation_interval: 1s
                    components:
                      - name: api
                        stage: Staging
                        health: {url: "%s", interval: 1s, timeout: 500ms, status: /status, version: /version}
                    """.formatted(RULES, endpoints.url("api")));

            Running first = start(config);
            JsonNode before;
            try {
                // six 1 s probes into the soak, its start has been flushed (every second) several times
                // over; the count shown may be ahead of the store by what the last flush had not taken,
                // which the check after the restart allows for
                before = awaitProbes(first.port(), 6);
            } finally {
                first.process().destroyForcibly(); // SIGKILL: no shutdown hook, no final flush
                first.process().waitFor(30, TimeUnit.SECONDS);
            }
            Instant startedAt = Instant.parse(before.path("startedAt").asText());
            long upBefore = before.path("up").asLong();

            Running second = start(config);
            try {
                JsonNode after = awaitProbes(second.port(), 0); // the port opens before the first evaluation
                assertThat(Instant.parse(after.path("startedAt").asText())).isEqualTo(startedAt);
                assertThat(after.path("version").asText()).isEqualTo("4.2.0");
                assertThat(after.path("up").asLong()).as("at most the last flush is lost")
                        .isGreaterThanOrEqualTo(upBefore - 2);
                JsonNode later = awaitProbes(second.port(), upBefore + 3);
                assertThat(Instant.parse(later.path("startedAt").asText())).isEqualTo(startedAt);
                assertThat(later.path("wallSeconds").asLong()).isGreaterThan(before.path("wallSeconds").asLong());
            } finally {
                second.process().destroy();
                second.process().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}

package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.engine.BundledRules;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import dev.promotiond.testing.CliJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promotiond run} in its own JVM from a config with no {@code rules:} key: it evaluates with
 * the rules bundled in the jar, says so in its log, shows them in {@code /api/v1/rules}, and deletes
 * its temporary copy of them when it stops.
 */
class RunWithBundledRulesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void runWithoutARulesKeyJudgesWithTheBundledRules() throws Exception {
        Path config = CliJvm.oneComponentConfig(dir);
        Process p = new ProcessBuilder(CliJvm.command("run", "--config", config.toString()))
                .redirectErrorStream(true).start();
        StringBuffer log = new StringBuffer();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String line; (line = r.readLine()) != null; ) {
                    log.append(line).append('\n');
                    Matcher m = KillNineRestartTest.LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
                port.completeExceptionally(new IOException("daemon exited before listening:\n" + log));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            String base = "http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS);
            JsonNode readiness = awaitReadiness(base + "/api/v1/components/api/readiness?target=production", log);
            assertThat(readiness.path("state").asText()).isIn("ready", "not_ready", "unknown");
            assertThat(readiness.path("criteria").findValuesAsText("name")).as("criteria of the bundled rules")
                    .isNotEmpty().anyMatch(n -> n.startsWith("uptime"));

            JsonNode rules = get(base + "/api/v1/rules");
            assertThat(rules.path("bundled").asBoolean()).isTrue();
            assertThat(rules.path("files").findValuesAsText("file")).containsExactlyElementsOf(BundledRules.FILES);
            Path copy = Path.of(rules.path("dir").asText());
            assertThat(copy).isDirectory();
            assertThat(log.toString()).as(log.toString())
                    .containsPattern("no rules folder in .*promotiond\\.yaml: evaluating with the bundled default rules")
                    .contains("promotiond rules init DIR").contains("rules: DIR");

            p.destroy(); // SIGTERM: the shutdown hook stops the daemon
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(copy).as("the temporary copy is deleted at exit").doesNotExist();
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Polls (bounded) until the first evaluation answers the readiness route. */
    private JsonNode awaitReadiness(String url, StringBuffer log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return JSON.readTree(r.body());
            }
            assertThat(System.nanoTime()).as("no readiness answer: %s %s\n%s", r.statusCode(), r.body(), log)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}

package dev.promotiond.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The real {@code prometheus} binary (Debian package) on 127.0.0.1, scraping loopback targets every
 * second, with its config and TSDB in a directory the test owns. It can be stopped and started
 * again on the same port and data, to test an outage and the recovery. Every wait is bounded.
 */
public final class RealPrometheus implements AutoCloseable {
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path binary;
    private final Path dir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    /**
     * Writes the config and starts Prometheus, waiting until it is ready.
     *
     * @param dir     an empty directory owned by the test (e.g. a {@code @TempDir})
     * @param targets job name → {@code host:port} of its /metrics endpoint on loopback
     */
    public static RealPrometheus start(Path dir, Map<String, String> targets) throws IOException {
        RealPrometheus p = new RealPrometheus(LocalProcesses.binary("prometheus", "prometheus"), dir, LocalProcesses.freePort());
        Files.writeString(dir.resolve("prometheus.yml"), config(targets));
        p.start();
        return p;
    }

    /**
     * Starts Prometheus on a TSDB backfilled with {@code openMetrics} (samples with timestamps, ending
     * in {@code # EOF}) by {@code promtool tsdb create-blocks-from openmetrics}, scraping nothing: its
     * history is exactly what the test wrote.
     */
    public static RealPrometheus startWithHistory(Path dir, String openMetrics) throws IOException {
        Path input = dir.resolve("history.om");
        Files.writeString(input, openMetrics);
        Path log = dir.resolve("promtool.log");
        Process p = new ProcessBuilder(LocalProcesses.binary("prometheus", "promtool").toString(), "tsdb", "create-blocks-from", "openmetrics",
                input.toString(), dir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("promtool did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("promtool create-blocks-from failed:\n" + Files.readString(log));
        }
        RealPrometheus prometheus = new RealPrometheus(LocalProcesses.binary("prometheus", "prometheus"), dir, LocalProcesses.freePort());
        Files.writeString(dir.resolve("prometheus.yml"), config(Map.of()));
        prometheus.start();
        return prometheus;
    }

    private RealPrometheus(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Starts the process (again) on the same port and data directory and waits until it is ready. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Prometheus is already running");
        }
        Path log = dir.resolve("prometheus.log");
        process = new ProcessBuilder(binary.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        await("Prometheus ready on port " + port, READY_TIMEOUT, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prometheus exited with " + process.exitValue() + ":\n" + LocalProcesses.logTail(dir.resolve("prometheus.log")));
            }
            return LocalProcesses.status(URI.create(url() + "/-/ready")) == 200;
        });
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** Stops the process (SIGTERM, then SIGKILL after 10 s) and waits until it is gone. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        LocalProcesses.stop(process);
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** Prometheus's own answer to an instant query at {@code at}: exactly one sample, else it throws. */
    public double query(String promql, Instant at) {
        JsonNode root = api(promql, at);
        JsonNode data = root.path("data");
        JsonNode value = switch (data.path("resultType").asText()) {
            case "scalar" -> data.path("result");
            case "vector" -> data.path("result").size() == 1 ? data.path("result").get(0).path("value") : null;
            default -> null;
        };
        if (!"success".equals(root.path("status").asText()) || value == null) {
            throw new IllegalStateException("expected one sample for " + promql + ", got " + root);
        }
        String text = value.get(1).asText();
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** How many series an instant query at {@code at} returns (0 on error). */
    public int seriesCount(String promql, Instant at) {
        JsonNode result = api(promql, at).path("data").path("result");
        return result.isArray() ? result.size() : 0;
    }

    /** Prometheus's raw JSON answer to an instant query, whatever its status. */
    public JsonNode api(String promql, Instant at) {
        String uri = url() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + BigDecimal.valueOf(at.toEpochMilli()).movePointLeft(3).toPlainString();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits (bounded) until the series selected by {@code selector} has at least {@code samples} samples. */
    public void awaitSamples(String selector, int samples, Duration max) {
        await(samples + " samples of " + selector, max, () -> {
            JsonNode result = api("count_over_time(" + selector + "[10m])", Instant.now()).path("data").path("result");
            return result.size() > 0 && result.get(0).path("value").get(1).asDouble() >= samples;
        });
    }

    /**
     * Waits (bounded) until every target has a scrape stamped after {@code at}. A target's scrapes run
     * one after another, so every scrape stamped at or before {@code at} is stored by then: a barrier
     * for queries evaluated at {@code at}, in place of waiting out the scrape timeout.
     */
    public void awaitScrapedAfter(Instant at, Duration max) {
        double atSeconds = at.toEpochMilli() / 1e3;
        await("every target scraped after " + at, max, () -> {
            JsonNode result = api("min(timestamp(up))", Instant.now()).path("data").path("result");
            return result.size() > 0 && result.get(0).path("value").get(1).asDouble() > atSeconds;
        });
    }

    /** Waits (bounded) until {@code promql}, evaluated now, returns exactly {@code expected}. */
    public void awaitValue(String promql, double expected, Duration max) {
        await(promql + " == " + expected, max, () -> {
            try {
                return query(promql, Instant.now()) == expected;
            } catch (IllegalStateException e) {
                return false;
            }
        });
    }

    /** Polls {@code condition} every 100 ms until it holds; fails after {@code max}. */
    public static void await(String what, Duration max, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + max + " waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }



    private static String config(Map<String, String> targets) {
        StringBuilder b = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                """);
        new TreeMap<>(targets).forEach((job, target) -> {
            if (!target.startsWith("127.0.0.1:") && !target.startsWith("localhost:")) {
                throw new IllegalArgumentException("targets must be on loopback, was " + target);
            }
            b.append("  - job_name: '").append(job).append("'\n")
                    .append("    static_configs:\n")
                    .append("      - targets: ['").append(target).append("']\n");
        });
        return b.toString();
    }


}

package dev.promotiond.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.testing.LocalProcesses;
import dev.promotiond.testing.RealPrometheus;
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
import java.util.List;

/**
 * The real {@code prometheus} binary on a port the test chose beforehand (so the daemon can be
 * configured with its URL before it starts), scraping loopback jobs every second, each with its
 * own metrics path: the daemon at {@code /metrics} and each demo component at
 * {@code /<name>/metrics}, job name = component name, as the demo expects. Config and TSDB live in
 * a directory the test owns; every wait is bounded.
 */
final class DashboardPrometheus implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scrape job: {@code 127.0.0.1:port} and the path of its metrics. */
    record Job(String name, String target, String metricsPath) {
        Job {
            if (!target.startsWith("127.0.0.1:")) {
                throw new IllegalArgumentException("targets must be on loopback, was " + target);
            }
            if (!name.matches("[a-zA-Z0-9_-]+") || !metricsPath.matches("/[a-zA-Z0-9_/-]*")) {
                throw new IllegalArgumentException("unexpected job " + name + " " + metricsPath);
            }
        }
    }

    private final Path dir;
    private final int port;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Writes the config, starts Prometheus on 127.0.0.1:{@code port} and waits until it is ready. */
    static DashboardPrometheus start(Path dir, int port, List<Job> jobs) throws IOException {
        Files.writeString(dir.resolve("prometheus.yml"), config(jobs));
        Process p = new ProcessBuilder(LocalProcesses.binary("prometheus", "prometheus").toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("prometheus.log").toFile()))
                .start();
        DashboardPrometheus prometheus = new DashboardPrometheus(dir, port, p);
        try {
            RealPrometheus.await("Prometheus ready on port " + port, RealPrometheus.READY_TIMEOUT, () -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("Prometheus exited with " + p.exitValue() + ":\n"
                            + prometheus.logTail());
                }
                return prometheus.ready();
            });
        } catch (RuntimeException | AssertionError e) {
            prometheus.close();
            throw e;
        }
        return prometheus;
    }

    private DashboardPrometheus(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Prometheus's JSON answer to an instant query now, whatever its status. */
    JsonNode query(String promql) {
        return get("/api/v1/query?query=" + encode(promql));
    }

    /** Prometheus's JSON answer to a range query, as Grafana sends for graphs and annotations. */
    JsonNode queryRange(String promql, Instant start, Instant end, Duration step) {
        return get("/api/v1/query_range?query=" + encode(promql) + "&start=" + seconds(start) + "&end="
                + seconds(end) + "&step=" + step.toMillis() / 1000.0);
    }

    private JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + pathAndQuery))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean ready() {
        return LocalProcesses.status(URI.create(url() + "/-/ready")) == 200;
    }

    /** Stops the process (SIGTERM, then SIGKILL after 10 s). */
    @Override
    public void close() {
        LocalProcesses.stop(process);
    }

    String logTail() {
        return LocalProcesses.logTail(dir.resolve("prometheus.log"));
    }

    private static String config(List<Job> jobs) {
        StringBuilder b = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                """);
        for (Job j : jobs) {
            b.append("  - job_name: '").append(j.name()).append("'\n")
                    .append("    metrics_path: '").append(j.metricsPath()).append("'\n")
                    .append("    static_configs:\n")
                    .append("      - targets: ['").append(j.target()).append("']\n");
        }
        return b.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String seconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3).toPlainString();
    }

}

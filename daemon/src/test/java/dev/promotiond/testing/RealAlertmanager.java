package dev.promotiond.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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

/**
 * The real Alertmanager binary (Debian package prometheus-alertmanager) on 127.0.0.1, clustering
 * off, routing every alert to one webhook on loopback (grouped per alert, 1 s group wait and
 * interval, resolved notifications on). Config and storage live in a directory the test owns; it
 * can be stopped and started again on the same port and storage, to test an outage. Every wait is
 * bounded.
 */
public final class RealAlertmanager implements AutoCloseable {
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> BINARY_NAMES = List.of("alertmanager", "prometheus-alertmanager");

    private final Path binary;
    private final Path dir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    /**
     * Writes the config and starts Alertmanager, waiting until it is ready.
     *
     * @param dir     an empty directory owned by the test (e.g. a {@code @TempDir})
     * @param webhook where every notification goes; must be on loopback
     */
    public static RealAlertmanager start(Path dir, URI webhook) throws IOException {
        String host = webhook.getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            throw new IllegalArgumentException("webhook must be on loopback, was " + webhook);
        }
        RealAlertmanager am = new RealAlertmanager(findBinary(), dir, freePort());
        Files.writeString(dir.resolve("alertmanager.yml"), config(webhook));
        am.start();
        return am;
    }

    private RealAlertmanager(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the process (again) on the same port and storage and waits until it is ready. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Alertmanager is already running");
        }
        process = new ProcessBuilder(binary.toString(),
                "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--log.level=warn")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("alertmanager.log").toFile()))
                .start();
        Process started = process;
        RealPrometheus.await("Alertmanager ready on port " + port, READY_TIMEOUT, () -> {
            if (!started.isAlive()) {
                throw new IllegalStateException("Alertmanager exited with " + started.exitValue() + ":\n" + logTail());
            }
            return status("/-/ready") == 200;
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
        Process p = process;
        process = null;
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the process; kills it whatever happens. */
    @Override
    public synchronized void close() {
        Process p = process;
        try {
            stop();
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /** Alertmanager's own list of active alerts: {@code GET /api/v2/alerts}. */
    public List<JsonNode> alerts() {
        JsonNode root = get("/api/v2/alerts");
        if (!root.isArray()) {
            throw new IllegalStateException("expected a JSON array of alerts, got " + root);
        }
        List<JsonNode> alerts = new ArrayList<>();
        root.forEach(alerts::add);
        return alerts;
    }

    /** The active alerts whose label {@code name} equals {@code value}. */
    public List<JsonNode> alerts(String name, String value) {
        return alerts().stream().filter(a -> value.equals(a.path("labels").path(name).asText(null))).toList();
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("alertmanager.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** One group per alert ('...'), so each alert's notifications are its own. */
    private static String config(URI webhook) {
        return """
                route:
                  receiver: webhook
                  group_by: ['...']
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: webhook
                    webhook_configs:
                      - url: '%s'
                        send_resolved: true
                """.formatted(webhook);
    }

    /** Upstream names it {@code alertmanager}; Debian installs {@code /usr/bin/prometheus-alertmanager}. */
    private static Path findBinary() {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : BINARY_NAMES) {
                Path candidate = Path.of(entry, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        Path debian = Path.of("/usr/bin/prometheus-alertmanager");
        if (Files.isExecutable(debian)) {
            return debian;
        }
        throw new IllegalStateException("no `alertmanager` or `prometheus-alertmanager` binary on PATH;"
                + " .ci/run installs it (Debian package prometheus-alertmanager)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

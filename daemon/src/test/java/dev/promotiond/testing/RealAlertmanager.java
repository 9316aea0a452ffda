package dev.promotiond.testing;

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
        RealAlertmanager am = new RealAlertmanager(LocalProcesses.binary("prometheus-alertmanager", BINARY_NAMES.toArray(String[]::new)), dir, LocalProcesses.freePort());
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
                throw new IllegalStateException("Alertmanager exited with " + started.exitValue() + ":\n" + LocalProcesses.logTail(dir.resolve("alertmanager.log")));
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
        Process p = process;
        process = null;
        LocalProcesses.stop(p);
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


}

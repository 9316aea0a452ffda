package dev.promotiond.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A running service on 127.0.0.1 whose version a deployment (or a rollback) switches: {@code /health}
 * reports the running version, {@code /metrics} counts {@code http_requests_total{code, version}}
 * for the running version only, as a freshly started process of that version would. Every scrape
 * stands for {@value #REQUESTS_PER_SCRAPE} requests, of which the version's error ratio answered
 * 500; so rates move with Prometheus's scrapes, never with the test's sleeping.
 */
public final class VersionedService implements AutoCloseable {
    public static final int REQUESTS_PER_SCRAPE = 100;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Double> errorRatios = new LinkedHashMap<>();
    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private String version;

    public VersionedService(String version) throws IOException {
        this.version = version;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "versioned-service");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/health", e -> answer(e, "application/json", health()));
        server.createContext("/metrics", e -> answer(e, "text/plain; version=0.0.4", scrape()));
        server.start();
    }

    /** The running version becomes {@code version} (a deployment or a rollback). */
    public synchronized void switchTo(String version) {
        this.version = version;
    }

    public synchronized String version() {
        return version;
    }

    /** From now on {@code ratio} of the version's requests fail (0 until set). */
    public synchronized void errorRatio(String version, double ratio) {
        errorRatios.put(version, ratio);
    }

    public URI healthUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
    }

    /** {@code 127.0.0.1:port}, for a scrape config. */
    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private synchronized String health() {
        return "{\"status\":\"healthy\",\"version\":\"" + version + "\"}";
    }

    private synchronized String scrape() {
        long errors = Math.round(REQUESTS_PER_SCRAPE * errorRatios.getOrDefault(version, 0.0));
        long[] c = counts.computeIfAbsent(version, v -> new long[2]);
        c[0] += REQUESTS_PER_SCRAPE - errors;
        c[1] += errors;
        return "# TYPE http_requests_total counter\n"
                + "http_requests_total{code=\"200\",version=\"" + version + "\"} " + c[0] + "\n"
                + "http_requests_total{code=\"500\",version=\"" + version + "\"} " + c[1] + "\n";
    }

    private static void answer(HttpExchange exchange, String type, String text) throws IOException {
        try (exchange) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}

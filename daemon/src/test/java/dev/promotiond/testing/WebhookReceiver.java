package dev.promotiond.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A JDK HTTP server on 127.0.0.1 that records every POST (path, headers, body as JSON) and answers
 * whatever status and body the test sets, optionally after a delay. Serves as Alertmanager's
 * webhook receiver and as a stand-in Alertmanager. Every wait is bounded.
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One recorded POST. Header names are lower case. */
    public record Request(String path, Map<String, List<String>> headers, JsonNode body) {
        public Request {
            headers = Map.copyOf(headers);
        }

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Request> requests = new ArrayList<>();
    private volatile int status = 200;
    private volatile String body = "";
    private volatile Duration delay = Duration.ZERO;

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers every later request with {@code status} and {@code body}. */
    public void answer(int status, String body) {
        this.body = body;
        this.status = status;
    }

    /** Waits this long before answering (ended early by {@link #close}). */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Waits until at least {@code n} POSTs arrived and returns all of them; fails after {@code max}. */
    public List<Request> awaitRequests(int n, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (requests) {
            while (requests.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out after " + max + " waiting for " + n
                            + " request(s); got " + requests.size() + ": " + requests);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(requests, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + n + " request(s)");
                }
            }
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            record(exchange);
            if (!delay.isZero() && closing.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up; nothing to answer
        }
    }

    private void record(HttpExchange exchange) throws IOException {
        String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (IOException e) {
            json = TextNode.valueOf(text);
        }
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
        Request request = new Request(exchange.getRequestURI().getPath(), headers, json);
        synchronized (requests) {
            requests.add(request);
            requests.notifyAll();
        }
    }
}

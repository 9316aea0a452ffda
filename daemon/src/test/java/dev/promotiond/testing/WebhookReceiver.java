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
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A JDK HTTP server on 127.0.0.1 that records every POST (path, headers, body as JSON) and answers
 * whatever status and body the test sets, optionally after a delay. Serves as Alertmanager's
 * webhook receiver and as a stand-in Alertmanager. As a rollback receiver it can check promotiond's
 * HMAC signature and act on each accepted request (e.g. really switch a service's version). Every
 * wait is bounded.
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
    private volatile byte[] secret;
    private volatile Function<Request, Integer> action = r -> null;
    private final Map<String, String> answerHeaders = new java.util.concurrent.ConcurrentHashMap<>();

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

    /** Adds this header to every later answer (e.g. {@code Retry-After}). */
    public void answerHeader(String name, String value) {
        answerHeaders.put(name, value);
    }

    /** Waits this long before answering (ended early by {@link #close}). */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    /**
     * Accepts only POSTs signed with {@code secret} as promotiond signs rollback webhooks
     * ({@code X-Promotiond-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + body))});
     * others are recorded and answered 401 without acting.
     */
    public void verifySignatures(byte[] secret) {
        this.secret = secret.clone();
    }

    /**
     * Runs {@code action} on every accepted POST before answering; a non-null result is the status
     * to answer instead of the one set by {@link #answer}.
     */
    public void onPost(Function<Request, Integer> action) {
        this.action = action;
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
            byte[] raw = exchange.getRequestBody().readAllBytes();
            Request request = record(exchange, raw);
            int answer = status;
            if (secret != null && !signedCorrectly(request, raw)) {
                answer = 401;
            } else {
                Integer acted = action.apply(request);
                answer = acted == null ? answer : acted;
            }
            if (!delay.isZero() && closing.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            answerHeaders.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(answer, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up; nothing to answer
        }
    }

    private boolean signedCorrectly(Request request, byte[] raw) {
        String timestamp = request.header("X-Promotiond-Timestamp");
        String signature = request.header("X-Promotiond-Signature");
        if (timestamp == null || signature == null || !signature.startsWith("sha256=")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            byte[] expected = mac.doFinal(raw);
            byte[] given = HexFormat.of().parseHex(signature.substring("sha256=".length()));
            return MessageDigest.isEqual(expected, given);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private Request record(HttpExchange exchange, byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
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
        return request;
    }
}

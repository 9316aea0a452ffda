package dev.promotiond.probe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A real HTTP server on 127.0.0.1, port 0, with canned routes. */
final class LoopbackServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-server");
        t.setDaemon(true);
        return t;
    });
    /** Released on close so hanging handlers end with the test. */
    private final CountDownLatch closing = new CountDownLatch(1);

    LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.start();
    }

    void respond(String path, int status, String body) {
        respond(path, status, body.getBytes(StandardCharsets.UTF_8));
    }

    void respond(String path, int status, byte[] body) {
        server.createContext(path, exchange -> send(exchange, status, body));
    }

    /** Answers only when the gate opens (or the server closes). */
    void respondAfter(String path, CountDownLatch gate, String body) {
        server.createContext(path, exchange -> {
            await(gate);
            send(exchange, 200, body.getBytes(StandardCharsets.UTF_8));
        });
    }

    /** Never answers while the test runs. */
    void hang(String path) {
        respondAfter(path, new CountDownLatch(1), "{}");
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        pool.shutdownNow();
    }

    private void await(CountDownLatch gate) {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (gate.getCount() > 0 && closing.getCount() > 0 && System.nanoTime() < deadline) {
                gate.await(20, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // The client may hang up early (oversized bodies, timeouts); nothing to do.
        }
    }
}

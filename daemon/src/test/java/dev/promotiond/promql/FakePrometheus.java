package dev.promotiond.promql;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback stand-in for Prometheus's query API that answers whatever the test sets. */
final class FakePrometheus implements AutoCloseable {
    private final HttpServer server;
    private final CountDownLatch released = new CountDownLatch(1);
    final List<URI> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    volatile int status = 200;
    volatile String body = "{}";
    volatile boolean hang;
    volatile long delayMillis;

    FakePrometheus() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-prometheus");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            // counted until the answer starts: once its last byte is out, the client may already be
            // on its next query while this thread is still closing the exchange
            boolean counted = true;
            try {
                requests.add(exchange.getRequestURI());
                if (hang) {
                    released.await(10, TimeUnit.SECONDS);
                } else if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                inFlight.decrementAndGet();
                counted = false;
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client gave up; nothing to answer
            } finally {
                if (counted) {
                    inFlight.decrementAndGet();
                }
                exchange.close();
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A one-sample vector answer at {@code unixSeconds}. */
    void answerVector(double unixSeconds, String value) {
        status = 200;
        body = """
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"job":"api"},"value":[%s,"%s"]}]}}""".formatted(unixSeconds, value);
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}

package dev.promotiond.bench;

import dev.promotiond.api.ApiServer;
import dev.promotiond.api.HttpLimits;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.Store;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The listener under slow clients: holds 1,000 connections that sent half a header, measures p99
 * of /healthz, /metrics and the readiness API meanwhile, then fires 2,000 concurrent new clients
 * and counts how many got an answer. Not a unit test (wall clock); run by hand, see BENCHMARKS.md.
 */
public final class SlowClientsBench {
    public static void main(String[] args) throws Exception {
        int stalledCount = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int concurrent = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Path dir = Files.createTempDirectory("slow-clients");
        Evaluation e = new Evaluation(Instant.parse("2025-01-01T00:00:00Z"), Duration.ofMillis(5), List.of());
        try (Store store = Store.open(dir.resolve("s.db"));
             ApiServer server = ApiServer.start("127.0.0.1", 0,
                     // a long read timeout, so the stalled connections stay open for the whole run
                     HttpLimits.DEFAULTS.withReadTimeout(Duration.ofMinutes(5)), new PrometheusRegistry(), () -> e,
                     store, new ActionStore(store), "t", c -> List.of(), null, null, null, null)) {
            int port = server.port();
            List<Socket> stalled = new ArrayList<>();
            for (int i = 0; i < stalledCount; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
                stalled.add(s);
            }
            System.out.printf("%d stalled connections held%n", stalled.size());
            for (String path : List.of("/healthz", "/metrics", "/api/v1/components")) {
                long[] ms = new long[500];
                for (int i = 0; i < ms.length; i++) {
                    long t0 = System.nanoTime();
                    int status = get(port, path);
                    ms[i] = System.nanoTime() - t0;
                    if (status != 200) {
                        throw new IllegalStateException(path + " answered " + status);
                    }
                }
                Arrays.sort(ms);
                System.out.printf("%-20s p50 %.2f ms  p99 %.2f ms  max %.2f ms (500 sequential, new connection each)%n",
                        path, ms[250] / 1e6, ms[494] / 1e6, ms[499] / 1e6);
            }
            AtomicInteger answered = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        if (get(port, "/healthz") == 200) {
                            answered.incrementAndGet();
                        }
                    } catch (Exception ignored) {
                        // counted as unanswered
                    }
                });
                t.start();
                clients.add(t);
            }
            long t0 = System.nanoTime();
            go.countDown();
            for (Thread t : clients) {
                t.join(120_000);
            }
            System.out.printf("%d concurrent clients: %d answered 200 in %.2f s%n", concurrent, answered.get(),
                    (System.nanoTime() - t0) / 1e9);
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    private static int get(int port, String path) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            in.readAllBytes();
            return line.length() == 0 ? -1 : Integer.parseInt(line.toString().split(" ")[1]);
        }
    }
}

package dev.promotiond.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The future always completes, whatever the server or the reader does, and cancelling it cancels the call. */
class AsyncCallTest {
    final OkHttpClient http = new OkHttpClient.Builder().callTimeout(10, TimeUnit.SECONDS).build();
    final CountDownLatch release = new CountDownLatch(1);
    HttpServer server;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", ex -> {
            byte[] body = "fine".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/stall", ex -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        http.dispatcher().executorService().shutdown();
    }

    Call call(String path) {
        return http.newCall(new Request.Builder().url("http://127.0.0.1:" + server.getAddress().getPort() + path).build());
    }

    @Test
    void completesWithWhatTheReaderMadeOfTheResponse() throws Exception {
        CompletableFuture<String> f = AsyncCall.enqueue(call("/ok"), r -> r.code() + " " + r.body().string(),
                e -> "failed: " + e);
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("200 fine");
    }

    @Test
    void aTransportFailureGoesThroughTheFailureMapping() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Call refused = http.newCall(new Request.Builder().url("http://127.0.0.1:" + closed + "/").build());
        CompletableFuture<String> f = AsyncCall.enqueue(refused, r -> "answered", e -> "failed: " + e.getClass().getSimpleName());
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("failed: ConnectException");
    }

    @Test
    void aReaderThatThrowsCompletesTheFutureExceptionallyInsteadOfLeavingItWaiting() {
        CompletableFuture<String> f = AsyncCall.enqueue(call("/ok"), r -> {
            throw new IllegalStateException("reader bug");
        }, e -> "failed");
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void cancellingTheFutureCancelsTheCall() throws Exception {
        Call stalled = call("/stall");
        CompletableFuture<String> f = AsyncCall.enqueue(stalled, r -> "answered", e -> "failed");
        f.cancel(true);
        assertThat(stalled.isCanceled()).isTrue();
    }
}

package dev.promotiond.http;

import dev.promotiond.config.CaCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * The one factory for OkHttp clients. A client from {@link #builder} bounds every call by one timeout
 * end to end (OkHttp's default has no call timeout), and neither retries nor follows redirects, so a
 * caller sees what the server itself answered; retrying is the caller's decision ({@link Backoff}).
 */
public final class HttpClients {
    private static final String HIDDEN_RETRY_AFTER = "Promotiond-Retry-After";

    private HttpClients() {
    }

    /**
     * A builder with call, connect, read and write timeouts all set to {@code timeout}, no retry on
     * connection failure, no redirects.
     *
     * @throws IllegalArgumentException when the timeout is not positive, naming {@code what}
     */
    public static OkHttpClient.Builder builder(String what, Duration timeout) {
        return timeouts(new OkHttpClient.Builder()
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .addNetworkInterceptor(HttpClients::hideRetryAfterFromOkHttp), what, timeout);
    }

    /**
     * The answer's {@code Retry-After} header, or null. Read it with this, not {@code response.header},
     * on clients from {@link #builder}.
     */
    public static String retryAfter(Response response) {
        String hidden = response.header(HIDDEN_RETRY_AFTER);
        return hidden != null ? hidden : response.header("Retry-After");
    }

    /**
     * OkHttp repeats a request once, on its own, when the answer is 503 with {@code Retry-After: 0},
     * whatever {@code retryOnConnectionFailure} says; that hidden retry would let a probe report what a
     * second call saw. Renaming the header below OkHttp's follow-up logic turns it off; {@link #retryAfter}
     * reads it back.
     */
    private static Response hideRetryAfterFromOkHttp(Interceptor.Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        String retryAfter = response.header("Retry-After");
        if (retryAfter == null) {
            return response;
        }
        return response.newBuilder().removeHeader("Retry-After").header(HIDDEN_RETRY_AFTER, retryAfter).build();
    }

    /** Sets all four timeouts of {@code b} to {@code timeout}; for clients derived with {@code newBuilder()}. */
    public static OkHttpClient.Builder timeouts(OkHttpClient.Builder b, String what, Duration timeout) {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException(what + " timeout must be positive, was " + timeout);
        }
        return b.callTimeout(timeout).connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout);
    }

    /**
     * A pool that keeps no idle connection, so every call opens a fresh one: for callers that call
     * seldom or must see what a new client sees, where a kept connection the server has since closed
     * would fail a call to a healthy server (no retries here).
     */
    public static ConnectionPool noReuse() {
        return new ConnectionPool(0, 1, TimeUnit.SECONDS);
    }

    /**
     * Trusts only the PEM certificates in {@code caFile} for https calls made with {@code b}.
     *
     * @throws IllegalArgumentException when the file cannot be read or holds no certificate
     */
    public static OkHttpClient.Builder trusting(OkHttpClient.Builder b, Path caFile) {
        X509TrustManager trust = CaCertificates.trustManager(CaCertificates.load(caFile));
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return b.sslSocketFactory(context.getSocketFactory(), trust);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JDK", e);
        }
    }

    /**
     * A dispatcher running at most {@code concurrency} calls at once (in total and per host) on as many
     * daemon threads named {@code promotiond-<name>-N}; the rest wait in its queue. The dispatcher
     * submits at most that many calls, so the queue stays short; a queue rather than a hand-off avoids
     * rejecting a call submitted while a finishing thread is not yet idle. Idle threads end after 60 s.
     */
    public static Dispatcher dispatcher(String name, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(concurrency, concurrency, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "promotiond-" + name + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        Dispatcher dispatcher = new Dispatcher(pool);
        dispatcher.setMaxRequests(concurrency);
        dispatcher.setMaxRequestsPerHost(concurrency);
        return dispatcher;
    }

    /** Cancels calls in flight, stops the dispatcher's threads and drops pooled connections. */
    public static void close(OkHttpClient client) {
        client.dispatcher().cancelAll();
        ExecutorService executor = client.dispatcher().executorService();
        executor.shutdown();
        client.connectionPool().evictAll();
    }
}

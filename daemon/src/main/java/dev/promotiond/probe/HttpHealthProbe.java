package dev.promotiond.probe;

import dev.promotiond.config.HealthCheck;
import dev.promotiond.facts.Observation;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Probes over HTTP with OkHttp. Each call is bounded by the check's timeout end to end; no retries
 * and no redirects, so the observation is what the endpoint itself said. At most {@code concurrency}
 * calls run at once (on as many daemon threads); the rest wait in the dispatcher's queue.
 * Construction starts no threads.
 */
public final class HttpHealthProbe implements HealthProbe, AutoCloseable {
    private final Clock clock;
    private final OkHttpClient base;
    private final ExecutorService executor;
    private final Map<Duration, OkHttpClient> clientsByTimeout = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public HttpHealthProbe(Clock clock, int concurrency) {
        this(clock, concurrency, Dns.SYSTEM);
    }

    HttpHealthProbe(Clock clock, int concurrency, Dns dns) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.executor = boundedDaemonPool(concurrency);
        Dispatcher dispatcher = new Dispatcher(executor);
        dispatcher.setMaxRequests(concurrency);
        dispatcher.setMaxRequestsPerHost(concurrency);
        this.base = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool())
                .dns(dns)
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }

    @Override
    public void probe(String component, HealthCheck check, Consumer<Observation> sink) {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(sink, "sink");
        if (closed) {
            throw new IllegalStateException("probe used after close");
        }
        Instant startedAt = clock.instant();
        ProbeCallback callback = new ProbeCallback(component, check, startedAt, System.nanoTime(), sink);
        HttpUrl url = httpUrl(check.url());
        if (url == null) {
            callback.deliver(Verdict.down(ProbeReasons.unreachable("not an http(s) url")));
            return;
        }
        Request request = new Request.Builder().url(url).get().build();
        clientFor(check.timeout()).newCall(request).enqueue(callback);
    }

    /** Cancels calls in flight (they report DOWN), stops the threads and drops pooled connections. */
    @Override
    public void close() {
        closed = true;
        base.dispatcher().cancelAll();
        executor.shutdown();
        base.connectionPool().evictAll();
    }

    /** Clients for each timeout share the dispatcher and connection pool of the base client. */
    private OkHttpClient clientFor(Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("health check timeout must be positive, was " + timeout);
        }
        return clientsByTimeout.computeIfAbsent(timeout, t -> base.newBuilder()
                .callTimeout(t)
                .connectTimeout(t)
                .readTimeout(t)
                .writeTimeout(t)
                .build());
    }

    private static HttpUrl httpUrl(URI uri) {
        try {
            return HttpUrl.get(uri.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The dispatcher submits at most maxRequests calls, so the queue stays short; a queue rather
     * than a hand-off avoids rejecting a call submitted while a finishing thread is not yet idle.
     */
    private static ExecutorService boundedDaemonPool(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "promotiond-probe-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}

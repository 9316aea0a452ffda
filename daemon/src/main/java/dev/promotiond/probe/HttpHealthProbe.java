package dev.promotiond.probe;

import dev.promotiond.config.HealthCheck;
import dev.promotiond.facts.Observation;
import dev.promotiond.http.HttpClients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
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
 *
 * <p>Every probe opens a new connection and closes it after the response (no connection pool,
 * {@code Connection: close}), so its outcome is what a fresh client would see at that instant. A pooled
 * connection is reused blindly for a GET: when the server has already closed it (Node's and uvicorn's
 * 5 s keep-alive, an nginx {@code keepalive_timeout} shorter than the interval, HTTP/1.0 servers) the
 * probe failed with "unexpected end of stream" though the endpoint was fine. The alternatives were
 * rejected: a retry after a failed reused connection needs OkHttp's {@code retryOnConnectionFailure},
 * which also retries failures on fresh connections and so can hide a real one; evicting idle
 * connections sooner than keep-alives cannot know every server's keep-alive and still races at the
 * boundary. The price is a TCP (and TLS) handshake per probe; BENCHMARKS.md measures it per 1,000
 * probes.
 */
public final class HttpHealthProbe implements HealthProbe, AutoCloseable {
    private final Clock clock;
    private final Dispatcher dispatcher;
    private final Dns dns;
    /** Built at the first probe, not at start: building reads the JDK's CA store (0.1–0.7 s of start). */
    private volatile OkHttpClient base;
    private final ExecutorService executor;
    private final boolean reuseConnections;
    private final Map<ClientKey, OkHttpClient> clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public HttpHealthProbe(Clock clock, int concurrency) {
        this(clock, concurrency, Dns.SYSTEM);
    }

    HttpHealthProbe(Clock clock, int concurrency, Dns dns) {
        this(clock, concurrency, dns, false);
    }

    /**
     * @param reuseConnections true only to measure or reproduce the pooled client this class used to
     *                         be (benchmarks and the conformance suite's "before" run); never in the daemon
     */
    HttpHealthProbe(Clock clock, int concurrency, Dns dns, boolean reuseConnections) {
        this.reuseConnections = reuseConnections;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.dispatcher = HttpClients.dispatcher("probe", concurrency);
        this.executor = dispatcher.executorService();
        this.dns = Objects.requireNonNull(dns, "dns");
    }

    private OkHttpClient base() {
        OkHttpClient b = base;
        if (b == null) {
            synchronized (this) {
                b = base;
                if (b == null) {
                    // the timeouts are set per check in clientFor
                    b = HttpClients.builder("health check", Duration.ofSeconds(10))
                            .dispatcher(dispatcher)
                            .connectionPool(reuseConnections ? new ConnectionPool() : HttpClients.noReuse())
                            .dns(dns)
                            .build();
                    base = b;
                }
            }
        }
        return b;
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
        if (check.timeout().isZero() || check.timeout().isNegative()) {
            throw new IllegalArgumentException("health check timeout must be positive, was " + check.timeout());
        }
        OkHttpClient client;
        try {
            client = clientFor(check.timeout(), url.isHttps() ? check.caFile() : null);
        } catch (IllegalArgumentException e) {  // the CA file broke after the config was read
            callback.deliver(Verdict.down(ProbeReasons.unreachable("tls.ca_file: " + e.getMessage())));
            return;
        }
        Request.Builder request = new Request.Builder().url(url).get();
        if (!reuseConnections) {
            request.header("Connection", "close");  // lets the server close too; dropped by OkHttp on HTTP/2
        }
        client.newCall(request.build()).enqueue(callback);
    }

    /** Cancels calls in flight (they report DOWN), stops the threads and drops pooled connections. */
    @Override
    public void close() {
        closed = true;
        dispatcher.cancelAll();
        executor.shutdown();
        OkHttpClient b = base;
        if (b != null) {
            b.connectionPool().evictAll();
        }
    }

    /**
     * Clients for each timeout and trusted CA file share the dispatcher and connection pool of the base
     * client. A CA file that cannot be read is not cached, so fixing the file heals the next probe.
     */
    private OkHttpClient clientFor(Duration timeout, Path caFile) {
        return clients.computeIfAbsent(new ClientKey(timeout, caFile), k -> {
            OkHttpClient.Builder b = HttpClients.timeouts(base().newBuilder(), "health check", k.timeout());
            if (k.caFile() != null) {
                HttpClients.trusting(b, k.caFile());
            }
            return b.build();
        });
    }

    private record ClientKey(Duration timeout, Path caFile) {
    }


    private static HttpUrl httpUrl(URI uri) {
        try {
            return HttpUrl.get(uri.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

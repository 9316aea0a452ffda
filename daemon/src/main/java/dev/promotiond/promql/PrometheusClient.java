package dev.promotiond.promql;

import dev.promotiond.config.Durations;
import dev.promotiond.config.PrometheusConfig;
import dev.promotiond.http.AsyncCall;
import dev.promotiond.http.CappedBody;
import dev.promotiond.http.HttpClients;
import dev.promotiond.http.TransportErrors;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Instant and range queries against Prometheus's HTTP API with OkHttp. Every call is bounded end to end by
 * the configured timeout (also sent as Prometheus's own query timeout); no retries, no redirects,
 * bodies capped at {@value #MAX_BODY_BYTES} bytes. At most {@code concurrency} calls are in flight;
 * the rest wait in the dispatcher's queue. Remote failures complete the future with a failed
 * {@link QueryResult}; it never completes exceptionally. Construction starts no threads.
 */
final class PrometheusClient implements AutoCloseable {
    static final long MAX_BODY_BYTES = 4L * 1024 * 1024;

    private final PrometheusConfig config;
    private final HttpUrl queryUrl;
    private final HttpUrl rangeUrl;
    private final OkHttpClient http;

    PrometheusClient(PrometheusConfig config, int concurrency) {
        this.config = Objects.requireNonNull(config, "config");
        HttpUrl base = HttpUrl.parse(config.url().toString());
        if (base == null) {
            throw new IllegalArgumentException("prometheus url must be an http(s) URL, was " + config.url());
        }
        this.queryUrl = base.newBuilder().addPathSegments("api/v1/query").build();
        this.rangeUrl = base.newBuilder().addPathSegments("api/v1/query_range").build();
        this.http = HttpClients.builder("prometheus", config.timeout())
                .dispatcher(HttpClients.dispatcher("promql", concurrency))
                .connectionPool(new ConnectionPool())
                .build();
    }

    /**
     * Evaluates {@code promql} at {@code at}. Cancelling the returned future cancels the call.
     */
    CompletableFuture<QueryResult> query(String promql, Instant at) {
        HttpUrl url = queryUrl.newBuilder()
                .addQueryParameter("query", promql)
                .addQueryParameter("time", unixSeconds(at))
                .addQueryParameter("timeout", promDuration(config.timeout()))
                .build();
        return send(url, (code, body) -> ResponseReader.read(code, body, at, config.staleness()), r -> r);
    }

    /**
     * Evaluates {@code promql} at {@code start}, {@code start + step}, … up to {@code end}
     * ({@code /api/v1/query_range}). Cancelling the returned future cancels the call.
     */
    CompletableFuture<RangeResult> queryRange(String promql, Instant start, Instant end, Duration step) {
        HttpUrl url = rangeUrl.newBuilder()
                .addQueryParameter("query", promql)
                .addQueryParameter("start", unixSeconds(start))
                .addQueryParameter("end", unixSeconds(end))
                .addQueryParameter("step", promDuration(step))
                .addQueryParameter("timeout", promDuration(config.timeout()))
                .build();
        return send(url, ResponseReader::readRange, RangeResult::of);
    }

    /**
     * Sends one GET; the body (capped) is read by {@code read}, and a transport failure or an
     * oversized body becomes a failed {@link QueryResult} handed to {@code failed}.
     */
    private <T> CompletableFuture<T> send(HttpUrl url, BiFunction<Integer, byte[], T> read,
                                          Function<QueryResult, T> failed) {
        return AsyncCall.enqueue(http.newCall(new Request.Builder().url(url).get().build()), response -> {
            try {
                byte[] body = CappedBody.read(response.body(), MAX_BODY_BYTES);
                return body == null
                        ? failed.apply(QueryResult.failed(QueryFailure.UNPARSEABLE,
                                "response larger than " + MAX_BODY_BYTES + " bytes"))
                        : read.apply(response.code(), body);
            } catch (RuntimeException e) {
                return failed.apply(ResponseReader.unparseable());
            }
        }, e -> failed.apply(failure(e)));
    }

    /**
     * Drops idle connections. Called after each refresh: a connection kept across refreshes may
     * have been closed by a restarted Prometheus or a proxy, and reusing it (without retries)
     * would report a healthy Prometheus as unreachable.
     */
    void evictIdleConnections() {
        http.connectionPool().evictAll();
    }

    /** Cancels calls in flight, stops the threads and drops pooled connections. */
    @Override
    public void close() {
        HttpClients.close(http);
    }

    private QueryResult failure(IOException e) {
        if (e instanceof InterruptedIOException) {  // call timeout and socket timeouts alike
            return QueryResult.failed(QueryFailure.TIMEOUT, timedOut(config.timeout()));
        }
        return QueryResult.failed(QueryFailure.UNREACHABLE, "Prometheus unreachable: " + TransportErrors.detail(e));
    }

    static String timedOut(Duration after) {
        return "Prometheus timed out after " + Durations.format(after);
    }

    static String unixSeconds(Instant at) {
        return BigDecimal.valueOf(at.toEpochMilli()).movePointLeft(3).toPlainString();
    }

    /** Prometheus parses "5s" and "500ms" but not "0.5s". */
    static String promDuration(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}

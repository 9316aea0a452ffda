package dev.promotiond.promql;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.MetricsConfig;
import dev.promotiond.config.PrometheusConfig;
import dev.promotiond.config.PromqlTemplate;
import dev.promotiond.config.SliQuery;
import dev.promotiond.facts.Sli;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every configured SLI was over a past interval, from Prometheus's own history: one range
 * query per SLI ({@code /api/v1/query_range}) at the replay's instants, so {@code rules replay} judges
 * SLA criteria on the values the daemon would have seen. {@code {{soak}}} renders as its minimum.
 * An SLI Prometheus cannot answer for is unknown at every instant with the reason, as in the daemon.
 */
public final class SliHistory {
    private final List<Series> series;

    private record Series(String component, String sli, String promql, RangeResult result) {
    }

    private SliHistory(List<Series> series) {
        this.series = List.copyOf(series);
    }

    /**
     * Runs the range queries, at most {@value PrometheusSliSource#CONCURRENCY} at a time, each bounded
     * by the configured timeout (plus a second).
     */
    public static SliHistory read(PrometheusConfig config, List<ComponentConfig> components, Instant from,
                                  Instant until, Duration step) {
        List<Series> out = new ArrayList<>();
        try (PrometheusClient client = new PrometheusClient(config, PrometheusSliSource.CONCURRENCY)) {
            List<CompletableFuture<RangeResult>> futures = new ArrayList<>();
            List<String[]> keys = new ArrayList<>();
            for (ComponentConfig c : components) {
                MetricsConfig metrics = c.metrics();
                if (metrics == null) {
                    continue;
                }
                for (SliQuery q : metrics.slis()) {
                    String promql = null;
                    CompletableFuture<RangeResult> f;
                    try {
                        promql = PromqlTemplate.render(q.template(), c.name(), metrics.selector(), null);
                        f = client.queryRange(promql, from, until, step);
                    } catch (IllegalArgumentException e) {
                        f = CompletableFuture.completedFuture(RangeResult.failed(QueryFailure.PROMQL,
                                "cannot render template: " + e.getMessage()));
                    }
                    futures.add(f);
                    keys.add(new String[] {c.name(), q.sli(), promql});
                }
            }
            long deadline = System.nanoTime() + config.timeout().plus(PrometheusSliSource.DEADLINE_SLACK).toNanos()
                    * Math.max(1, (futures.size() + PrometheusSliSource.CONCURRENCY - 1) / PrometheusSliSource.CONCURRENCY);
            for (int i = 0; i < futures.size(); i++) {
                out.add(new Series(keys.get(i)[0], keys.get(i)[1], keys.get(i)[2], await(futures.get(i), deadline, config)));
            }
        }
        return new SliHistory(out);
    }

    private static RangeResult await(CompletableFuture<RangeResult> f, long deadline, PrometheusConfig config) {
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return RangeResult.failed(QueryFailure.TIMEOUT, PrometheusClient.timedOut(config.timeout()));
        } catch (ExecutionException e) {
            return RangeResult.of(ResponseReader.unparseable());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RangeResult.failed(QueryFailure.TIMEOUT, "interrupted");
        }
    }

    /** Every configured SLI unknown with {@code reason} at every instant (e.g. no Prometheus configured). */
    public static SliHistory none(List<ComponentConfig> components, String reason) {
        List<Series> out = new ArrayList<>();
        for (ComponentConfig c : components) {
            if (c.metrics() != null) {
                for (SliQuery q : c.metrics().slis()) {
                    out.add(new Series(c.name(), q.sli(), null, RangeResult.failed(QueryFailure.UNREACHABLE, reason)));
                }
            }
        }
        return new SliHistory(out);
    }

    /**
     * The SLIs as of {@code at}: the value Prometheus evaluated at that instant, or at the latest
     * instant before it within {@code step}; otherwise unknown.
     */
    public List<Sli> at(Instant at, Duration step) {
        List<Sli> out = new ArrayList<>(series.size());
        for (Series s : series) {
            RangeResult r = s.result();
            if (!r.known()) {
                out.add(Sli.unknown(s.component(), s.sli(), PrometheusSliSource.SOURCE, s.promql(), r.reason()));
                continue;
            }
            Map.Entry<Instant, Double> e = r.values().floorEntry(at);
            if (e == null || Duration.between(e.getKey(), at).compareTo(step) >= 0) {
                out.add(Sli.unknown(s.component(), s.sli(), PrometheusSliSource.SOURCE, s.promql(),
                        "no value in Prometheus's history at " + at));
                continue;
            }
            String notFinite = ResponseReader.notFinite(e.getValue());
            out.add(notFinite != null
                    ? Sli.unknown(s.component(), s.sli(), PrometheusSliSource.SOURCE, s.promql(), notFinite)
                    : Sli.known(s.component(), s.sli(), e.getValue(), e.getKey(), PrometheusSliSource.SOURCE, s.promql()));
        }
        return out;
    }

    /** How many SLIs were asked for. */
    public int queries() {
        return series.size();
    }

    /** The reasons of the queries that failed as a whole, one per SLI ("component/sli: reason"). */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        for (Series s : series) {
            if (!s.result().known()) {
                out.add(s.component() + "/" + s.sli() + ": " + s.result().reason());
            }
        }
        return out;
    }
}

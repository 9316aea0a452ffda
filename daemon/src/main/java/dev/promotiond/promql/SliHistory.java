package dev.promotiond.promql;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.MetricsConfig;
import dev.promotiond.config.PrometheusConfig;
import dev.promotiond.config.PromqlTemplate;
import dev.promotiond.config.SliQuery;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.UptimeWindows;
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
    /** Prometheus answers at most 11,000 points per series and range query; longer ranges are split. */
    static final int MAX_POINTS = 11_000;

    private final List<Series> series;

    /** One SLI: its query and one result per chunk of the range, in time order. */
    private record Series(String component, String sli, String promql, List<Chunk> chunks) {
    }

    private record Chunk(Instant from, Instant to, RangeResult result) {
    }

    private SliHistory(List<Series> series) {
        this.series = List.copyOf(series);
    }

    /**
     * Runs the range queries, at most {@value PrometheusSliSource#CONCURRENCY} at a time, each bounded
     * by the configured timeout; a range of more than {@value #MAX_POINTS} steps is asked for in parts.
     */
    public static SliHistory read(PrometheusConfig config, List<ComponentConfig> components, Instant from,
                                  Instant until, Duration step) {
        return read(config, components, from, until, step, UptimeWindows.DEFAULT);
    }

    /**
     * The same, with an uptime series queried over {@code windows} (the windows the replayed ledger
     * reports, so each uptime window has its Prometheus counterpart).
     */
    public static SliHistory read(PrometheusConfig config, List<ComponentConfig> components, Instant from,
                                  Instant until, Duration step, UptimeWindows windows) {
        List<Instant[]> parts = parts(from, until, step);
        List<Series> out = new ArrayList<>();
        try (PrometheusClient client = new PrometheusClient(config, PrometheusSliSource.CONCURRENCY)) {
            List<String[]> keys = new ArrayList<>();
            List<List<CompletableFuture<RangeResult>>> futures = new ArrayList<>();
            for (ComponentConfig c : components) {
                MetricsConfig metrics = c.metrics();
                if (metrics == null) {
                    continue;
                }
                for (SliQuery q : metrics.queries(c.name(), windows)) {
                    String promql = null;
                    List<CompletableFuture<RangeResult>> f = new ArrayList<>();
                    RangeResult refused = null;
                    try {
                        promql = PromqlTemplate.render(q.template(), c.name(), metrics.selector(), null);
                    } catch (IllegalArgumentException e) {
                        refused = RangeResult.failed(QueryFailure.PROMQL, "cannot render template: " + e.getMessage());
                    }
                    if (refused == null && PromqlTemplate.placeholders(q.template()).contains("soak")) {
                        refused = RangeResult.failed(QueryFailure.PROMQL, "the query uses {{soak}}, the soak's length at"
                                + " each instant, which replay does not reconstruct");
                    }
                    for (Instant[] part : parts) {
                        f.add(refused != null ? CompletableFuture.completedFuture(refused)
                                : client.queryRange(promql, part[0], part[1], step));
                    }
                    futures.add(f);
                    keys.add(new String[] {c.name(), q.sli(), promql});
                }
            }
            int calls = futures.size() * parts.size();
            long deadline = System.nanoTime() + config.timeout().plus(PrometheusSliSource.DEADLINE_SLACK).toNanos()
                    * Math.max(1, (calls + PrometheusSliSource.CONCURRENCY - 1) / PrometheusSliSource.CONCURRENCY);
            for (int i = 0; i < futures.size(); i++) {
                List<Chunk> chunks = new ArrayList<>();
                for (int k = 0; k < parts.size(); k++) {
                    chunks.add(new Chunk(parts.get(k)[0], parts.get(k)[1], await(futures.get(i).get(k), deadline, config)));
                }
                out.add(new Series(keys.get(i)[0], keys.get(i)[1], keys.get(i)[2], chunks));
            }
        }
        return new SliHistory(out);
    }

    /** [from, until] cut into ranges of at most {@value #MAX_POINTS} steps, each starting on a step of {@code from}. */
    static List<Instant[]> parts(Instant from, Instant until, Duration step) {
        List<Instant[]> out = new ArrayList<>();
        Duration span = step.multipliedBy(MAX_POINTS - 1);
        for (Instant start = from; !start.isAfter(until); start = start.plus(span).plus(step)) {
            Instant end = start.plus(span);
            out.add(new Instant[] {start, end.isAfter(until) ? until : end});
        }
        return out;
    }

    /** One SLI's history from given parts and their results (tests). */
    static SliHistory of(String component, String sli, List<Instant[]> parts, List<RangeResult> results) {
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            chunks.add(new Chunk(parts.get(i)[0], parts.get(i)[1], results.get(i)));
        }
        return new SliHistory(List.of(new Series(component, sli, "q", chunks)));
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
        return none(components, reason, UptimeWindows.DEFAULT);
    }

    /** The same, with an uptime series over {@code windows}. */
    public static SliHistory none(List<ComponentConfig> components, String reason, UptimeWindows windows) {
        List<Series> out = new ArrayList<>();
        for (ComponentConfig c : components) {
            if (c.metrics() != null) {
                for (SliQuery q : c.metrics().queries(c.name(), windows)) {
                    out.add(new Series(c.name(), q.sli(), null, List.of(new Chunk(Instant.MIN, Instant.MAX,
                            RangeResult.failed(QueryFailure.UNREACHABLE, reason)))));
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
            out.add(at(s, at, step));
        }
        return out;
    }

    private static Sli at(Series s, Instant at, Duration step) {
        Chunk chunk = null;
        for (Chunk c : s.chunks()) {
            if (!at.isBefore(c.from())) {
                chunk = c;  // the last one that starts at or before the instant
            }
        }
        if (chunk == null || Duration.between(chunk.to(), at).compareTo(step) > 0) {
            return unknown(s, "outside the replayed interval");
        }
        RangeResult r = chunk.result();
        if (!r.known()) {
            return unknown(s, r.reason());
        }
        Map.Entry<Instant, Double> e = r.values().floorEntry(at);
        Instant conflictAt = r.conflicts().keySet().stream().filter(t -> !t.isAfter(at))
                .max(Instant::compareTo).orElse(null);
        if (conflictAt != null && (e == null || conflictAt.isAfter(e.getKey()))
                && Duration.between(conflictAt, at).compareTo(step) < 0) {
            return unknown(s, r.conflicts().get(conflictAt));
        }
        if (e == null || Duration.between(e.getKey(), at).compareTo(step) >= 0) {
            return unknown(s, "no value in Prometheus's history at " + at);
        }
        String notFinite = ResponseReader.notFinite(e.getValue());
        return notFinite != null ? unknown(s, notFinite)
                : Sli.known(s.component(), s.sli(), e.getValue(), e.getKey(), PrometheusSliSource.SOURCE, s.promql());
    }

    private static Sli unknown(Series s, String reason) {
        return Sli.unknown(s.component(), s.sli(), PrometheusSliSource.SOURCE, s.promql(), reason);
    }

    /** How many SLIs were asked for. */
    public int queries() {
        return series.size();
    }

    /** The SLIs that failed as a whole or in part, one line each ("component/sli: reason"). */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        for (Series s : series) {
            s.chunks().stream().filter(c -> !c.result().known()).findFirst()
                    .ifPresent(c -> out.add(s.component() + "/" + s.sli() + ": " + c.result().reason()));
        }
        return out;
    }
}

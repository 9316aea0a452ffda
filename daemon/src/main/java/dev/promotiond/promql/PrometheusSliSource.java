package dev.promotiond.promql;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.Durations;
import dev.promotiond.config.MetricsConfig;
import dev.promotiond.config.PrometheusConfig;
import dev.promotiond.config.PromqlTemplate;
import dev.promotiond.config.SliQuery;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.UptimeWindows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SLIs of every component with {@code metrics}, read from Prometheus. {@link #refresh()} runs
 * every query at one instant (read once from the clock), at most {@value #CONCURRENCY} at a time,
 * waits at most the query timeout plus {@link #DEADLINE_SLACK}, then swaps in the new snapshot.
 * A failed query yields an unknown SLI with the reason, never a 0. Nothing here sleeps.
 */
public final class PrometheusSliSource implements AutoCloseable {
    public static final String SOURCE = "prometheus";
    static final int CONCURRENCY = 8;
    static final Duration DEADLINE_SLACK = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusSliSource.class);
    /** Bounds the once-per-message log memory; beyond it, repeats are logged again. */
    private static final int MAX_REMEMBERED_ERRORS = 10_000;

    private final PrometheusConfig config;
    private final List<ComponentConfig> components;
    private final Clock clock;
    private final Function<String, Duration> soakOf;
    private final PrometheusClient client;
    private final Map<QueryFailure, AtomicLong> errors = new EnumMap<>(QueryFailure.class);
    private final Set<String> loggedErrors = ConcurrentHashMap.newKeySet();
    private volatile Snapshot snapshot;
    private volatile UptimeWindows windows = UptimeWindows.DEFAULT;
    private boolean refreshed;

    private record Snapshot(List<Sli> slis, boolean up) {
    }

    /**
     * @param soakOf the current soak length of a component (for {@code {{soak}}}), or null for the minimum
     */
    public PrometheusSliSource(PrometheusConfig config, List<ComponentConfig> components, Clock clock,
                               Function<String, Duration> soakOf) {
        this.config = Objects.requireNonNull(config, "config");
        this.components = List.copyOf(components);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.soakOf = Objects.requireNonNull(soakOf, "soakOf");
        this.client = new PrometheusClient(config, CONCURRENCY);
        for (QueryFailure f : QueryFailure.values()) {
            errors.put(f, new AtomicLong());
        }
        this.snapshot = new Snapshot(allUnknown(this.components, windows, "not queried yet"), false);
    }

    /**
     * The uptime windows whose uptime_avg_/uptime_count_ queries the next {@link #refresh()} runs for
     * components with an uptime series (by default 1h, 24h and 7d). Until that refresh, a window new
     * here has no value in {@link #latest()} ("not queried yet").
     *
     * @return whether they differ from the windows in use
     */
    public boolean windows(UptimeWindows next) {
        Objects.requireNonNull(next, "windows");
        UptimeWindows previous = windows;
        windows = next; // not synchronized: a refresh in flight keeps the windows it read
        return !next.equals(previous);
    }

    /** The uptime windows queried. */
    public UptimeWindows windows() {
        return windows;
    }

    /** Every configured SLI unknown: for a daemon whose config names no Prometheus. */
    public static List<Sli> notConfigured(List<ComponentConfig> components) {
        return notConfigured(components, UptimeWindows.DEFAULT);
    }

    /** Every configured SLI, uptime series over {@code windows} included, unknown: no Prometheus configured. */
    public static List<Sli> notConfigured(List<ComponentConfig> components, UptimeWindows windows) {
        return allUnknown(components, windows, "no Prometheus configured");
    }

    /** Runs every query now and replaces {@link #latest()} when all answered or the deadline passed. */
    public synchronized void refresh() {
        Instant at = clock.instant();
        UptimeWindows ws = windows;
        List<Pending> pending = new ArrayList<>();
        for (ComponentConfig c : components) {
            MetricsConfig metrics = c.metrics();
            if (metrics == null) {
                continue;
            }
            for (SliQuery q : metrics.queries(c.name(), ws)) {
                String promql;
                try {
                    promql = PromqlTemplate.render(q.template(), c.name(), metrics.selector(), soakOf.apply(c.name()));
                } catch (IllegalArgumentException e) {
                    pending.add(new Pending(c.name(), q.sli(), null, CompletableFuture.completedFuture(
                            QueryResult.failed(QueryFailure.PROMQL, "cannot render template: " + e.getMessage()))));
                    continue;
                }
                pending.add(new Pending(c.name(), q.sli(), promql, client.query(promql, at)));
            }
        }
        awaitAll(pending);
        client.evictIdleConnections();

        List<Sli> slis = new ArrayList<>(pending.size());
        boolean up = false;
        for (Pending p : pending) {
            QueryResult r = p.future().getNow(null);
            if (r == null) {
                p.future().cancel(true);
                r = QueryResult.failed(QueryFailure.TIMEOUT, "no answer within the refresh deadline of "
                        + Durations.format(deadline()));
            }
            up |= r.sourceUp();
            slis.add(toSli(p, r));
        }
        boolean changed = !refreshed || snapshot.up() != up;
        snapshot = new Snapshot(Collections.unmodifiableList(slis), up);
        refreshed = true;
        if (changed && !up && !pending.isEmpty()) {
            LOG.warn("Prometheus at {} is down: {}", config.url(), firstReason(slis));
        } else if (changed && up) {
            LOG.info("Prometheus at {} answers", config.url());
        }
    }

    /** The SLIs of the last refresh, in config order (all unknown before the first). */
    public List<Sli> latest() {
        return snapshot.slis();
    }

    /** Whether the last refresh reached Prometheus (a PromQL error or an empty result counts as reached). */
    public boolean up() {
        return snapshot.up();
    }

    /** Failed queries since construction by family label (every family present), for a counter. */
    public Map<String, Long> errorCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        errors.forEach((f, n) -> out.put(f.label(), n.get()));
        return Collections.unmodifiableMap(out);
    }

    @Override
    public void close() {
        client.close();
    }

    private Duration deadline() {
        return config.timeout().plus(DEADLINE_SLACK);
    }

    private void awaitAll(List<Pending> pending) {
        CompletableFuture<?>[] futures = pending.stream().map(Pending::future).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(futures).get(deadline().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the unanswered ones become unknown below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Sli toSli(Pending p, QueryResult r) {
        if (r.known()) {
            return Sli.known(p.component(), p.sli(), r.value(), r.sampleAt(), SOURCE, p.promql());
        }
        errors.get(r.failure()).incrementAndGet();
        if (r.failure() == QueryFailure.PROMQL) {
            logOnce(p, r.reason());
        }
        return Sli.unknown(p.component(), p.sli(), SOURCE, p.promql(), r.reason());
    }

    private void logOnce(Pending p, String reason) {
        if (loggedErrors.size() >= MAX_REMEMBERED_ERRORS) {
            loggedErrors.clear();
        }
        if (loggedErrors.add(p.component() + '\0' + p.sli() + '\0' + reason)) {
            LOG.warn("SLI {} of {}: {} (query: {})", p.sli(), p.component(), reason, p.promql());
        }
    }

    private static String firstReason(List<Sli> slis) {
        return slis.stream().map(Sli::reason).filter(Objects::nonNull).findFirst().orElse("no answer");
    }

    private static List<Sli> allUnknown(List<ComponentConfig> components, UptimeWindows windows, String reason) {
        List<Sli> out = new ArrayList<>();
        for (ComponentConfig c : components) {
            if (c.metrics() != null) {
                for (SliQuery q : c.metrics().queries(c.name(), windows)) {
                    out.add(Sli.unknown(c.name(), q.sli(), SOURCE, null, reason));
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    private record Pending(String component, String sli, String promql, CompletableFuture<QueryResult> future) {
    }
}

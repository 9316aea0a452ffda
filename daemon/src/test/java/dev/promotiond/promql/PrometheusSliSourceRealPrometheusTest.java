package dev.promotiond.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.MetricsConfig;
import dev.promotiond.config.PrometheusConfig;
import dev.promotiond.config.PromqlTemplate;
import dev.promotiond.config.SliQuery;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.Stage;
import dev.promotiond.testing.LatencyService;
import dev.promotiond.testing.RealPrometheus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source against the real Prometheus scraping a service whose latency distribution and
 * request counts the test sets, so every value is known and Prometheus's own answer is the oracle.
 */
@Timeout(60)
class PrometheusSliSourceRealPrometheusTest {
    static final String JOB = "checkout";
    static final Map<String, String> SELECTOR = Map.of("job", JOB);
    /** Requests per batch; two batches are scraped. */
    static final int BATCH = 100;

    @TempDir
    static Path dir;
    static LatencyService service;
    static RealPrometheus prometheus;
    /** Every query evaluates here: after the last batch was scraped, and once every scrape stamped before it is stored. */
    static Instant at;

    @BeforeAll
    static void scrapeTwoKnownBatches() throws Exception {
        service = new LatencyService("200", "500");
        prometheus = RealPrometheus.start(dir, Map.of(JOB, service.target()));
        String total200 = "http_requests_total{job=\"checkout\",code=\"200\"}";
        // every series starts at 0 in Prometheus, so rate() extrapolates all of them alike
        prometheus.awaitSamples("http_request_duration_seconds_count{job=\"checkout\"}", 1, Duration.ofSeconds(20));
        for (int batch = 1; batch <= 2; batch++) {
            // p95 of each batch: rank 95 of 100 falls in (0.5, 1], interpolated to 0.75
            service.observe(0.04, 50);
            service.observe(0.15, 30);
            service.observe(0.25, 10);
            service.observe(0.8, 10);
            service.requests("200", 90);
            service.requests("500", 10);
            prometheus.awaitValue(total200, 90.0 * batch, Duration.ofSeconds(10));
        }
        at = Instant.now();
        prometheus.awaitScrapedAfter(at, Duration.ofSeconds(20));
    }

    @AfterEach
    void prometheusIsBackAfterEveryTest() throws Exception {
        if (!prometheus.running()) {
            prometheus.start();
        }
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (service != null) {
            service.close();
        }
    }

    static ComponentConfig checkout(String... slis) {
        List<SliQuery> queries = new java.util.ArrayList<>();
        for (int i = 0; i < slis.length; i += 2) {
            queries.add(new SliQuery(JOB, slis[i], slis[i + 1]));
        }
        return new ComponentConfig(JOB, "", Stage.STAGING, List.of(), null, new MetricsConfig(SELECTOR, queries));
    }

    static String builtIn(String name) {
        return PromqlTemplate.BUILT_INS.get(name);
    }

    static PrometheusSliSource source(ComponentConfig component) {
        return new PrometheusSliSource(new PrometheusConfig(prometheus.url(), Duration.ofSeconds(5), Duration.ofMinutes(5)),
                List.of(component), Clock.fixed(at, ZoneOffset.UTC), c -> Duration.ofHours(1));
    }

    static Sli sli(PrometheusSliSource source, String name) {
        return source.latest().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    static String rendered(String name) {
        return PromqlTemplate.render(builtIn(name), JOB, SELECTOR, Duration.ofHours(1));
    }

    @Test
    void p95EqualsPrometheusOwnAnswerAndLiesInTheExpectedBucket() {
        try (PrometheusSliSource source = source(checkout("latency_p95_seconds", builtIn("latency_p95_seconds")))) {
            source.refresh();
            Sli p95 = sli(source, "latency_p95_seconds");
            assertThat(p95.query()).isEqualTo(rendered("latency_p95_seconds"));
            assertThat(p95.value()).isEqualTo(prometheus.query(p95.query(), at));
            assertThat(p95.value()).isGreaterThan(0.5).isLessThanOrEqualTo(1.0).isCloseTo(0.75, within(0.01));
            assertThat(p95.sampleAt()).isEqualTo(at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            assertThat(source.up()).isTrue();
        }
    }

    @Test
    void errorRatioAndRequestRateHaveTheirKnownValues() {
        try (PrometheusSliSource source = source(checkout("error_ratio", builtIn("error_ratio"),
                "request_rate", builtIn("request_rate")))) {
            source.refresh();
            Sli errors = sli(source, "error_ratio");
            Sli rate = sli(source, "request_rate");
            assertThat(errors.value()).isEqualTo(prometheus.query(errors.query(), at)).isCloseTo(0.1, within(1e-9));
            assertThat(rate.value()).isEqualTo(prometheus.query(rate.query(), at));
            // 2 × 100 requests over a 5m window; rate() extrapolates by at most a scrape interval
            assertThat(rate.value()).isBetween(2.0 * BATCH / 300, 1.5 * 2 * BATCH / 300);
        }
    }

    @Test
    void promqlSyntaxErrorIsUnknownWithPrometheusOwnMessage() {
        try (PrometheusSliSource source = source(checkout("broken", "sum(rate(http_requests_total{{{selector}}}[5m])"))) {
            source.refresh();
            Sli broken = sli(source, "broken");
            String message = prometheus.api(broken.query(), at).path("error").asText();
            assertThat(message).contains("parse error");
            assertThat(broken.known()).isFalse();
            assertThat(broken.reason()).isEqualTo("PromQL error: " + message);
            assertThat(source.up()).isTrue();
        }
    }

    @Test
    void queryMatchingNothingIsUnknownWithEmptyResult() {
        try (PrometheusSliSource source = source(checkout("missing", "sum(rate(http_requests_total{job=\"nope\"}[5m]))"))) {
            source.refresh();
            assertThat(sli(source, "missing").reason()).isEqualTo("empty result");
            assertThat(source.up()).isTrue();
        }
    }

    @Test
    void queryReturningTwoSeriesIsUnknownAndNamesThem() {
        try (PrometheusSliSource source = source(checkout("per_code",
                "sum by (code) (rate(http_requests_total{{{selector}}}[5m]))"))) {
            source.refresh();
            assertThat(prometheus.seriesCount(sli(source, "per_code").query(), at)).isEqualTo(2);
            assertThat(sli(source, "per_code").reason())
                    .startsWith("2 series, expected 1: ").contains("{code=\"200\"}").contains("{code=\"500\"}");
        }
    }

    @Test
    void prometheusOutageMakesEverySliUnknownNotZeroAndRecoveryBringsValuesBack() throws Exception {
        try (PrometheusSliSource source = source(checkout("latency_p95_seconds", builtIn("latency_p95_seconds"),
                "error_ratio", builtIn("error_ratio"), "request_rate", builtIn("request_rate")))) {
            source.refresh();
            assertThat(source.latest()).allMatch(Sli::known);

            prometheus.stop();
            try {
                source.refresh();
            } finally {
                prometheus.start();
            }
            assertThat(source.up()).isFalse();
            assertThat(source.latest()).hasSize(3).allSatisfy(s -> {
                assertThat(s.value()).isNull();
                assertThat(s.reason()).isEqualTo("Prometheus unreachable: refused");
            });
            assertThat(source.errorCounts()).containsEntry("unreachable", 3L);

            source.refresh();
            assertThat(source.up()).isTrue();
            Sli p95 = sli(source, "latency_p95_seconds");
            assertThat(source.latest()).allMatch(Sli::known);
            assertThat(p95.value()).isEqualTo(prometheus.query(p95.query(), at)).isCloseTo(0.75, within(0.01));
        }
    }
}

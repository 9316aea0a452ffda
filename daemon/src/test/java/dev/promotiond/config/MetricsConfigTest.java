package dev.promotiond.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsConfigTest {
    static final Path FILE = Path.of("promotiond.yaml");

    @Test
    void selectorEnablesBuiltInSlisAndOwnTemplatesOverrideThem() throws Exception {
        DaemonConfig c = ConfigLoader.parse("""
                prometheus:
                  url: http://127.0.0.1:9090
                  timeout: 3s
                components:
                  - name: player-api
                    stage: Staging
                    metrics:
                      selector: {job: player-api, env: "stag\\"ing"}
                      slis:
                        latency_p95_seconds: histogram_quantile(0.95, sum by (le) (rate(my_bucket{{{selector}}}[5m])))
                        queue_depth: max(queue_depth{service="{{component}}"})
                """, FILE);
        assertThat(c.prometheus().url().toString()).isEqualTo("http://127.0.0.1:9090");
        assertThat(c.prometheus().timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.prometheus().staleness()).isEqualTo(PrometheusConfig.DEFAULT_STALENESS);
        MetricsConfig m = c.components().get(0).metrics();
        assertThat(m.selector()).isEqualTo(Map.of("job", "player-api", "env", "stag\"ing"));
        assertThat(m.slis()).extracting(SliQuery::sli).contains("latency_p50_seconds", "latency_p95_seconds",
                "latency_p99_seconds", "error_ratio", "request_rate", "peak_request_rate", "cpu_cores", "memory_bytes",
                "queue_depth");
        SliQuery p95 = m.slis().stream().filter(q -> q.sli().equals("latency_p95_seconds")).findFirst().orElseThrow();
        assertThat(PromqlTemplate.render(p95.template(), "player-api", m.selector(), Duration.ofHours(30)))
                .isEqualTo("histogram_quantile(0.95, sum by (le) (rate(my_bucket{env=\"stag\\\"ing\",job=\"player-api\"}[5m])))");
    }

    @Test
    void uptimeSeriesIsQueriedOverTheWindowsInUse() throws Exception {
        DaemonConfig c = ConfigLoader.parse("""
                components:
                  - name: db
                    stage: Production
                    metrics:
                      uptime: ' min(up{job="db"}) '
                      scrape_interval: 30s
                """, FILE);
        MetricsConfig m = c.components().get(0).metrics();
        assertThat(m.slis()).isEmpty();
        assertThat(m.uptime()).isEqualTo("min(up{job=\"db\"})");
        assertThat(m.queries("db", dev.promotiond.facts.UptimeWindows.DEFAULT)).extracting(SliQuery::sli)
                .containsExactly("uptime_avg_1h", "uptime_count_1h", "uptime_avg_24h", "uptime_count_24h",
                        "uptime_avg_7d", "uptime_count_7d");
        var fortnight = m.queries("db", dev.promotiond.facts.UptimeWindows.of(java.util.List.of(Duration.ofDays(14))));
        assertThat(fortnight).extracting(SliQuery::sli).contains("uptime_avg_14d", "uptime_count_14d")
                .doesNotContain("uptime_avg_7d");
        SliQuery count = fortnight.stream().filter(q -> q.sli().equals("uptime_count_14d")).findFirst().orElseThrow();
        assertThat(count.template()).isEqualTo("count_over_time((min(up{job=\"db\"}))[14d:30s])");
        assertThat(count.window()).as("the component's uptime, not a version's").isZero();
        assertThat(count.component()).isEqualTo("db");
    }

    @Test
    void anSliNamedLikeAnUptimeWindowIsRefusedNextToAnUptimeSeries() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                components:
                  - name: db
                    stage: Production
                    metrics:
                      uptime: min(up{job="db"})
                      slis:
                        uptime_avg_14d: vector(1)
                """, FILE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("components[0].metrics.slis.uptime_avg_14d")
                .hasMessageContaining("per-window queries");
    }

    @Test
    void unknownPlaceholderIsAConfigErrorWithItsLine() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                components:
                  - name: api
                    stage: Staging
                    metrics:
                      slis:
                        p95: histogram_quantile(0.95, x{job="{{job}}"})
                        bad: sum(x{{{selector}}})
                """, FILE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("promotiond.yaml:6:")
                .hasMessageContaining("components[0].metrics.slis.p95: unknown placeholder {{job}}")
                .hasMessageContaining("promotiond.yaml:7:")
                .hasMessageContaining("uses {{selector}} but the component has no selector");
    }

    @Test
    void badPrometheusSectionAndEmptyMetricsAreReported() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                prometheus:
                  url: not a url
                  timeout: 10ms
                components:
                  - name: api
                    stage: Staging
                    metrics: {}
                """, FILE))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(3))
                .hasMessageContaining("prometheus.url")
                .hasMessageContaining("prometheus.timeout")
                .hasMessageContaining("components[0].metrics");
    }

    @Test
    void labelValuesAreEscapedSoTheyCannotChangeTheQuery() {
        String rendered = PromqlTemplate.render("up{job=\"{{component}}\"}", "a\"} or vector(1) #", Map.of(), null);
        assertThat(rendered).isEqualTo("up{job=\"a\\\"} or vector(1) #\"}");
        assertThat(PromqlTemplate.render("x[{{soak}}]", "a", Map.of(), Duration.ofMinutes(2))).isEqualTo("x[5m]");
        assertThat(PromqlTemplate.render("x[{{soak}}]", "a", Map.of(), Duration.ofHours(2))).isEqualTo("x[120m]");
    }
}

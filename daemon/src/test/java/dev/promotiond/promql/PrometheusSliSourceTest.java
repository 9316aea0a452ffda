package dev.promotiond.promql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.MetricsConfig;
import dev.promotiond.config.PrometheusConfig;
import dev.promotiond.config.SliQuery;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.Stage;
import dev.promotiond.clock.ManualClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The source against a fake Prometheus that answers what each test sets. */
class PrometheusSliSourceTest {
    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    static final double NOW_SECONDS = NOW.getEpochSecond();

    FakePrometheus fake;
    ManualClock clock = new ManualClock(NOW);

    @BeforeEach
    void startFake() throws IOException {
        fake = new FakePrometheus();
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    static ComponentConfig component(String name, String... slis) {
        List<SliQuery> queries = new ArrayList<>();
        for (int i = 0; i < slis.length; i += 2) {
            queries.add(new SliQuery(name, slis[i], slis[i + 1]));
        }
        return new ComponentConfig(name, "", Stage.DEVELOPMENT, List.of(), null,
                new MetricsConfig(Map.of("job", name), queries));
    }

    PrometheusSliSource source(Duration timeout, ComponentConfig... components) {
        return new PrometheusSliSource(new PrometheusConfig(fake.url(), timeout, Duration.ofMinutes(5)),
                List.of(components), clock, c -> Duration.ofHours(2));
    }

    Sli only(String body) {
        fake.body = body;
        return only();
    }

    Sli only() {
        try (PrometheusSliSource source = source(Duration.ofSeconds(2), component("api", "x", "up{{{selector}}}"))) {
            source.refresh();
            assertThat(source.latest()).hasSize(1);
            return source.latest().get(0);
        }
    }

    @Test
    void oneSampleBecomesAKnownSliWithItsTimeSourceAndRenderedQuery() {
        fake.answerVector(NOW_SECONDS, "0.25");
        Sli sli = only();
        assertThat(sli.value()).isEqualTo(0.25);
        assertThat(sli.sampleAt()).isEqualTo(NOW);
        assertThat(sli.source()).isEqualTo("prometheus");
        assertThat(sli.query()).isEqualTo("up{job=\"api\"}");
        assertThat(sli.reason()).isNull();
    }

    @Test
    void queryIsEvaluatedAtTheClockInstantWithPrometheusOwnTimeout() {
        fake.answerVector(NOW_SECONDS, "1");
        clock.set(NOW.plusMillis(250));
        try (PrometheusSliSource source = source(Duration.ofMillis(1500),
                component("api", "peak", "max_over_time(up{{{selector}}}[{{soak}}])"))) {
            source.refresh();
        }
        URI request = fake.requests.get(0);
        assertThat(request.getPath()).isEqualTo("/api/v1/query");
        assertThat(request.getQuery()).contains("query=max_over_time(up{job=\"api\"}[120m])")
                .contains("time=" + NOW.getEpochSecond() + ".250").contains("timeout=1500ms");
    }

    @Test
    void nanIsUnknownNotZero() {
        fake.answerVector(NOW_SECONDS, "NaN");
        Sli sli = only();
        assertThat(sli.known()).isFalse();
        assertThat(sli.reason()).isEqualTo("value is NaN");
    }

    @Test
    void infinityIsUnknownWithItsSign() {
        fake.answerVector(NOW_SECONDS, "+Inf");
        assertThat(only().reason()).isEqualTo("value is +Inf");
        fake.answerVector(NOW_SECONDS, "-Inf");
        assertThat(only().reason()).isEqualTo("value is -Inf");
    }

    @Test
    void sampleOlderThanTheStalenessLimitIsUnknownWithItsAge() {
        fake.answerVector(NOW_SECONDS, "0.1");
        clock.set(NOW.plus(Duration.ofMinutes(12)));
        Sli sli = only();
        assertThat(sli.known()).isFalse();
        assertThat(sli.reason()).isEqualTo("sample 12m0s old, limit 5m");
    }

    @Test
    void http503WithoutAnApiBodyMeansPrometheusIsDown() {
        fake.status = 503;
        fake.body = "Service Unavailable";
        try (PrometheusSliSource source = source(Duration.ofSeconds(2), component("api", "x", "up"))) {
            source.refresh();
            assertThat(source.latest().get(0).reason()).isEqualTo("Prometheus answered HTTP 503");
            assertThat(source.up()).isFalse();
            assertThat(source.errorCounts()).containsEntry("http", 1L);
        }
    }

    @Test
    void promqlErrorKeepsPrometheusMessageAndPrometheusCountsAsUp() {
        fake.status = 400;
        fake.body = """
                {"status":"error","errorType":"bad_data","error":"1:9: parse error: unclosed left parenthesis"}""";
        try (PrometheusSliSource source = source(Duration.ofSeconds(2), component("api", "x", "sum(up"))) {
            source.refresh();
            source.refresh();
            assertThat(source.latest().get(0).reason())
                    .isEqualTo("PromQL error: 1:9: parse error: unclosed left parenthesis");
            assertThat(source.up()).isTrue();
            assertThat(source.errorCounts()).containsEntry("promql", 2L);
        }
    }

    @Test
    void hangingPrometheusTimesOutAfterTheConfiguredTimeout() {
        // answers, but only after 3 s: under the configured 500 ms the queries time out; under any
        // longer timeout (OkHttp's 10 s default) they would get this answer and report something else
        fake.delayMillis = 3_000;
        try (PrometheusSliSource source = source(Duration.ofMillis(500), component("api", "x", "up", "y", "up"))) {
            source.refresh();
            assertThat(source.latest()).extracting(Sli::reason)
                    .containsOnly("Prometheus timed out after 500ms");
            assertThat(source.up()).isFalse();
            assertThat(source.errorCounts()).containsEntry("timeout", 2L);
        }
    }

    @Test
    void closedPortIsUnreachableAndNeverZero() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (PrometheusSliSource source = new PrometheusSliSource(new PrometheusConfig(
                URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2), Duration.ofMinutes(5)),
                List.of(component("api", "x", "up")), clock, c -> null)) {
            source.refresh();
            Sli sli = source.latest().get(0);
            assertThat(sli.value()).isNull();
            assertThat(sli.reason()).isEqualTo("Prometheus unreachable: refused");
            assertThat(source.up()).isFalse();
        }
    }

    @Test
    void bodyThatIsNotThePrometheusApiIsUnparseable() {
        assertThat(only("<html>hello</html>").reason()).isEqualTo("unparseable response");
        assertThat(only("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"value\":[1,2]}]}}")
                .reason()).isEqualTo("unparseable response");
    }

    @Test
    void oversizedBodyIsRejectedWithoutBufferingIt() {
        Sli sli = only("x".repeat(5 * 1024 * 1024));
        assertThat(sli.reason()).isEqualTo("response larger than 4194304 bytes");
    }

    @Test
    void scalarResultIsAValue() {
        Sli sli = only("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[" + NOW_SECONDS + ",\"42\"]}}");
        assertThat(sli.value()).isEqualTo(42.0);
        assertThat(sli.sampleAt()).isEqualTo(NOW);
    }

    @Test
    void matrixResultIsAnUnexpectedType() {
        Sli sli = only("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}");
        assertThat(sli.reason()).isEqualTo("unexpected result type matrix");
    }

    @Test
    void emptyVectorIsUnknownButPrometheusIsUp() {
        fake.body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";
        try (PrometheusSliSource source = source(Duration.ofSeconds(2), component("api", "x", "up"))) {
            source.refresh();
            assertThat(source.latest().get(0).reason()).isEqualTo("empty result");
            assertThat(source.up()).isTrue();
        }
    }

    @Test
    void severalSeriesAreUnknownAndNamed() {
        Sli sli = only("""
                {"status":"success","data":{"resultType":"vector","result":[
                {"metric":{"code":"200","job":"api"},"value":[%1$s,"1"]},
                {"metric":{"code":"500","job":"api"},"value":[%1$s,"2"]}]}}""".formatted(NOW_SECONDS));
        assertThat(sli.reason()).isEqualTo("2 series, expected 1: {code=\"200\",job=\"api\"}, {code=\"500\",job=\"api\"}");
    }

    @Test
    void atMostEightQueriesRunAtOnce() {
        fake.answerVector(NOW_SECONDS, "1");
        fake.delayMillis = 100;
        String[] slis = new String[40];
        for (int i = 0; i < 20; i++) {
            slis[2 * i] = "sli" + i;
            slis[2 * i + 1] = "up";
        }
        try (PrometheusSliSource source = source(Duration.ofSeconds(2), component("api", slis))) {
            source.refresh();
            assertThat(source.latest()).hasSize(20).allMatch(Sli::known);
        }
        assertThat(fake.maxInFlight.get()).isBetween(2, 8);
    }

    @Test
    void latestKeepsConfigOrderAndSkipsComponentsWithoutMetrics() {
        fake.answerVector(NOW_SECONDS, "1");
        ComponentConfig bare = new ComponentConfig("bare", "", Stage.DEVELOPMENT, List.of(), null);
        try (PrometheusSliSource source = source(Duration.ofSeconds(2),
                component("b", "one", "up", "two", "up"), bare, component("a", "three", "up"))) {
            assertThat(source.latest()).extracting(Sli::reason).containsOnly("not queried yet");
            source.refresh();
            assertThat(source.latest()).extracting(s -> s.component() + "/" + s.name())
                    .containsExactly("b/one", "b/two", "a/three");
        }
    }

    @Test
    void withoutPrometheusEverySliIsUnknown() {
        List<Sli> slis = PrometheusSliSource.notConfigured(List.of(component("api", "p95", "up", "errors", "up")));
        assertThat(slis).hasSize(2).allSatisfy(s -> {
            assertThat(s.known()).isFalse();
            assertThat(s.reason()).isEqualTo("no Prometheus configured");
        });
    }

    @Test
    void errorCountsNameEveryFamilyFromTheStart() {
        try (PrometheusSliSource source = source(Duration.ofSeconds(2), component("api", "x", "up"))) {
            assertThat(source.errorCounts()).containsOnlyKeys("unreachable", "timeout", "http", "promql", "empty",
                    "multiple", "not_finite", "stale", "result_type", "unparseable").allSatisfy((k, v) -> assertThat(v).isZero());
        }
    }
}

package dev.promotiond.promql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.facts.Sli;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Range answers ({@code /api/v1/query_range}) as rules replay reads them. */
class ResponseReaderRangeTest {
    private static RangeResult read(int status, String body) {
        return ResponseReader.readRange(status, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void oneSeriesGivesItsValuesByInstantIncludingNotFiniteOnes() {
        RangeResult r = read(200, """
                {"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"api"},
                 "values":[[1700000000,"0.25"],[1700000060,"NaN"],[1700000120.5,"+Inf"]]}]}}
                """);
        assertThat(r.known()).isTrue();
        assertThat(r.values()).containsEntry(Instant.ofEpochSecond(1700000000), 0.25)
                .containsKey(Instant.ofEpochMilli(1700000120500L)).hasSize(3);
        assertThat(r.values().get(Instant.ofEpochSecond(1700000060))).isNaN();
    }

    @Test
    void failuresNameTheirCause() {
        assertThat(read(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"exceeded maximum resolution of 11,000 points per timeseries\"}").reason())
                .isEqualTo("PromQL error: exceeded maximum resolution of 11,000 points per timeseries");
        assertThat(read(502, "<html>bad gateway</html>").reason()).isEqualTo("Prometheus answered HTTP 502");
        assertThat(read(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}").reason())
                .isEqualTo("empty result");
        assertThat(read(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}").reason())
                .isEqualTo("unexpected result type vector");
        assertThat(read(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"values\":[[1,\"x\"]]}]}}")
                .reason()).isEqualTo("unparseable response");
        assertThat(read(200, "not json").reason()).isEqualTo("unparseable response");
    }

    @Test
    void seriesThatFollowOneAnotherAreOneHistoryAndOnlyOverlapsAreUnknown() {
        RangeResult r = read(200, """
                {"status":"success","data":{"resultType":"matrix","result":[
                 {"metric":{"pod":"a"},"values":[[60,"1"],[120,"2"],[180,"3"]]},
                 {"metric":{"pod":"b"},"values":[[180,"30"],[240,"4"]]}]}}
                """);
        assertThat(r.values()).containsOnlyKeys(Instant.ofEpochSecond(60), Instant.ofEpochSecond(120),
                Instant.ofEpochSecond(240));
        assertThat(r.conflicts()).containsOnly(java.util.Map.entry(Instant.ofEpochSecond(180),
                "2 series, expected 1: {pod=\"a\"}, {pod=\"b\"}"));
        List<Instant[]> one = List.<Instant[]>of(new Instant[] {Instant.ofEpochSecond(60), Instant.ofEpochSecond(240)});
        SliHistory h = SliHistory.of("api", "x", one, List.of(r));
        Duration step = Duration.ofMinutes(1);
        assertThat(h.at(Instant.ofEpochSecond(120), step).get(0).value()).isEqualTo(2.0);
        assertThat(h.at(Instant.ofEpochSecond(180), step).get(0).reason()).startsWith("2 series, expected 1");
        assertThat(h.at(Instant.ofEpochSecond(240), step).get(0).value()).isEqualTo(4.0);
    }

    @Test
    void longRangesAreAskedForInPartsOfAtMostElevenThousandPoints() {
        Instant from = Instant.parse("2026-11-01T00:00:00Z");
        Duration step = Duration.ofMinutes(1);
        assertThat(SliHistory.parts(from, from.plus(step.multipliedBy(10_999)), step)).hasSize(1);
        List<Instant[]> two = SliHistory.parts(from, from.plus(step.multipliedBy(11_000)), step);
        assertThat(two).hasSize(2);
        assertThat(two.get(0)).containsExactly(from, from.plus(step.multipliedBy(10_999)));
        assertThat(two.get(1)).containsExactly(from.plus(step.multipliedBy(11_000)), from.plus(step.multipliedBy(11_000)));

        // an instant is read from its own part, also right at the boundary
        java.util.NavigableMap<Instant, Double> first = new java.util.TreeMap<>();
        first.put(two.get(0)[1], 1.0);
        java.util.NavigableMap<Instant, Double> second = new java.util.TreeMap<>();
        second.put(two.get(1)[0], 2.0);
        SliHistory h = SliHistory.of("api", "x", two, List.of(RangeResult.values(first, java.util.Map.of()),
                RangeResult.values(second, java.util.Map.of())));
        assertThat(h.at(two.get(0)[1], step).get(0).value()).isEqualTo(1.0);
        assertThat(h.at(two.get(1)[0], step).get(0).value()).isEqualTo(2.0);
        SliHistory failedSecond = SliHistory.of("api", "x", two, List.of(RangeResult.values(first, java.util.Map.of()),
                RangeResult.failed(QueryFailure.TIMEOUT, "Prometheus timed out after 30s")));
        assertThat(failedSecond.at(two.get(1)[0], step).get(0).reason()).isEqualTo("Prometheus timed out after 30s");
        assertThat(failedSecond.failures()).containsExactly("api/x: Prometheus timed out after 30s");
    }

    /** A config with one component "api" whose metrics section is {@code slis}. */
    private static dev.promotiond.config.DaemonConfig config(java.nio.file.Path dir, String prometheus, String slis)
            throws Exception {
        java.nio.file.Path cfg = dir.resolve("p.yaml");
        java.nio.file.Files.writeString(cfg, """
                listen: 127.0.0.1:0
                store: ./p.db
                %s
                components:
                  - name: api
                    stage: Staging
                    metrics: {slis: {%s}}
                """.formatted(prometheus, slis));
        return dev.promotiond.config.ConfigLoader.load(cfg);
    }

    @Test
    void aQueryThatNeedsTheSoakLengthIsUnknownRatherThanGuessed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        var config = config(dir, "prometheus: {url: \"http://127.0.0.1:9\"}",
                "peak_request_rate: 'max_over_time(x{job=\"api\"}[{{soak}}])'");
        Instant from = Instant.parse("2026-11-01T00:00:00Z");
        SliHistory h = SliHistory.read(config.prometheus(), config.components(), from, from.plusSeconds(3600),
                Duration.ofMinutes(30));
        assertThat(h.failures()).singleElement().asString().contains("{{soak}}");
        assertThat(h.at(from, Duration.ofMinutes(30)).get(0).known()).isFalse();
    }

    @Test
    void withoutPrometheusEverySliIsUnknownWithTheReason(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        List<ComponentConfig> components = config(dir, "", "latency_p95_seconds: 'x{job=\"api\"}'").components();
        List<Sli> slis = SliHistory.none(components, "no Prometheus configured").at(Instant.EPOCH, Duration.ofMinutes(1));
        assertThat(slis).singleElement().satisfies(s -> {
            assertThat(s.known()).isFalse();
            assertThat(s.name()).isEqualTo("latency_p95_seconds");
            assertThat(s.reason()).isEqualTo("no Prometheus configured");
        });
    }
}

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
        assertThat(read(200, """
                {"status":"success","data":{"resultType":"matrix","result":[
                 {"metric":{"job":"a"},"values":[[1,"1"]]},{"metric":{"job":"b"},"values":[[1,"2"]]}]}}
                """).reason()).isEqualTo("2 series, expected 1: {job=\"a\"}, {job=\"b\"}");
        assertThat(read(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}").reason())
                .isEqualTo("unexpected result type vector");
        assertThat(read(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"values\":[[1,\"x\"]]}]}}")
                .reason()).isEqualTo("unparseable response");
        assertThat(read(200, "not json").reason()).isEqualTo("unparseable response");
    }

    @Test
    void withoutPrometheusEverySliIsUnknownWithTheReason(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path cfg = dir.resolve("p.yaml");
        java.nio.file.Files.writeString(cfg, """
                listen: 127.0.0.1:0
                store: ./p.db
                rules: ./rules
                components:
                  - name: api
                    stage: Staging
                    metrics: {slis: {latency_p95_seconds: 'x{job="api"}'}}
                """);
        List<ComponentConfig> components = dev.promotiond.config.ConfigLoader.load(cfg).components();
        List<Sli> slis = SliHistory.none(components, "no Prometheus configured").at(Instant.EPOCH, Duration.ofMinutes(1));
        assertThat(slis).singleElement().satisfies(s -> {
            assertThat(s.known()).isFalse();
            assertThat(s.name()).isEqualTo("latency_p95_seconds");
            assertThat(s.reason()).isEqualTo("no Prometheus configured");
        });
    }
}

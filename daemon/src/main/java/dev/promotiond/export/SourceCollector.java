package dev.promotiond.export;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Health of one data source (e.g. Prometheus), read from the source at scrape time. */
final class SourceCollector implements MultiCollector {
    private final String source;
    private final BooleanSupplier up;
    private final Supplier<Map<String, Long>> errors;

    SourceCollector(String source, BooleanSupplier up, Supplier<Map<String, Long>> errors) {
        this.source = source;
        this.up = up;
        this.errors = errors;
    }

    @Override
    public MetricSnapshots collect() {
        GaugeSnapshot upGauge = GaugeSnapshot.builder().name("promotiond_source_up")
                .help("1 when the last refresh reached the data source, else 0")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(up.getAsBoolean() ? 1 : 0)
                        .labels(Labels.of("source", source)).build())
                .build();
        CounterSnapshot.Builder failures = CounterSnapshot.builder().name("promotiond_source_query_errors")
                .help("Queries to the data source that gave no usable value, by reason");
        errors.get().forEach((reason, n) -> failures.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .value(n).labels(Labels.of("reason", reason, "source", source)).build()));
        return MetricSnapshots.of(upGauge, failures.build());
    }
}

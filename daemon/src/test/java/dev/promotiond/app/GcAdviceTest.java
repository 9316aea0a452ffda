package dev.promotiond.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcAdviceTest {
    private static final List<String> G1 = List.of("G1 Young Generation", "G1 Concurrent GC", "G1 Old Generation");

    @Test
    void largeFleetOnG1GetsTheHint() {
        assertThat(GcAdvice.hint(10_000, G1)).hasValueSatisfying(h -> assertThat(h)
                .startsWith("10000 components on the G1 collector")
                .contains("-XX:+UseParallelGC"));
        assertThat(GcAdvice.hint(GcAdvice.LARGE_FLEET, G1)).isPresent();
    }

    @Test
    void smallFleetsAndOtherCollectorsGetNone() {
        assertThat(GcAdvice.hint(GcAdvice.LARGE_FLEET - 1, G1)).isEmpty();
        assertThat(GcAdvice.hint(10_000, List.of("PS Scavenge", "PS MarkSweep"))).isEmpty();
        assertThat(GcAdvice.hint(10_000, List.of("Shenandoah Pauses", "Shenandoah Cycles"))).isEmpty();
    }
}

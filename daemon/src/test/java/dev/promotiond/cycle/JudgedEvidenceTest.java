package dev.promotiond.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.facts.Component;
import dev.promotiond.facts.Evidence;
import dev.promotiond.facts.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JudgedEvidenceTest {
    static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
    static final Component SVC = new Component("svc", "g", Stage.DEVELOPMENT, "1.0.0", List.of(), true, 10);

    static Evidence unit(String version, int minute) {
        return new Evidence("svc", version, null, "unit", "pytest", T0.plusSeconds(60L * minute), "",
                Map.of("tests", 1.0));
    }

    @Test
    void rulesGetTheRunningVersionsEvidenceAndTheNewestOfEachKindOnly() {
        List<Evidence> kept = List.of(unit("1.2.0", 3), unit("1.1.0", 2), unit("1.0.0", 1), unit("0.9.0", 0));
        assertThat(JudgedEvidence.forRules(List.of(SVC), kept)).extracting(Evidence::version)
                .containsExactly("1.0.0", "1.2.0");
        assertThat(JudgedEvidence.forRules(List.of(SVC), List.of(unit("1.0.0", 5), unit("0.9.0", 0))))
                .extracting(Evidence::version).containsExactly("1.0.0");
    }

    @Test
    void outputsShowTheRunningVersionsEvidenceElseTheNewest() {
        assertThat(JudgedEvidence.shown(SVC, List.of(unit("1.1.0", 2), unit("1.0.0", 1))))
                .extracting(Evidence::version).containsExactly("1.0.0");
        assertThat(JudgedEvidence.shown(SVC, List.of(unit("0.8.0", 0), unit("1.1.0", 2), unit("0.9.0", 1))))
                .extracting(Evidence::version).containsExactly("1.1.0");
    }
}

package dev.promotiond.facts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedTextTest {
    @Test
    void equalThresholdsOfDifferentResultsAreOneInstance() {
        SharedText.clear();  // so that no start-over happens between the two results
        String a = new StringBuilder("≥ 99.5% (coverage ≥ 90%)").toString();
        String b = new StringBuilder("≥ 99.5% (coverage ≥ 90%)").toString();
        assertThat(a).isNotSameAs(b);

        CriterionResult first = new CriterionResult("a", Stage.PRODUCTION, "uptime-7d", CriterionState.MET, "99.9%", a,
                "ok", "r", null);
        CriterionResult second = new CriterionResult("b", Stage.PRODUCTION, "uptime-7d", CriterionState.MET, "99.9%", b,
                "ok", "r", null);

        assertThat(second.threshold()).isSameAs(first.threshold()).isEqualTo("≥ 99.5% (coverage ≥ 90%)");
        assertThat(FactRef.present(new String("Uptime 7d"), "x", null).fact())
                .isSameAs(FactRef.present(new String("Uptime 7d"), "y", null).fact());
    }

    @Test
    void staysBoundedWhenEveryTextIsNew() {
        for (int i = 0; i < 3 * SharedText.LIMIT; i++) {
            String t = "version 1." + i + " needs 2d more observed soak";
            assertThat(SharedText.of(t)).isEqualTo(t);
            assertThat(SharedText.size()).isLessThanOrEqualTo(SharedText.LIMIT);
        }
    }

    @Test
    void longTextsAndNullPassThrough() {
        String longText = "x".repeat(500);
        assertThat(SharedText.of(longText)).isSameAs(longText);
        assertThat(SharedText.of(null)).isNull();
    }

    @Test
    void withKeepsEarlierFactsAndAddsNewOnes() {
        CriterionResult r = new CriterionResult("a", Stage.STAGING, "n", CriterionState.UNKNOWN, null, null, null, null,
                null);
        CriterionResult one = r.with(FactRef.missing("Evidence unit", "none"));
        CriterionResult two = one.with(FactRef.present("Component stage", "Development", null));
        assertThat(one.facts()).extracting(FactRef::fact).containsExactly("Evidence unit");
        assertThat(two.facts()).extracting(FactRef::fact).containsExactly("Evidence unit", "Component stage");
        assertThat(r.facts()).isEmpty();
    }
}

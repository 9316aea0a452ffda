package dev.promotiond.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProbeReasonsTest {
    @Test
    void everyReasonMapsToOneBoundedFamily() {
        assertThat(ProbeReasons.family("ok")).isEqualTo("ok");
        assertThat(ProbeReasons.family(ProbeReasons.status(503))).isEqualTo("status");
        assertThat(ProbeReasons.family("timeout")).isEqualTo("timeout");
        assertThat(ProbeReasons.family("refused")).isEqualTo("refused");
        assertThat(ProbeReasons.family(ProbeReasons.unreachable("no such host"))).isEqualTo("unreachable");
        assertThat(ProbeReasons.family("oversized body")).isEqualTo("oversized");
        assertThat(ProbeReasons.family("unparseable body")).isEqualTo("unparseable");
        assertThat(ProbeReasons.family(ProbeReasons.unhealthy("degraded"))).isEqualTo("unhealthy");
        assertThat(ProbeReasons.family("something new")).isIn(ProbeReasons.FAMILIES);
    }

    @Test
    void truncationNeverSplitsASurrogatePair() {
        String value = "a".repeat(63) + "\uD83D\uDE00";

        assertThat(ProbeReasons.unhealthy(value)).isEqualTo("unhealthy: " + "a".repeat(63));
    }
}

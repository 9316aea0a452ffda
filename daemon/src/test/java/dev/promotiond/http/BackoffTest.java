package dev.promotiond.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
    static final Backoff WEBHOOK = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMinutes(1));
    static final Instant NOW = Instant.parse("2026-10-21T07:28:00Z");

    @Test
    void stepsDoubleFromTheFirstUpToTheMax() {
        assertThat(List.of(1, 2, 3, 5, 6, 7, 1000, Integer.MAX_VALUE)).map(WEBHOOK::step).containsExactly(
                Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(3200),
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThatThrownBy(() -> WEBHOOK.step(0)).hasMessage("retry counts from 1, was 0");
    }

    @Test
    void jitterPlacesTheWaitBetweenHalfAndTheWholeStep() {
        assertThat(WEBHOOK.delay(2, null, () -> 0.0)).isEqualTo(Duration.ofMillis(200));
        assertThat(WEBHOOK.delay(2, null, () -> 0.5)).isEqualTo(Duration.ofMillis(300));
        assertThat(WEBHOOK.delay(2, null, () -> 1.0)).isEqualTo(Duration.ofMillis(400));
        for (int i = 0; i < 1000; i++) {
            assertThat(WEBHOOK.delay(3, null, Backoff.RANDOM)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
        }
    }

    @Test
    void retryAfterLongerThanTheStepIsHonouredUpToItsCap() {
        assertThat(WEBHOOK.delay(1, Duration.ofSeconds(7), () -> 1.0)).isEqualTo(Duration.ofSeconds(7));
        assertThat(WEBHOOK.delay(1, Duration.ofHours(3), () -> 1.0)).isEqualTo(Duration.ofMinutes(1));
        assertThat(WEBHOOK.delay(3, Duration.ZERO, () -> 1.0)).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        assertThat(Backoff.retryAfter("120", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(Backoff.retryAfter(" 0 ", NOW)).isEqualTo(Duration.ZERO);
        assertThat(Backoff.retryAfter("Wed, 21 Oct 2026 07:28:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Backoff.retryAfter("Wed, 21 Oct 2026 07:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(Backoff.retryAfter(null, NOW)).isNull();
        assertThat(Backoff.retryAfter("soon", NOW)).isNull();
        assertThat(Backoff.retryAfter("-5", NOW)).isNull();
        assertThat(Backoff.retryAfter("99999999999999999999999", NOW)).isNull();
    }
}

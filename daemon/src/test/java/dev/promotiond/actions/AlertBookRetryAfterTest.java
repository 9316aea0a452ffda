package dev.promotiond.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.store.ActionStore;
import dev.promotiond.store.Store;
import dev.promotiond.testing.WebhookReceiver;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resends of undelivered alerts wait for the backoff, or for a longer Retry-After of the answer. */
class AlertBookRetryAfterTest {
    static final Instant T = Instant.parse("2026-11-20T12:00:00Z");
    static final Alert PAGE = new Alert(Map.of("alertname", "ProductionGuardTripped", "component", "web"), Map.of(),
            null, null, null);

    @TempDir
    Path dir;

    @Test
    void aBusyAlertmanagersRetryAfterPostponesTheResend() throws Exception {
        try (WebhookReceiver am = new WebhookReceiver();
             Store store = Store.open(dir.resolve("ledger.db"));
             AlertmanagerClient client = new AlertmanagerClient(List.of(am.url()), Duration.ofSeconds(5),
                     Clock.fixed(T, ZoneOffset.UTC))) {
            am.answer(503, "");
            am.answerHeader("Retry-After", "120");
            List<AlertBook.Audit> audits = new ArrayList<>();
            AlertBook book = new AlertBook(new ActionStore(store), client, Duration.ofMinutes(1), audits::add, () -> 1.0);

            book.reconcile(T, List.of(PAGE), List.of());
            book.reconcile(T.plusSeconds(60), List.of(PAGE), List.of());  // the backoff alone (1 s) would resend here
            int beforeRetryAfter = am.requests().size();
            am.answer(200, "");
            book.reconcile(T.plusSeconds(120), List.of(PAGE), List.of());

            assertThat(beforeRetryAfter).isEqualTo(1);
            assertThat(am.requests()).hasSize(2);
        }
    }

    @Test
    void withoutRetryAfterTheResendFollowsTheJitteredBackoff() throws Exception {
        try (WebhookReceiver am = new WebhookReceiver();
             Store store = Store.open(dir.resolve("ledger.db"));
             AlertmanagerClient client = new AlertmanagerClient(List.of(am.url()), Duration.ofSeconds(5),
                     Clock.fixed(T, ZoneOffset.UTC))) {
            am.answer(503, "");
            AlertBook book = new AlertBook(new ActionStore(store), client, Duration.ofMinutes(1), a -> { }, () -> 0.0);

            book.reconcile(T, List.of(PAGE), List.of());
            book.reconcile(T.plusMillis(499), List.of(PAGE), List.of());
            int beforeHalfStep = am.requests().size();
            book.reconcile(T.plusMillis(500), List.of(PAGE), List.of());  // jitter 0: half of the 1 s step

            assertThat(beforeHalfStep).isEqualTo(1);
            assertThat(am.requests()).hasSize(2);
        }
    }
}

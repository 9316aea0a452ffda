package dev.promotiond.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promotiond.clock.ManualClock;
import dev.promotiond.testing.RealAlertmanager;
import dev.promotiond.testing.RealPrometheus;
import dev.promotiond.testing.WebhookReceiver;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class AlertmanagerClientTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String RFC_3339 = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";

    static Alert alert(String alertname, String component) {
        return new Alert(Map.of("alertname", alertname, "component", component, "severity", "page"),
                Map.of("summary", component + " is failing its criteria", "runbook", "https://runbooks.example/" + component),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(1)), null,
                "http://promotiond.example/components/" + component);
    }

    /** The real Alertmanager 0.25 from Debian, one per test, notifying a loopback webhook. */
    @Nested
    @Timeout(60)
    class AgainstRealAlertmanager {
        @TempDir
        Path dir;
        WebhookReceiver webhook;
        final Deque<AutoCloseable> resources = new ArrayDeque<>();

        @BeforeEach
        void webhook() throws IOException {
            webhook = closeLater(new WebhookReceiver());
        }

        @AfterEach
        void closeAll() throws Exception {
            while (!resources.isEmpty()) {
                resources.pop().close();
            }
        }

        <T extends AutoCloseable> T closeLater(T resource) {
            resources.push(resource);
            return resource;
        }

        RealAlertmanager alertmanager(String name) throws IOException {
            Path sub = dir.resolve(name);
            Files.createDirectories(sub);
            return closeLater(RealAlertmanager.start(sub, URI.create(webhook.url() + "/hook")));
        }

        AlertmanagerClient client(URI... alertmanagers) {
            return closeLater(new AlertmanagerClient(List.of(alertmanagers), Duration.ofSeconds(5), Clock.systemUTC()));
        }

        @Test
        void sentAlertAppearsInAlertmanagerWithItsLabelsAnnotationsAndFingerprint() throws IOException {
            RealAlertmanager am = alertmanager("am");
            Alert alert = alert("PromotionBlocked", "checkout");

            List<DeliveryResult> results = client(am.url()).send(List.of(alert));

            assertThat(results).containsExactly(new DeliveryResult(am.url(), true, 200, null, false));
            List<JsonNode> active = am.alerts("component", "checkout");
            assertThat(active).hasSize(1);
            JsonNode got = active.get(0);
            assertThat(got.path("labels").properties()).hasSize(3);
            assertThat(got.path("labels").path("alertname").asText()).isEqualTo("PromotionBlocked");
            assertThat(got.path("labels").path("severity").asText()).isEqualTo("page");
            assertThat(got.path("annotations").path("summary").asText()).isEqualTo("checkout is failing its criteria");
            assertThat(got.path("annotations").path("runbook").asText()).isEqualTo("https://runbooks.example/checkout");
            assertThat(Instant.parse(got.path("startsAt").asText())).isEqualTo(alert.startsAt());
            assertThat(got.path("generatorURL").asText()).isEqualTo(alert.generatorURL());
            assertThat(got.path("fingerprint").asText()).isEqualTo(alert.fingerprint());
            assertThat(got.path("status").path("state").asText()).isEqualTo("active");
        }

        @Test
        void resolvedAlertLeavesTheActiveListAndTheWebhookGetsFiringThenResolved() throws IOException {
            RealAlertmanager am = alertmanager("am");
            AlertmanagerClient client = client(am.url());
            Alert firing = alert("PromotionBlocked", "payments");

            assertThat(client.send(List.of(firing))).allMatch(DeliveryResult::ok);
            WebhookReceiver.Request first = webhook.awaitRequests(1, WAIT).get(0);
            assertThat(first.path()).isEqualTo("/hook");
            assertThat(first.body().path("status").asText()).isEqualTo("firing");
            assertThat(first.body().path("alerts").get(0).path("labels").path("component").asText()).isEqualTo("payments");

            assertThat(client.send(List.of(firing.resolvedAt(Instant.now())))).allMatch(DeliveryResult::ok);
            RealPrometheus.await("resolved alert gone from the active list", WAIT,
                    () -> am.alerts("component", "payments").isEmpty());
            WebhookReceiver.Request second = webhook.awaitRequests(2, WAIT).get(1);
            assertThat(second.body().path("status").asText()).isEqualTo("resolved");
            assertThat(second.body().path("alerts").get(0).path("fingerprint").asText()).isEqualTo(firing.fingerprint());
        }

        @Test
        void everyConfiguredAlertmanagerReceivesTheAlert() throws IOException {
            RealAlertmanager a = alertmanager("a");
            RealAlertmanager b = alertmanager("b");

            List<DeliveryResult> results = client(a.url(), b.url()).send(List.of(alert("PromotionBlocked", "search")));

            assertThat(results).extracting(DeliveryResult::alertmanager).containsExactly(a.url(), b.url());
            assertThat(results).allMatch(DeliveryResult::ok);
            assertThat(a.alerts("component", "search")).hasSize(1);
            assertThat(b.alerts("component", "search")).hasSize(1);
        }

        @Test
        void alertmanagerOutageIsRetryableAndASendAfterRestartSucceeds() throws IOException {
            RealAlertmanager am = alertmanager("am");
            AlertmanagerClient client = client(am.url());
            Alert alert = alert("PromotionBlocked", "ledger");
            assertThat(client.send(List.of(alert("Warmup", "ledger")))).allMatch(DeliveryResult::ok);

            am.stop();
            List<DeliveryResult> during = client.send(List.of(alert));
            assertThat(during).singleElement().satisfies(r -> {
                assertThat(r.ok()).isFalse();
                assertThat(r.retryable()).isTrue();
                assertThat(r.httpStatus()).isNull();
                assertThat(r.error()).contains("unreachable");
            });

            am.start();
            assertThat(client.send(List.of(alert))).singleElement().satisfies(r -> assertThat(r.ok()).isTrue());
            assertThat(am.alerts("alertname", "PromotionBlocked")).hasSize(1);
        }
    }

    /** A JDK HttpServer standing in for Alertmanager: exact bytes on the wire and every failure mode. */
    @Nested
    @Timeout(30)
    class AgainstFakeAlertmanager {
        final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T12:00:00.250Z"));
        final Deque<AutoCloseable> resources = new ArrayDeque<>();

        @AfterEach
        void closeAll() throws Exception {
            while (!resources.isEmpty()) {
                resources.pop().close();
            }
        }

        WebhookReceiver fake() throws IOException {
            WebhookReceiver fake = new WebhookReceiver();
            resources.push(fake);
            return fake;
        }

        AlertmanagerClient client(Duration timeout, URI... alertmanagers) {
            AlertmanagerClient client = new AlertmanagerClient(List.of(alertmanagers), timeout, clock);
            resources.push(client);
            return client;
        }

        @Test
        void bodyIsAlertmanagersV2ShapeWithRfc3339Timestamps() throws IOException {
            WebhookReceiver am = fake();
            Alert alert = new Alert(Map.of("alertname", "PromotionBlocked", "component", "checkout"),
                    Map.of("summary", "soak failed"), Instant.parse("2025-03-01T11:59:00Z"),
                    Instant.parse("2025-03-01T12:00:00.250Z"), "http://promotiond.example/components/checkout");

            assertThat(client(Duration.ofSeconds(2), am.url()).send(List.of(alert))).allMatch(DeliveryResult::ok);

            WebhookReceiver.Request request = am.requests().get(0);
            assertThat(request.path()).isEqualTo("/api/v2/alerts");
            assertThat(request.header("Content-Type")).startsWith("application/json");
            JsonNode sent = request.body();
            assertThat(sent.isArray()).isTrue();
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0).fieldNames()).toIterable()
                    .containsExactly("labels", "annotations", "startsAt", "endsAt", "generatorURL");
            assertThat(sent.get(0).path("labels").toString())
                    .isEqualTo("{\"alertname\":\"PromotionBlocked\",\"component\":\"checkout\"}");
            assertThat(sent.get(0).path("annotations").toString()).isEqualTo("{\"summary\":\"soak failed\"}");
            assertThat(sent.get(0).path("startsAt").asText()).isEqualTo("2025-03-01T11:59:00Z").matches(RFC_3339);
            assertThat(sent.get(0).path("endsAt").asText()).isEqualTo("2025-03-01T12:00:00.250Z").matches(RFC_3339);
            assertThat(sent.get(0).path("generatorURL").asText()).isEqualTo("http://promotiond.example/components/checkout");
        }

        @Test
        void missingStartsAtIsStampedFromTheClockAndAbsentFieldsAreLeftOut() throws IOException {
            WebhookReceiver am = fake();
            Alert alert = new Alert(Map.of("alertname", "PromotionBlocked"), null, null, null, null);

            client(Duration.ofSeconds(2), am.url()).send(List.of(alert));

            JsonNode sent = am.requests().get(0).body().get(0);
            assertThat(sent.fieldNames()).toIterable().containsExactly("labels", "annotations", "startsAt");
            assertThat(sent.path("annotations").size()).isZero();
            assertThat(sent.path("startsAt").asText()).isEqualTo("2025-03-01T12:00:00.250Z");
        }

        @Test
        void postsUnderTheConfiguredPathPrefix() throws IOException {
            WebhookReceiver am = fake();

            client(Duration.ofSeconds(2), URI.create(am.url() + "/alertmanager/")).send(List.of(alert("A", "x")));

            assertThat(am.requests()).singleElement()
                    .satisfies(r -> assertThat(r.path()).isEqualTo("/alertmanager/api/v2/alerts"));
        }

        @Test
        void badRequestIsNotRetryableAndCarriesAlertmanagersMessage() throws IOException {
            WebhookReceiver am = fake();
            am.answer(400, "\"start time must be before end time\"");

            List<DeliveryResult> results = client(Duration.ofSeconds(2), am.url()).send(List.of(alert("A", "x")));

            assertThat(results).containsExactly(new DeliveryResult(am.url(), false, 400,
                    "Alertmanager answered HTTP 400: start time must be before end time", false));
        }

        @Test
        void unprocessableEntityIsNotRetryableAndCarriesTheSwaggerMessage() throws IOException {
            WebhookReceiver am = fake();
            am.answer(422, "{\"code\":602,\"message\":\"labels in body is required\"}");

            DeliveryResult result = client(Duration.ofSeconds(2), am.url()).send(List.of(alert("A", "x"))).get(0);

            assertThat(result.retryable()).isFalse();
            assertThat(result.error()).isEqualTo("Alertmanager answered HTTP 422: labels in body is required");
        }

        @Test
        void serviceUnavailableAndTooManyRequestsAreRetryable() throws IOException {
            WebhookReceiver am = fake();
            AlertmanagerClient client = client(Duration.ofSeconds(2), am.url());

            am.answer(503, "overloaded");
            DeliveryResult unavailable = client.send(List.of(alert("A", "x"))).get(0);
            am.answer(429, "");
            DeliveryResult tooMany = client.send(List.of(alert("A", "x"))).get(0);

            assertThat(unavailable).isEqualTo(new DeliveryResult(am.url(), false, 503,
                    "Alertmanager answered HTTP 503: overloaded", true));
            assertThat(tooMany).isEqualTo(new DeliveryResult(am.url(), false, 429, "Alertmanager answered HTTP 429", true));
        }

        @Test
        void retryAfterOfABusyAnswerIsKeptForTheResend() throws IOException {
            WebhookReceiver am = fake();
            am.answer(503, "");
            am.answerHeader("Retry-After", "30");

            DeliveryResult result = client(Duration.ofSeconds(2), am.url()).send(List.of(alert("A", "x"))).get(0);

            assertThat(result.retryable()).isTrue();
            assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(30));
            assertThat(AlertmanagerClient.BACKOFF.delay(1, result.retryAfter(), () -> 1.0)).isEqualTo(Duration.ofSeconds(30));
        }

        @Test
        void timeoutIsRetryableAndSendReturnsAtTheTimeout() throws IOException {
            WebhookReceiver am = fake();
            // answers after 3 s: only a timeout shorter than that (the configured 300 ms, not OkHttp's
            // 10 s default) makes this a timeout rather than a delivery
            am.delay(Duration.ofSeconds(3));

            DeliveryResult result = client(Duration.ofMillis(300), am.url()).send(List.of(alert("A", "x"))).get(0);

            assertThat(result).isEqualTo(new DeliveryResult(am.url(), false, null,
                    "Alertmanager timed out after 300ms", true));
        }

        @Test
        void hangingAlertmanagerDoesNotHoldBackTheOthers() throws IOException {
            // the first Alertmanager holds its answer until the second one has the alerts: a send that
            // waited for the first before posting to the second would see the first time out instead
            CountDownLatch healthyReached = new CountDownLatch(1);
            WebhookReceiver hanging = fake();
            hanging.onPost(r -> {
                try {
                    healthyReached.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            WebhookReceiver healthy = fake();
            healthy.onPost(r -> {
                healthyReached.countDown();
                return null;
            });

            List<DeliveryResult> results = client(Duration.ofSeconds(5), hanging.url(), healthy.url())
                    .send(List.of(alert("A", "x")));

            assertThat(results).as("the second was reached while the first was still open")
                    .extracting(DeliveryResult::ok).containsExactly(true, true);
            assertThat(healthy.requests()).hasSize(1);
        }

        @Test
        void connectionRefusedIsRetryable() throws IOException {
            WebhookReceiver gone = fake();
            URI url = gone.url();
            gone.close();

            DeliveryResult result = client(Duration.ofSeconds(2), url).send(List.of(alert("A", "x"))).get(0);

            assertThat(result).isEqualTo(new DeliveryResult(url, false, null,
                    "Alertmanager unreachable: refused", true));
        }

        @Test
        void emptyBatchSendsNothing() throws IOException {
            WebhookReceiver am = fake();

            assertThat(client(Duration.ofSeconds(2), am.url()).send(List.of())).isEmpty();
            assertThat(am.requests()).isEmpty();
        }
    }

    @Test
    void fingerprintIsStableAcrossLabelOrderAndDependsOnLabelsOnly() {
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("alertname", "PromotionBlocked");
        forward.put("component", "checkout");
        Map<String, String> backward = new LinkedHashMap<>();
        backward.put("component", "checkout");
        backward.put("alertname", "PromotionBlocked");

        Alert a = new Alert(forward, Map.of("summary", "one"), Instant.parse("2025-01-01T00:00:00Z"), null, null);
        Alert b = new Alert(backward, Map.of("summary", "two"), Instant.parse("2025-02-01T00:00:00Z"),
                Instant.parse("2025-02-01T00:00:01Z"), "http://x");
        Alert other = new Alert(Map.of("alertname", "PromotionBlocked", "component", "payments"), null, null, null, null);

        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).matches("[0-9a-f]{16}");
        assertThat(other.fingerprint()).isNotEqualTo(a.fingerprint());
        assertThat(a.alertname()).isEqualTo("PromotionBlocked");
    }

    @Test
    void alertKeepsImmutableCopiesAndRejectsWhatAlertmanagerWould() {
        Map<String, String> labels = new LinkedHashMap<>(Map.of("alertname", "A"));
        Alert alert = new Alert(labels, null, null, null, null);
        labels.put("component", "x");

        assertThat(alert.labels()).containsOnlyKeys("alertname");
        assertThatThrownBy(() -> alert.labels().put("b", "c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new Alert(Map.of(), null, null, null, null)).hasMessageContaining("at least one label");
        assertThatThrownBy(() -> new Alert(Map.of("bad-name", "x"), null, null, null, null)).hasMessageContaining("bad-name");
        assertThatThrownBy(() -> new Alert(Map.of("alertname", "A"), null, Instant.parse("2025-01-01T00:00:01Z"),
                Instant.parse("2025-01-01T00:00:00Z"), null)).hasMessageContaining("before startsAt");
    }

    @Test
    void backoffDoublesFromOneSecondUpToOneMinute() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 50, Integer.MAX_VALUE)).map(AlertmanagerClient.BACKOFF::step)
                .extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
        assertThatThrownBy(() -> AlertmanagerClient.BACKOFF.step(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructorNamesTheBadSetting() {
        assertThatThrownBy(() -> new AlertmanagerClient(List.of(), Duration.ofSeconds(1), Clock.systemUTC()))
                .hasMessageContaining("at least one Alertmanager");
        assertThatThrownBy(() -> new AlertmanagerClient(List.of(URI.create("ftp://x")), Duration.ofSeconds(1), Clock.systemUTC()))
                .hasMessageContaining("ftp://x");
        assertThatThrownBy(() -> new AlertmanagerClient(List.of(URI.create("http://x")), Duration.ZERO, Clock.systemUTC()))
                .hasMessageContaining("timeout");
    }
}

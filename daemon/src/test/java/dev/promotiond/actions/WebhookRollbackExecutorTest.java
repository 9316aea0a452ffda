package dev.promotiond.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class WebhookRollbackExecutorTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T12:00:00Z"), ZoneOffset.UTC);
    private static final RollbackRequest API =
            new RollbackRequest("api", "1.4.2", "1.4.1", "production", "error rate 7% > 5%");
    private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);

    private final MockWebServer server = new MockWebServer();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private WebhookRollbackExecutor executor;

    @BeforeEach
    void start() throws IOException {
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        if (executor != null) {
            executor.close();
        }
        server.close();
    }

    private WebhookRollbackExecutor webhook(URI url, byte[] secret, Duration timeout, int retries) {
        executor = new WebhookRollbackExecutor(url, secret, timeout, retries, CLOCK, sleeps::add, () -> 1.0);
        return executor;
    }

    private WebhookRollbackExecutor webhook(byte[] secret, int retries) {
        return webhook(server.url("/rollback").uri(), secret, Duration.ofSeconds(5), retries);
    }

    private RecordedRequest taken() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).as("a request reached the server").isNotNull();
        return request;
    }

    private static MockResponse status(int code, String body) {
        return new MockResponse.Builder().code(code).body(body).build();
    }

    @Test
    void postsTheRequestAsJsonWithHeadersAndNoSignatureWithoutSecret() throws Exception {
        server.enqueue(status(200, "rolled back"));

        RollbackResult result = webhook(null, 0).execute(API);

        assertThat(result.ok()).isTrue();
        assertThat(result.outcome()).isEqualTo("success");
        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(result.exitCode()).isNull();
        assertThat(result.output()).isEqualTo("rolled back");
        assertThat(result.error()).isNull();
        RecordedRequest request = taken();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/rollback");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(request.getHeaders().get("User-Agent")).isEqualTo("promotiond");
        assertThat(request.getHeaders().get("X-Promotiond-Timestamp")).isEqualTo("1735732800");
        assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo("api@1.4.2");
        assertThat(request.getHeaders().get("X-Promotiond-Signature")).isNull();
        JsonNode body = new ObjectMapper().readTree(request.getBody().utf8());
        assertThat(body.get("component").asText()).isEqualTo("api");
        assertThat(body.get("version").asText()).isEqualTo("1.4.2");
        assertThat(body.get("previousVersion").asText()).isEqualTo("1.4.1");
        assertThat(body.get("stage").asText()).isEqualTo("production");
        assertThat(body.get("reason").asText()).isEqualTo("error rate 7% > 5%");
        assertThat(body.get("requestedAt").asText()).isEqualTo("2025-01-01T12:00:00Z");
        assertThat(body.size()).isEqualTo(6);
    }

    @Test
    void unknownPreviousVersionIsJsonNull() throws Exception {
        server.enqueue(status(204, ""));

        webhook(null, 0).execute(new RollbackRequest("api", "1.4.2", null, "production", null));

        JsonNode body = new ObjectMapper().readTree(taken().getBody().utf8());
        assertThat(body.get("previousVersion").isNull()).isTrue();
    }

    @Test
    void signatureIsHmacOfTimestampDotBodyAndVerifiable() throws Exception {
        server.enqueue(status(200, "ok"));

        webhook(SECRET, 0).execute(API);

        RecordedRequest request = taken();
        String timestamp = request.getHeaders().get("X-Promotiond-Timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        byte[] expected = mac.doFinal((timestamp + "." + request.getBody().utf8()).getBytes(StandardCharsets.UTF_8));
        assertThat(request.getHeaders().get("X-Promotiond-Signature"))
                .isEqualTo("sha256=" + HexFormat.of().formatHex(expected));
    }

    @Test
    void unavailableThenOkSucceedsAfterOneRetryWithTheSameIdempotencyKey() throws Exception {
        server.enqueue(status(503, "busy"));
        server.enqueue(status(200, "done"));

        RollbackResult result = webhook(SECRET, 3).execute(API);

        assertThat(result.outcome()).isEqualTo("success");
        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(result.output()).isEqualTo("done");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(sleeps).containsExactly(Duration.ofMillis(200));
        assertThat(taken().getHeaders().get("Idempotency-Key")).isEqualTo("api@1.4.2");
        assertThat(taken().getHeaders().get("Idempotency-Key")).isEqualTo("api@1.4.2");
    }

    @Test
    void tooManyRequestsIsRetriedWithGrowingBackoff() {
        server.enqueue(status(429, ""));
        server.enqueue(status(502, ""));
        server.enqueue(status(200, ""));

        RollbackResult result = webhook(null, 2).execute(API);

        assertThat(result.outcome()).isEqualTo("success");
        assertThat(sleeps).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void retryAfterInSecondsOrAsADateIsWaitedWhenLongerThanTheBackoff() {
        server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "3").build());
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "Wed, 01 Jan 2025 12:00:10 GMT").build());
        server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "0").build());
        server.enqueue(status(200, ""));

        RollbackResult result = webhook(null, 3).execute(API);

        assertThat(result.outcome()).isEqualTo("success");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofMillis(800));
    }

    @Test
    void retryAfterBeyondAMinuteIsCutToAMinute() {
        server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "86400").build());
        server.enqueue(status(200, ""));

        webhook(null, 1).execute(API);

        assertThat(sleeps).containsExactly(Duration.ofMinutes(1));
    }

    @Test
    void jitterShortensAWaitToNoLessThanHalfItsStep() {
        server.enqueue(status(502, ""));
        server.enqueue(status(502, ""));
        server.enqueue(status(200, ""));
        executor = new WebhookRollbackExecutor(server.url("/rollback").uri(), null, Duration.ofSeconds(5), 2, CLOCK,
                sleeps::add, () -> 0.0);

        executor.execute(API);

        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void clientErrorIsFinalWithoutRetry() {
        server.enqueue(status(400, "{\"error\":\"unknown component\"}"));
        server.enqueue(status(200, ""));

        RollbackResult result = webhook(null, 3).execute(API);

        assertThat(result.ok()).isFalse();
        assertThat(result.outcome()).isEqualTo("failed");
        assertThat(result.httpStatus()).isEqualTo(400);
        assertThat(result.output()).contains("unknown component");
        assertThat(result.error()).isEqualTo("webhook answered HTTP 400");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void redirectIsNotFollowed() {
        server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/elsewhere").build());

        RollbackResult result = webhook(null, 2).execute(API);

        assertThat(result.outcome()).isEqualTo("failed");
        assertThat(result.httpStatus()).isEqualTo(302);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void serverErrorsUntilRetriesRunOutFail() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(status(500, "boom " + i));
        }

        RollbackResult result = webhook(null, 2).execute(API);

        assertThat(result.outcome()).isEqualTo("failed");
        assertThat(result.httpStatus()).isEqualTo(500);
        assertThat(result.output()).isEqualTo("boom 2");
        assertThat(result.error()).isEqualTo("webhook answered HTTP 500 (after 3 attempts)");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void slowReceiverTimesOut() {
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS).build());

        RollbackResult result = webhook(server.url("/rollback").uri(), null, Duration.ofMillis(300), 0).execute(API);

        assertThat(result.outcome()).isEqualTo("timeout");
        assertThat(result.httpStatus()).isNull();
        // under any timeout longer than the 3 s delay the answer (200) would arrive and the outcome be success
        assertThat(result.error()).isEqualTo("webhook did not answer within 300 ms");
    }

    @Test
    void refusedConnectionIsAnErrorAfterRetries() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        RollbackResult result = webhook(URI.create("http://127.0.0.1:" + closedPort + "/rollback"), null,
                Duration.ofSeconds(2), 2).execute(API);

        assertThat(result.outcome()).isEqualTo("error");
        assertThat(result.httpStatus()).isNull();
        assertThat(result.error()).startsWith("webhook unreachable: ").endsWith("(after 3 attempts)");
        assertThat(sleeps).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void hugeAnswerKeepsOnlyItsEnd() {
        server.enqueue(status(200, "x".repeat(100_000) + "END"));

        RollbackResult result = webhook(null, 0).execute(API);

        assertThat(result.outcome()).isEqualTo("success");
        assertThat(result.output()).hasSizeLessThanOrEqualTo(RollbackResult.MAX_OUTPUT)
                .startsWith("[... truncated: only the end of 100003 bytes is kept ...]\n")
                .endsWith("xxxEND");
    }

    @Test
    void backoffDoublesFrom200MillisAndStopsAtFiveSeconds() {
        assertThat(List.of(1, 2, 3, 5, 6, 7, 1000).stream().map(WebhookRollbackExecutor.BACKOFF::step))
                .containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
                        Duration.ofMillis(3200), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void describeLeavesOutCredentialsAndQuery() {
        WebhookRollbackExecutor hook = webhook(URI.create("https://user:pw@deploy.example/hooks/rollback?token=abc"),
                null, Duration.ofSeconds(1), 0);

        assertThat(hook.describe()).isEqualTo("webhook https://deploy.example/hooks/rollback");
    }

    @Test
    void constructorRefusesBadSettings() {
        URI url = server.url("/").uri();
        assertThatThrownBy(() -> new WebhookRollbackExecutor(URI.create("ftp://x/"), null, Duration.ofSeconds(1), 0, CLOCK))
                .hasMessageContaining("http(s) url");
        assertThatThrownBy(() -> new WebhookRollbackExecutor(url, new byte[0], Duration.ofSeconds(1), 0, CLOCK))
                .hasMessageContaining("secret must not be empty");
        assertThatThrownBy(() -> new WebhookRollbackExecutor(url, null, Duration.ZERO, 0, CLOCK))
                .hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> new WebhookRollbackExecutor(url, null, Duration.ofSeconds(1), -1, CLOCK))
                .hasMessageContaining("retries must not be negative");
    }
}

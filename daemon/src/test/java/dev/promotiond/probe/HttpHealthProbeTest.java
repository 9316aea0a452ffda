package dev.promotiond.probe;

import static dev.promotiond.probe.Checks.FIXED;
import static dev.promotiond.probe.Checks.T0;
import static dev.promotiond.probe.Checks.check;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.config.HealthCheck;
import dev.promotiond.facts.Observation;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HttpHealthProbeTest {
    private LoopbackServer server;
    private HttpHealthProbe probe;
    private final BlockingQueue<Observation> observations = new LinkedBlockingQueue<>();

    @BeforeEach
    void startServer() throws IOException {
        server = new LoopbackServer();
        probe = new HttpHealthProbe(FIXED, 32);
    }

    @AfterEach
    void stop() {
        probe.close();
        server.close();
    }

    @Test
    void healthyStatusFieldIsUpWithVersion() throws Exception {
        server.respond("/health", 200, "{\"status\":\"UP\",\"build\":{\"version\":\"1.4.2\"}}");

        Observation o = probeOnce(check(server.url("/health"), "/status", "/build/version"));

        assertThat(o.component()).isEqualTo("payments");
        assertThat(o.up()).isTrue();
        assertThat(o.reason()).isEqualTo("ok");
        assertThat(o.version()).isEqualTo("1.4.2");
        assertThat(o.at()).isEqualTo(T0);
        assertThat(o.latency()).isPositive();
    }

    @Test
    void booleanStatusFieldIsComparedAsText() throws Exception {
        server.respond("/health", 200, "{\"healthy\":true}");
        HealthCheck check = new HealthCheck(server.url("/health"), Duration.ofSeconds(10), Duration.ofSeconds(2),
                "/healthy", List.of("true"), null, Set.of(), 1024);

        assertThat(probeOnce(check).up()).isTrue();
    }

    @Test
    void noStatusPointerMeansAnAcceptedStatusIsEnough() throws Exception {
        server.respond("/health", 204, "");

        Observation o = probeOnce(check(server.url("/health"), null, null));

        assertThat(o.up()).isTrue();
        assertThat(o.version()).isNull();
    }

    @Test
    void wrongStatusIsDownButStillReportsTheVersion() throws Exception {
        server.respond("/health", 503, "{\"status\":\"DOWN\",\"version\":\"1.4.1\"}");

        Observation o = probeOnce(check(server.url("/health"), "/status", "/version"));

        assertThat(o.up()).isFalse();
        assertThat(o.reason()).isEqualTo("status 503");
        assertThat(o.version()).isEqualTo("1.4.1");
    }

    @Test
    void aBusyAnswerWithRetryAfterZeroIsDownAndNotAskedAgain() throws Exception {
        try (MockWebServer busy = new MockWebServer()) {
            busy.start(InetAddress.getLoopbackAddress(), 0);
            busy.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "0").build());
            busy.enqueue(new MockResponse.Builder().code(200).build());

            Observation o = probeOnce(check(busy.url("/health").uri(), null, null));

            assertThat(o.reason()).isEqualTo("status 503");
            assertThat(busy.getRequestCount()).isEqualTo(1);
        }
    }

    @Test
    void redirectIsNotFollowed() throws Exception {
        server.respond("/old", 302, "");
        server.respond("/health", 200, "{\"status\":\"UP\"}");

        Observation o = probeOnce(check(server.url("/old"), "/status", null));

        assertThat(o.reason()).isEqualTo("status 302");
    }

    @Test
    void unhealthyValueIsDownWithTheValueTruncated() throws Exception {
        server.respond("/degraded", 200, "{\"status\":\"degraded\"}");
        server.respond("/long", 200, "{\"status\":\"" + "x".repeat(500) + "\"}");

        assertThat(probeOnce(check(server.url("/degraded"), "/status", null)).reason())
                .isEqualTo("unhealthy: degraded");
        assertThat(probeOnce(check(server.url("/long"), "/status", null)).reason())
                .isEqualTo("unhealthy: " + "x".repeat(64));
    }

    @Test
    void nonJsonBodyOrMissingPointerIsUnparseable() throws Exception {
        server.respond("/html", 200, "<html>fine</html>");
        server.respond("/other", 200, "{\"state\":\"UP\"}");

        assertThat(probeOnce(check(server.url("/html"), "/status", null)).reason()).isEqualTo("unparseable body");
        assertThat(probeOnce(check(server.url("/other"), "/status", null)).reason()).isEqualTo("unparseable body");
    }

    @Test
    void bodyOverTheCapIsOversized() throws Exception {
        byte[] mebibyte = new byte[1024 * 1024];
        Arrays.fill(mebibyte, (byte) ' ');
        server.respond("/big", 200, mebibyte);

        Observation o = probeOnce(check(server.url("/big"), Duration.ofSeconds(5), null, null, 64 * 1024));

        assertThat(o.up()).isFalse();
        assertThat(o.reason()).isEqualTo("oversized body");
    }

    @Test
    void bodyExactlyAtTheCapIsAccepted() throws Exception {
        String body = "{\"status\":\"UP\"}";
        server.respond("/health", 200, body);

        Observation o = probeOnce(check(server.url("/health"), Duration.ofSeconds(2), "/status", null, body.length()));

        assertThat(o.up()).isTrue();
    }

    @Test
    void longOrStructuredVersionIsTruncatedOrIgnored() throws Exception {
        server.respond("/long", 200, "{\"version\":\"" + "v".repeat(300) + "\"}");
        server.respond("/object", 200, "{\"version\":{\"major\":1}}");

        assertThat(probeOnce(check(server.url("/long"), null, "/version")).version()).hasSize(128);
        assertThat(probeOnce(check(server.url("/object"), null, "/version")).version()).isNull();
    }

    @Test
    void closedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        Observation o = probeOnce(check(URI.create("http://127.0.0.1:" + port + "/health"), "/status", null));

        assertThat(o.up()).isFalse();
        assertThat(o.reason()).isEqualTo("refused");
    }

    @Test
    void endpointThatNeverAnswersTimesOut() throws Exception {
        server.hang("/hang");

        Observation o = probeOnce(check(server.url("/hang"), Duration.ofMillis(300), "/status", null, 1024));

        assertThat(o.up()).isFalse();
        assertThat(o.reason()).isEqualTo("timeout");
        assertThat(o.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void unknownHostIsUnreachableWithTheMessage() throws Exception {
        Dns noSuchHost = host -> {
            throw new UnknownHostException("no such host " + host);
        };
        try (HttpHealthProbe withDns = new HttpHealthProbe(FIXED, 4, noSuchHost)) {
            withDns.probe("payments", check(URI.create("http://payments.invalid/health"), null, null),
                    observations::add);
            Observation o = next();

            assertThat(o.reason()).isEqualTo("unreachable: no such host payments.invalid");
            assertThat(ProbeReasons.family(o.reason())).isEqualTo("unreachable");
        }
    }

    @Test
    void observationTimeIsWhenTheProbeStarted() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        server.respondAfter("/slow", answer, "{\"status\":\"UP\"}");
        ManualClock clock = new ManualClock(T0);
        try (HttpHealthProbe timed = new HttpHealthProbe(clock, 4)) {
            timed.probe("payments", check(server.url("/slow"), "/status", null), observations::add);
            clock.set(T0.plusSeconds(60));
            answer.countDown();

            assertThat(next().at()).isEqualTo(T0);
        }
    }

    @Test
    void throwingSinkIsCalledOnceAndDoesNotBreakLaterProbes() throws Exception {
        server.respond("/health", 200, "{\"status\":\"UP\"}");
        AtomicInteger calls = new AtomicInteger();
        HealthCheck check = check(server.url("/health"), "/status", null);

        // one call at a time on one thread: the second probe starts only after the first call's
        // callbacks returned, so its observation is a barrier behind any second report of the first
        try (HttpHealthProbe serial = new HttpHealthProbe(FIXED, 1)) {
            serial.probe("payments", check, o -> {
                calls.incrementAndGet();
                throw new IllegalStateException("sink broke");
            });
            serial.probe("payments", check, observations::add);

            assertThat(next().up()).isTrue();
            assertThat(calls).hasValue(1);
        }
    }

    @Test
    void hangingEndpointDoesNotDelayOthers() throws Exception {
        server.hang("/hang");
        server.respond("/fast", 200, "{\"status\":\"UP\"}");
        List<Observation> arrived = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(21);

        probe.probe("hanging", check(server.url("/hang"), Duration.ofSeconds(2), "/status", null, 1024), o -> {
            synchronized (arrived) {
                arrived.add(o);
            }
            all.countDown();
        });
        for (int i = 0; i < 20; i++) {
            probe.probe("fast-" + i, check(server.url("/fast"), Duration.ofSeconds(2), "/status", null, 1024), o -> {
                synchronized (arrived) {
                    arrived.add(o);
                }
                all.countDown();
            });
        }

        assertThat(all.await(15, TimeUnit.SECONDS)).isTrue();
        synchronized (arrived) {
            assertThat(arrived.subList(0, 20)).allSatisfy(o -> {
                assertThat(o.component()).startsWith("fast-");
                assertThat(o.up()).isTrue();
            });
            assertThat(arrived.get(20).component()).isEqualTo("hanging");
            assertThat(arrived.get(20).reason()).isEqualTo("timeout");
        }
    }

    @Test
    void manyHangingEndpointsOnOneHostDoNotHoldBackFastOnes() throws Exception {
        server.hang("/hang");
        server.respond("/fast", 200, "{\"status\":\"UP\"}");
        List<String> arrived = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(30);
        Consumer<Observation> record = o -> {
            synchronized (arrived) {
                arrived.add(o.component());
            }
            all.countDown();
        };

        for (int i = 0; i < 10; i++) {  // more than OkHttp's default of 5 calls per host
            probe.probe("hanging-" + i, check(server.url("/hang"), Duration.ofSeconds(1), null, null, 1024), record);
        }
        for (int i = 0; i < 20; i++) {
            probe.probe("fast-" + i, check(server.url("/fast"), Duration.ofSeconds(1), null, null, 1024), record);
        }

        assertThat(all.await(15, TimeUnit.SECONDS)).isTrue();
        synchronized (arrived) {
            assertThat(arrived.subList(0, 20)).allMatch(c -> c.startsWith("fast-"));
        }
    }

    @Test
    void connectionTheServerClosedAfterItsAnswerIsNeverReusedSoNoProbeIsFalselyDown() throws Exception {
        try (ClosingServer closing = new ClosingServer()) {
            HealthCheck check = check(closing.url(), "/status", null);
            List<String> reasons = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                reasons.add(probeOnce(check).reason());
            }

            assertThat(reasons).containsOnly("ok");
            assertThat(closing.connections()).isEqualTo(5);
        }
    }

    @Test
    void failureOnAFreshConnectionIsDownOnTheFirstProbeAndNotRetried() throws Exception {
        try (ClosingServer closing = new ClosingServer()) {
            HealthCheck check = check(closing.url(), "/status", null);
            assertThat(probeOnce(check).up()).isTrue();
            closing.answer(false);

            Observation o = probeOnce(check);

            assertThat(o.up()).isFalse();
            assertThat(o.reason()).startsWith("unreachable: ");
            assertThat(closing.connections()).isEqualTo(2);
        }
    }

    private Observation probeOnce(HealthCheck check) throws InterruptedException {
        probe.probe("payments", check, observations::add);
        return next();
    }

    private Observation next() throws InterruptedException {
        Observation o = observations.poll(10, TimeUnit.SECONDS);
        assertThat(o).as("observation within 10 s").isNotNull();
        return o;
    }

    /** A clock the test sets by hand. */
    private static final class ManualClock extends Clock {
        private final AtomicReference<Instant> now;

        ManualClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}

package dev.promotiond.actions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.http.Backoff;
import dev.promotiond.http.HttpClients;
import dev.promotiond.http.TransportErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Rolls back by POSTing JSON to a webhook:
 * <pre>{@code
 * {"component":"api","version":"1.4.2","previousVersion":"1.4.1","stage":"production",
 *  "reason":"error rate 7% > 5%","requestedAt":"2025-01-01T12:00:00Z"}
 * }</pre>
 * ({@code previousVersion} and {@code reason} may be null). Headers:
 * <ul>
 * <li>{@code X-Promotiond-Timestamp}: unix seconds when this attempt was signed;</li>
 * <li>{@code X-Promotiond-Signature: sha256=<hex>} when a secret is configured, where
 *     {@code <hex>} is the lower-case hex HMAC-SHA256, keyed with the secret, of the bytes
 *     {@code <timestamp> + "." + <raw request body>}. Receivers should recompute it over the body
 *     exactly as received, compare in constant time, and reject timestamps too far from now;</li>
 * <li>{@code Idempotency-Key: <component>@<version>}: the same on every retry and every repeated
 *     rollback of that version, so receivers can dedupe deliveries.</li>
 * </ul>
 *
 * <p>A 2xx answer is success. Connection errors, timeouts, 429 and 5xx are retried up to
 * {@code retries} more times after 200 ms, 400 ms, ... (at most 5 s), each wait jittered down to half
 * its step, or after the answer's {@code Retry-After} when that is longer (at most 1 min); other
 * answers are final.
 * Each attempt is bounded by the timeout end to end; redirects are not followed. Construction
 * starts no threads.
 */
public final class WebhookRollbackExecutor implements RollbackExecutor, AutoCloseable {
    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** 200 ms doubling up to 5 s, jittered; a longer Retry-After is honoured up to 1 min. */
    static final Backoff BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMinutes(1));
    private static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpUrl url;
    private final byte[] secret;
    private final Duration timeout;
    private final int retries;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;
    private final OkHttpClient client;

    public WebhookRollbackExecutor(URI url, byte[] secret, Duration timeout, int retries, Clock clock) {
        this(url, secret, timeout, retries, clock, d -> Thread.sleep(d.toMillis()), Backoff.RANDOM);
    }

    /** @param jitter where in each backoff step the wait falls, a fraction in [0, 1] */
    WebhookRollbackExecutor(URI url, byte[] secret, Duration timeout, int retries, Clock clock, Sleeper sleeper,
                            DoubleSupplier jitter) {
        Objects.requireNonNull(url, "url");
        this.url = HttpUrl.parse(url.toString());
        if (this.url == null) {
            throw new IllegalArgumentException("rollback webhook must be an http(s) url, was " + url);
        }
        if (secret != null && secret.length == 0) {
            throw new IllegalArgumentException("rollback webhook secret must not be empty (leave it unset instead)");
        }
        this.secret = secret == null ? null : secret.clone();
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (retries < 0) {
            throw new IllegalArgumentException("rollback webhook retries must not be negative, was " + retries);
        }
        this.retries = retries;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        this.client = HttpClients.builder("rollback webhook", timeout).connectionPool(new ConnectionPool()).build();
    }

    @Override
    public RollbackResult execute(RollbackRequest request) {
        long started = System.nanoTime();
        Instant requestedAt = clock.instant();
        byte[] body;
        try {
            body = MAPPER.writeValueAsBytes(new Payload(request.component(), request.version(),
                    request.previousVersion(), request.stage(), request.reason(), requestedAt.toString()));
        } catch (JsonProcessingException e) {
            return RollbackResult.error("could not encode the rollback request: " + e.getOriginalMessage(),
                    since(started));
        }
        Attempt last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                try {
                    sleeper.sleep(BACKOFF.delay(attempt, last.retryAfter(), jitter));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return result(last, attempt, started, "interrupted before retrying; ");
                }
            }
            last = attempt(request, body);
            if (!last.retryable()) {
                return result(last, attempt + 1, started, "");
            }
        }
        return result(last, retries + 1, started, "");
    }

    private Attempt attempt(RollbackRequest rollback, byte[] body) {
        Request request;
        try {
            String timestamp = Long.toString(clock.instant().getEpochSecond());
            Request.Builder builder = new Request.Builder()
                    .url(url)
                    .header("User-Agent", "promotiond")
                    .header("X-Promotiond-Timestamp", timestamp)
                    .header("Idempotency-Key", rollback.component() + "@" + rollback.version())
                    .post(RequestBody.create(body, JSON));
            if (secret != null) {
                builder.header("X-Promotiond-Signature", "sha256=" + sign(timestamp, body));
            }
            request = builder.build();
        } catch (IllegalArgumentException e) { // e.g. a header value OkHttp refuses
            return new Attempt(RollbackResult.ERROR, null, "", "could not build the request: " + e.getMessage(), false,
                    null);
        }
        try (Response response = client.newCall(request).execute()) {
            int code = response.code();
            String answer = read(response.body());
            if (code >= 200 && code < 300) {
                return new Attempt(RollbackResult.SUCCESS, code, answer, null, false, null);
            }
            boolean retryable = code == 429 || code >= 500;
            return new Attempt(RollbackResult.FAILED, code, answer, "webhook answered HTTP " + code, retryable,
                    Backoff.retryAfter(HttpClients.retryAfter(response), clock.instant()));
        } catch (InterruptedIOException e) {
            return new Attempt(RollbackResult.TIMEOUT, null, "", "webhook did not answer within " + timeout.toMillis() + " ms", true,
                    null);
        } catch (IOException e) {
            return new Attempt(RollbackResult.ERROR, null, "", "webhook unreachable: " + TransportErrors.detail(e), true, null);
        }
    }

    /** Streams the whole answer through a tail buffer: memory stays bounded, the call timeout bounds time. */
    private static String read(ResponseBody body) throws IOException {
        RollbackResult.Tail tail = new RollbackResult.Tail();
        try (InputStream in = body.byteStream()) {
            in.transferTo(tail);
        }
        return tail.text();
    }

    private String sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }

    private static RollbackResult result(Attempt last, int attempts, long started, String prefix) {
        Duration took = since(started);
        if (last == null) {
            return RollbackResult.error(prefix + "no attempt was made", took);
        }
        if (last.outcome().equals(RollbackResult.SUCCESS)) {
            return new RollbackResult(true, last.outcome(), null, last.status(), last.output(), took, null);
        }
        String tries = attempts > 1 ? " (after " + attempts + " attempts)" : "";
        return new RollbackResult(false, last.outcome(), null, last.status(), last.output(), took,
                prefix + last.error() + tries);
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Says where rollbacks go without the url's credentials or query. */
    @Override
    public String describe() {
        return "webhook " + url.newBuilder().username("").password("").query(null).fragment(null).build();
    }

    /** Cancels calls in flight and drops pooled connections. */
    @Override
    public void close() {
        client.dispatcher().cancelAll();
        client.connectionPool().evictAll();
    }

    private record Payload(String component, String version, String previousVersion, String stage, String reason,
            String requestedAt) {
    }

    /** @param retryAfter the answer's Retry-After as a wait, or null */
    private record Attempt(String outcome, Integer status, String output, String error, boolean retryable,
                           Duration retryAfter) {
    }
}

package dev.promotiond.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promotiond.config.Durations;
import dev.promotiond.http.AsyncCall;
import dev.promotiond.http.Backoff;
import dev.promotiond.http.CappedBody;
import dev.promotiond.http.HttpClients;
import dev.promotiond.http.TransportErrors;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts to Alertmanager's v2 API ({@code POST {url}/api/v2/alerts}). Every batch goes to
 * every configured Alertmanager, because an HA set deduplicates notifications among its members and
 * needs each of them to hold the alert. The calls run concurrently, each bounded end to end by the
 * timeout; {@link #send} blocks until all have answered or timed out and reports one
 * {@link DeliveryResult} per Alertmanager.
 *
 * <p>No retries here (neither OkHttp's nor ours): the caller keeps what was not delivered and
 * resends after {@link #BACKOFF}. Resending is safe, as Alertmanager merges alerts by fingerprint.
 * Construction starts no threads; {@code send} is meant for one caller at a time.
 */
public final class AlertmanagerClient implements AutoCloseable {
    static final long MAX_ERROR_BYTES = 4 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    /** 1 s doubling up to 1 min, jittered; a longer Retry-After (from a proxy in front) is honoured up to 5 min. */
    public static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(5));
    /** Guards the wait in {@link #send} against a callback that never comes; calls end at the timeout. */
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final List<URI> alertmanagers;
    private final List<HttpUrl> alertsUrls;
    private final Duration timeout;
    private final Clock clock;
    private final OkHttpClient http;
    private volatile boolean closed;

    /**
     * @param alertmanagers base URLs (http or https, optionally with a path prefix), at least one
     * @param timeout       bound on each call, connect to last byte
     * @param clock         stamps {@code startsAt} of alerts that have none, once per send
     */
    public AlertmanagerClient(List<URI> alertmanagers, Duration timeout, Clock clock) {
        Objects.requireNonNull(alertmanagers, "alertmanagers");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (alertmanagers.isEmpty()) {
            throw new IllegalArgumentException("alertmanagers must name at least one Alertmanager URL");
        }
        if (new HashSet<>(alertmanagers).size() != alertmanagers.size()) {
            throw new IllegalArgumentException("alertmanagers lists a URL twice: " + alertmanagers);
        }
        this.alertmanagers = List.copyOf(alertmanagers);
        this.alertsUrls = this.alertmanagers.stream().map(AlertmanagerClient::alertsUrl).toList();
        this.http = HttpClients.builder("alertmanager", timeout)
                .dispatcher(HttpClients.dispatcher("alertmanager", this.alertmanagers.size()))
                // Keeps no idle connections: alerts are sent seldom, and a connection kept between
                // sends may be dead after an Alertmanager restart, which (without retries) would
                // fail a send to a healthy Alertmanager.
                .connectionPool(HttpClients.noReuse())
                .build();
    }

    /**
     * Posts {@code alerts} as one batch to every Alertmanager and waits for all of them.
     *
     * @return one result per configured Alertmanager, in configuration order; empty (and nothing
     *         sent) when {@code alerts} is empty
     */
    public List<DeliveryResult> send(List<Alert> alerts) {
        Objects.requireNonNull(alerts, "alerts");
        if (closed) {
            throw new IllegalStateException("send used after close");
        }
        if (alerts.isEmpty()) {
            return List.of();
        }
        RequestBody body = RequestBody.create(body(alerts, clock.instant()), JSON_TYPE);
        List<CompletableFuture<DeliveryResult>> calls = new ArrayList<>();
        for (int i = 0; i < alertmanagers.size(); i++) {
            calls.add(post(alertmanagers.get(i), alertsUrls.get(i), body, alerts.size()));
        }
        long deadline = System.nanoTime() + timeout.plus(GRACE).toNanos();
        List<DeliveryResult> results = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            results.add(await(calls.get(i), alertmanagers.get(i), deadline));
        }
        return List.copyOf(results);
    }

    /** Cancels calls in flight (they report failed, retryable), stops the threads, drops connections. */
    @Override
    public void close() {
        closed = true;
        HttpClients.close(http);
    }

    /** The v2 API's postable alerts: RFC 3339 timestamps, absent fields left out. */
    static byte[] body(List<Alert> alerts, Instant now) {
        ArrayNode array = JSON.createArrayNode();
        for (Alert alert : alerts) {
            ObjectNode node = array.addObject();
            ObjectNode labels = node.putObject("labels");
            alert.labels().forEach(labels::put);
            ObjectNode annotations = node.putObject("annotations");
            alert.annotations().forEach(annotations::put);
            Instant startsAt = alert.startsAt() != null ? alert.startsAt()
                    : alert.endsAt() != null && alert.endsAt().isBefore(now) ? alert.endsAt() : now;
            node.put("startsAt", rfc3339(startsAt));
            if (alert.endsAt() != null) {
                node.put("endsAt", rfc3339(alert.endsAt()));
            }
            if (alert.generatorURL() != null) {
                node.put("generatorURL", alert.generatorURL());
            }
        }
        try {
            return JSON.writeValueAsBytes(array);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write alerts as JSON", e);  // strings and maps only: a bug
        }
    }

    private CompletableFuture<DeliveryResult> post(URI alertmanager, HttpUrl url, RequestBody body, int count) {
        Call call = http.newCall(new Request.Builder().url(url).post(body).build());
        return AsyncCall.enqueue(call, response -> {
            try {
                return answer(alertmanager, response, count, clock.instant());
            } catch (RuntimeException e) {
                return DeliveryResult.failed(alertmanager, response.code(),
                        "cannot read Alertmanager's answer: " + e, true);
            }
        }, e -> failure(alertmanager, call, e));
    }

    private DeliveryResult await(CompletableFuture<DeliveryResult> call, URI alertmanager, long deadline) {
        try {
            return call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            return DeliveryResult.failed(alertmanager, null, timedOut(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            return DeliveryResult.failed(alertmanager, null, "send interrupted", true);
        } catch (ExecutionException e) {
            return DeliveryResult.failed(alertmanager, null, "send failed: " + e.getCause(), true);
        }
    }

    private static DeliveryResult answer(URI alertmanager, Response response, int count, Instant now) {
        int status = response.code();
        if (status >= 200 && status < 300) {
            return DeliveryResult.delivered(alertmanager, status);
        }
        String error = "Alertmanager answered HTTP " + status + message(response);
        if (status == 429 || status >= 500) {
            return new DeliveryResult(alertmanager, false, status, error, true,
                    Backoff.retryAfter(HttpClients.retryAfter(response), now));
        }
        if (status >= 400) {
            LOG.warn("Alertmanager {} rejected {} alert(s): {}", alertmanager, count, error);
        }
        return DeliveryResult.failed(alertmanager, status, error, false);
    }

    private DeliveryResult failure(URI alertmanager, Call call, IOException e) {
        if (closed && call.isCanceled()) {
            return DeliveryResult.failed(alertmanager, null, "send cancelled: client closed", true);
        }
        if (e instanceof InterruptedIOException) {  // call timeout and socket timeouts alike
            return DeliveryResult.failed(alertmanager, null, timedOut(), true);
        }
        return DeliveryResult.failed(alertmanager, null, "Alertmanager unreachable: " + TransportErrors.detail(e), true);
    }

    /** ": " and Alertmanager's message (a JSON string, or an object's {@code message}), or nothing. */
    private static String message(Response response) {
        String text;
        try {
            text = CappedBody.head(response.body(), MAX_ERROR_BYTES);
        } catch (IOException e) {
            return "";
        }
        try {
            JsonNode json = JSON.readTree(text);
            if (json != null && json.isTextual()) {
                text = json.asText();
            } else if (json != null && json.path("message").isTextual()) {
                text = json.path("message").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the plain text is the message
        }
        return text.isBlank() ? "" : ": " + text.strip();
    }

    private String timedOut() {
        return "Alertmanager timed out after " + Durations.format(timeout);
    }

    private static String rfc3339(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    private static HttpUrl alertsUrl(URI alertmanager) {
        HttpUrl base = alertmanager == null ? null : HttpUrl.parse(alertmanager.toString());
        if (base == null) {
            throw new IllegalArgumentException("alertmanager URL must be http(s), was " + alertmanager);
        }
        return base.newBuilder().addPathSegments("api/v2/alerts").build();
    }
}

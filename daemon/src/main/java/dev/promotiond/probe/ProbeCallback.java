package dev.promotiond.probe;

import dev.promotiond.config.HealthCheck;
import dev.promotiond.facts.Observation;
import dev.promotiond.http.CappedBody;
import dev.promotiond.http.TransportErrors;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the outcome of one call into exactly one observation for the sink. */
final class ProbeCallback implements Callback {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeCallback.class);

    private final String component;
    private final HealthCheck check;
    private final Instant startedAt;
    private final long startNanos;
    private final Consumer<Observation> sink;

    ProbeCallback(String component, HealthCheck check, Instant startedAt, long startNanos,
                  Consumer<Observation> sink) {
        this.component = component;
        this.check = check;
        this.startedAt = startedAt;
        this.startNanos = startNanos;
        this.sink = sink;
    }

    @Override
    public void onFailure(Call call, IOException e) {
        deliver(Verdict.down(reasonFor(e)));
    }

    @Override
    public void onResponse(Call call, Response response) {
        Verdict verdict;
        try (response) {
            byte[] body = CappedBody.read(response.body(), check.maxBodyBytes());
            verdict = ResponseJudge.judge(check, response.code(), body);
        } catch (IOException e) {
            verdict = Verdict.down(reasonFor(e));
        }
        deliver(verdict);
    }

    void deliver(Verdict verdict) {
        Duration latency = Duration.ofNanos(System.nanoTime() - startNanos);
        Observation observation = new Observation(component, startedAt, verdict.up(), verdict.reason(),
                verdict.version(), latency);
        try {
            sink.accept(observation);
        } catch (RuntimeException e) {
            // A broken sink must not kill the dispatcher thread or trigger a second report.
            LOG.warn("observation sink failed for {}", component, e);
        }
    }

    static String reasonFor(IOException e) {
        return TransportErrors.text(e);
    }
}

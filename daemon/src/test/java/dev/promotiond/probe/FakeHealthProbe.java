package dev.promotiond.probe;

import dev.promotiond.config.HealthCheck;
import dev.promotiond.facts.Observation;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Records probes; answers them at once (UP) or holds them until the test answers. */
final class FakeHealthProbe implements HealthProbe {
    record Pending(String component, Consumer<Observation> sink) {
        void answerUp() {
            sink.accept(new Observation(component, Checks.T0, true, ProbeReasons.OK, null, Duration.ZERO));
        }
    }

    private final boolean answerAtOnce;
    final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final AtomicInteger calls = new AtomicInteger();

    private FakeHealthProbe(boolean answerAtOnce) {
        this.answerAtOnce = answerAtOnce;
    }

    static FakeHealthProbe answering() {
        return new FakeHealthProbe(true);
    }

    static FakeHealthProbe holding() {
        return new FakeHealthProbe(false);
    }

    @Override
    public void probe(String component, HealthCheck check, Consumer<Observation> sink) {
        calls.incrementAndGet();
        Pending p = new Pending(component, sink);
        if (answerAtOnce) {
            p.answerUp();
        } else {
            pending.add(p);
        }
    }

    int calls() {
        return calls.get();
    }

    Pending nextPending() throws InterruptedException {
        Pending p = pending.poll(5, TimeUnit.SECONDS);
        if (p == null) {
            throw new AssertionError("no probe within 5 s");
        }
        return p;
    }
}

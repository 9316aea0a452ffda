package dev.promotiond.probe;

import static dev.promotiond.probe.Checks.check;
import static dev.promotiond.probe.Checks.component;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.HealthCheck;
import dev.promotiond.facts.Observation;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ProbeSchedulerTest {
    private static final URI URL = URI.create("http://127.0.0.1:9/health");

    @Test
    void firstRunsAreSpreadAcrossTheIntervalAndStable() {
        Duration interval = Duration.ofSeconds(10);
        List<Duration> offsets = IntStream.range(0, 20)
                .mapToObj(i -> ProbeScheduler.firstRunOffset("service-" + i, interval)).toList();

        assertThat(offsets).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, interval.minusMillis(1)));
        assertThat(Set.copyOf(offsets)).hasSize(20);
        assertThat(ProbeScheduler.firstRunOffset("service-3", interval)).isEqualTo(offsets.get(3));
        long spread = offsets.stream().mapToLong(Duration::toMillis).max().orElseThrow()
                - offsets.stream().mapToLong(Duration::toMillis).min().orElseThrow();
        assertThat(spread).as("similar names are not bunched together").isGreaterThan(5_000);
    }

    @Test
    void slowProbeIsSkippedUntilItReportsInsteadOfPilingUp() throws Exception {
        FakeHealthProbe probe = FakeHealthProbe.holding();
        List<Observation> seen = new CopyOnWriteArrayList<>();
        ProbeSlot slot = new ProbeSlot("payments", check(URL, null, null), probe, seen::add);

        slot.run();
        slot.run();
        slot.run();
        assertThat(probe.calls()).isEqualTo(1);
        assertThat(slot.inFlight()).isTrue();

        probe.nextPending().answerUp();
        assertThat(seen).hasSize(1);
        slot.run();
        assertThat(probe.calls()).isEqualTo(2);
    }

    @Test
    void probeThatThrowsDoesNotBlockItsSlot() {
        AtomicInteger calls = new AtomicInteger();
        HealthProbe broken = (component, check, sink) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("bug");
        };
        ProbeSlot slot = new ProbeSlot("payments", check(URL, null, null), broken, o -> { });

        slot.run();
        slot.run();

        assertThat(calls).hasValue(2);
        assertThat(slot.inFlight()).isFalse();
    }

    @Test
    void schedulerProbesCheckedComponentsRepeatedlyUntilStopped() throws Exception {
        // one thread, and cancelled tasks leave the queue: what is still queued after stop() is
        // exactly what could still run, so the absence of later probes is read, not waited for
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
        executor.setRemoveOnCancelPolicy(true);
        try {
            Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
            CountDownLatch threeEach = new CountDownLatch(6);
            ProbeScheduler scheduler = new ProbeScheduler(executor, FakeHealthProbe.answering(), o -> {
                if (counts.computeIfAbsent(o.component(), c -> new AtomicInteger()).incrementAndGet() <= 3) {
                    threeEach.countDown();
                }
            });
            List<ComponentConfig> components = List.of(
                    component("a", everyMillis(20)), component("b", everyMillis(30)), component("unprobed", null));

            scheduler.start(components);
            assertThat(threeEach.await(10, TimeUnit.SECONDS)).isTrue();
            scheduler.stop();
            // a barrier on the one thread: a probe that was running while stop() ran has reported now
            executor.submit(() -> { }).get(10, TimeUnit.SECONDS);

            assertThat(counts.keySet()).containsExactlyInAnyOrder("a", "b");
            assertThat(executor.getQueue()).as("no probe left to run after stop()").isEmpty();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void probeAndWaitReturnsOnceEveryCheckedComponentReported() {
        List<ComponentConfig> components = List.of(
                component("a", check(URL, null, null)), component("b", check(URL, null, null)),
                component("unprobed", null));
        List<String> seen = new CopyOnWriteArrayList<>();
        FakeHealthProbe probe = FakeHealthProbe.holding();
        Thread answerer = new Thread(() -> {
            try {
                probe.nextPending().answerUp();
                probe.nextPending().answerUp();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        answerer.start();

        ProbeScheduler.probeAndWait(probe, components, o -> seen.add(o.component()), Duration.ofSeconds(10));

        assertThat(seen).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void probeAndWaitGivesUpAfterMaxWait() {
        FakeHealthProbe neverAnswers = FakeHealthProbe.holding();
        // that it returns at all is the behaviour (the class's @Timeout is only the safety net);
        // how soon after maxWait is not asserted here

        ProbeScheduler.probeAndWait(neverAnswers, List.of(component("a", check(URL, null, null))), o -> { },
                Duration.ofMillis(200));

        assertThat(neverAnswers.calls()).isEqualTo(1);
    }

    private static HealthCheck everyMillis(long millis) {
        return new HealthCheck(URL, Duration.ofMillis(millis), Duration.ofSeconds(1), null, List.of("ok"), null,
                Set.of(), 1024);
    }
}

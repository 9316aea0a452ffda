package dev.promotiond.actions;

import dev.promotiond.testing.StoreKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.config.ActionsConfig;
import dev.promotiond.facts.ActionRequest;
import dev.promotiond.facts.Stage;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's debounce and once-per-version rollback, on a real store, with a recording executor. */
class ActionPipelineTest {
    private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    /** Records every rollback it is asked for and says success. */
    static final class FakeRollbackExecutor implements RollbackExecutor {
        final List<RollbackRequest> calls = new ArrayList<>();

        @Override
        public RollbackResult execute(RollbackRequest request) {
            calls.add(request);
            return new RollbackResult(true, RollbackResult.SUCCESS, null, 200, "", Duration.ZERO, null);
        }

        @Override
        public String describe() {
            return "fake";
        }
    }

    static ActionRequest rollback(String version) {
        return new ActionRequest(ActionRequest.ROLLBACK, "web", "ProductionGuardTripped", "page", Stage.PRODUCTION,
                Stage.PRODUCTION, version, "Roll back web " + version, "error_ratio is 30%", 120, "test");
    }

    ActionPipeline pipeline(Store store, FakeRollbackExecutor executor) {
        return new ActionPipeline(ActionsConfig.NONE, Map.of("web", executor), Set.of(), new ActionStore(store), null,
                r -> { });
    }

    void run(ActionPipeline p, Instant at, ActionRequest... requests) {
        p.run(at, List.of(requests), List.of(), (c, v) -> "1.0", c -> "http://127.0.0.1/readiness");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void theForOfABreachStartsAgainAtAVersionChange(StoreKind kind) {
        try (Store store = Store.open(kind.fresh(dir))) {
            FakeRollbackExecutor executor = new FakeRollbackExecutor();
            ActionPipeline p = pipeline(store, executor);
            run(p, T, rollback("2.0"));
            run(p, T.plusSeconds(100), rollback("2.0"));
            // the running version changed 10 s before 2.0's `for` was up: 2.1's breach starts its own
            run(p, T.plusSeconds(110), rollback("2.1"));
            run(p, T.plusSeconds(200), rollback("2.1"));
            assertThat(executor.calls).as("2.1 asked for 90 s of its 120 s").isEmpty();
            run(p, T.plusSeconds(230), rollback("2.1"));
            assertThat(executor.calls).extracting(RollbackRequest::version).containsExactly("2.1");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void oneRollbackPerVersionEvenWhenAskedAgainByANewPipeline(StoreKind kind) {
        try (Store store = Store.open(kind.fresh(dir))) {
            FakeRollbackExecutor executor = new FakeRollbackExecutor();
            ActionPipeline p = pipeline(store, executor);
            run(p, T, rollback("2.0"));
            run(p, T.plusSeconds(120), rollback("2.0"));
            run(p, T.plusSeconds(180), rollback("2.0"));
            ActionPipeline restarted = pipeline(store, executor);
            run(restarted, T.plusSeconds(200), rollback("2.0"));
            run(restarted, T.plusSeconds(400), rollback("2.0"));
            assertThat(executor.calls).hasSize(1);
            assertThat(new ActionStore(store).rollbacks(T.plusSeconds(400))).singleElement()
                    .satisfies(r -> assertThat(r.ageSeconds()).isEqualTo(280));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aNewLeadersPipelineContinuesEveryForUnlessNobodyEvaluatedMeanwhile(StoreKind kind) {
        try (Store store = Store.open(kind.fresh(dir))) {
            FakeRollbackExecutor executor = new FakeRollbackExecutor();
            ActionPipeline old = pipeline(store, executor);
            run(old, T, rollback("2.0"));
            run(old, T.plusSeconds(60), rollback("2.0"));
            // the old leader dies at T+60; a new one takes over 12 s later and continues the 120 s
            ActionPipeline next = pipeline(store, executor);
            next.continueTimers(T.plusSeconds(72), T.plusSeconds(60), Duration.ofSeconds(30));
            run(next, T.plusSeconds(80), rollback("2.0"));
            assertThat(executor.calls).isEmpty();
            run(next, T.plusSeconds(120), rollback("2.0"));
            assertThat(executor.calls).as("asked for since T, across the takeover").hasSize(1);

            // a 2.1 breach asked for at T+130, then nothing evaluated for ten minutes: its for starts again
            run(next, T.plusSeconds(130), rollback("2.1"));
            ActionPipeline late = pipeline(store, executor);
            late.continueTimers(T.plusSeconds(730), T.plusSeconds(130), Duration.ofSeconds(30));
            run(late, T.plusSeconds(740), rollback("2.1"));
            run(late, T.plusSeconds(850), rollback("2.1"));
            assertThat(executor.calls).as("110 s of 2.1's 120 s since the gap").hasSize(1);
            run(late, T.plusSeconds(860), rollback("2.1"));
            assertThat(executor.calls).extracting(RollbackRequest::version).containsExactly("2.0", "2.1");
        }
    }
}

package dev.promotiond.actions;

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

    @Test
    void theForOfABreachStartsAgainAtAVersionChange() {
        try (Store store = Store.open(dir.resolve("ledger.db"))) {
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

    @Test
    void oneRollbackPerVersionEvenWhenAskedAgainByANewPipeline() {
        try (Store store = Store.open(dir.resolve("ledger.db"))) {
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
}

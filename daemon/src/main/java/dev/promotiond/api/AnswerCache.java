package dev.promotiond.api;

import dev.promotiond.cycle.Evaluation;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * JSON answers rendered once per published evaluation: the first request for a key after a new
 * evaluation is published renders it, later ones get the same bytes, so a hot answer (CI asking
 * for readiness) costs a map lookup and a write. Bytes are kept per evaluation instance and handed
 * out only for the evaluation the caller read, so an answer is never older than what was published
 * when the request arrived; a newer evaluation starts an empty generation and the old one is dropped.
 * Keys must be bounded by the evaluation (a known component and target), never by raw user input.
 */
final class AnswerCache {
    private final Supplier<Evaluation> published;
    private final AtomicReference<Generation> current = new AtomicReference<>();

    /** @param published the evaluation published now; only its answers are kept */
    AnswerCache(Supplier<Evaluation> published) {
        this.published = Objects.requireNonNull(published, "published");
    }

    private record Generation(Evaluation evaluation, ConcurrentHashMap<String, ApiRouter.Json> answers) {
    }

    /** The answer for {@code key} under {@code evaluation}, rendered by {@code view} the first time. */
    ApiRouter.Json get(Evaluation evaluation, String key, Supplier<Object> view) {
        Objects.requireNonNull(evaluation, "evaluation");
        Generation g = current.get();
        if (g == null || g.evaluation() != evaluation) {
            if (published.get() != evaluation) {
                // read just before a newer one was published: render for this request, keep nothing
                return ApiRouter.Json.of(view.get());
            }
            Generation fresh = new Generation(evaluation, new ConcurrentHashMap<>());
            g = current.compareAndSet(g, fresh) ? fresh : current.get();
            if (g == null || g.evaluation() != evaluation) {
                return ApiRouter.Json.of(view.get());
            }
        }
        return g.answers().computeIfAbsent(key, k -> ApiRouter.Json.of(view.get()));
    }

    /** How many answers the current evaluation's generation holds (for tests of what gets cached). */
    int size() {
        Generation g = current.get();
        return g == null ? 0 : g.answers().size();
    }
}

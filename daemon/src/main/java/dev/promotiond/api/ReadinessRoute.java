package dev.promotiond.api;

import dev.promotiond.cycle.Evaluation;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/**
 * {@code GET /api/v1/components/{name}/readiness?target=T[&explain=true]}, rendered once per
 * evaluation through {@link ApiServer#readiness}, the call {@link FastReadiness} makes too.
 */
final class ReadinessRoute implements Route.Handler {
    private final Supplier<Evaluation> published;
    private final AnswerCache answers;

    ReadinessRoute(Supplier<Evaluation> published, AnswerCache answers) {
        this.published = published;
        this.answers = answers;
    }

    Route route() {
        return Route.get("/api/v1/components/(?<name>[^/]+)/readiness/?", this);
    }

    @Override
    public ApiRouter.Json handle(Matcher path, Map<String, String> query, Request request) {
        Evaluation e = published.get();
        return ApiServer.readiness(answers, e, ApiServer.component(e, path.group("name")),
                ApiServer.target(query.get("target")), ApiServer.explain(query.get("explain")));
    }
}

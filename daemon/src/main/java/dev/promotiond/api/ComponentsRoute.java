package dev.promotiond.api;

import dev.promotiond.cycle.Evaluation;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/** {@code GET /api/v1/components}: every component, rendered once per evaluation. */
final class ComponentsRoute implements Route.Handler {
    private final Supplier<Evaluation> published;
    private final AnswerCache answers;

    ComponentsRoute(Supplier<Evaluation> published, AnswerCache answers) {
        this.published = published;
        this.answers = answers;
    }

    Route route() {
        return Route.get("/api/v1/components/?", this);
    }

    @Override
    public Object handle(Matcher path, Map<String, String> query, Request request) {
        Evaluation e = published.get();
        return answers.get(e, "components", () -> e.components().stream().map(ComponentSummary::of).toList());
    }
}

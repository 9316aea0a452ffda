package dev.promotiond.api;

import dev.promotiond.cycle.Evaluation;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/** {@code GET /api/v1/components/{name}[?explain=true]}: one component in detail. */
final class ComponentRoute implements Route.Handler {
    private final Supplier<Evaluation> published;

    ComponentRoute(Supplier<Evaluation> published) {
        this.published = published;
    }

    Route route() {
        return Route.get("/api/v1/components/(?<name>[^/]+)/?", this);
    }

    @Override
    public ComponentDetail handle(Matcher path, Map<String, String> query, Request request) {
        Evaluation e = published.get();
        return ComponentDetail.of(ApiServer.component(e, path.group("name")), e, ApiServer.explain(query.get("explain")));
    }
}

package dev.promotiond.api;

import dev.promotiond.cycle.Evaluation;
import dev.promotiond.store.ActionStore;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/** {@code POST /api/v1/components/{name}/hold/clear[?version=V]} (token required): see {@link HoldClear}. */
final class HoldClearRoute implements Route.Handler {
    private final Supplier<Evaluation> published;
    private final ActionStore actions;
    private final Function<String, List<String>> clearHolds;

    HoldClearRoute(Supplier<Evaluation> published, ActionStore actions, Function<String, List<String>> clearHolds) {
        this.published = published;
        this.actions = actions;
        this.clearHolds = clearHolds;
    }

    Route route() {
        return Route.post("/api/v1/components/(?<name>[^/]+)/hold/clear/?", this);
    }

    @Override
    public HoldCleared handle(Matcher path, Map<String, String> query, Request request) {
        String component = ApiServer.component(published.get(), path.group("name")).name();
        return HoldClear.clear(component, query.get("version"), actions, clearHolds);
    }
}

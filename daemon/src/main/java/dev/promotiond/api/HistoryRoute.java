package dev.promotiond.api;

import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.store.Store;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/** {@code GET /api/v1/components/{name}/history}: stage and version changes and deployments, oldest first. */
final class HistoryRoute implements Route.Handler {
    private final Supplier<Evaluation> published;
    private final Store store;

    HistoryRoute(Supplier<Evaluation> published, Store store) {
        this.published = published;
        this.store = store;
    }

    Route route() {
        return Route.get("/api/v1/components/(?<name>[^/]+)/history/?", this);
    }

    @Override
    public List<HistoryEntry> handle(Matcher path, Map<String, String> query, Request request) {
        ComponentStatus c = ApiServer.component(published.get(), path.group("name"));
        return store.history(c.name()).stream().map(HistoryEntry::of).toList();
    }
}

package dev.promotiond.api;

import dev.promotiond.store.ActionStore;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/** {@code GET /api/v1/actions[?component=NAME&limit=N]}: the audit log of alerts and rollbacks, newest first. */
final class ActionsRoute implements Route.Handler {
    private final ActionStore actions;

    ActionsRoute(ActionStore actions) {
        this.actions = actions;
    }

    Route route() {
        return Route.get("/api/v1/actions/?", this);
    }

    @Override
    public List<ActionEntry> handle(Matcher path, Map<String, String> query, Request request) {
        return actions.log(query.get("component"), ApiServer.limit(query.get("limit"))).stream()
                .map(ActionEntry::of).toList();
    }
}

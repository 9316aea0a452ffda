package dev.promotiond.api;

import dev.promotiond.store.ActionStore;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/** {@code GET /api/v1/actions[?component=NAME&limit=N&cursor=C]}: the audit log of alerts and rollbacks, newest first. */
final class ActionsRoute implements Route.Handler {
    private final ActionStore actions;

    ActionsRoute(ActionStore actions) {
        this.actions = actions;
    }

    Route route() {
        return Route.get("/api/v1/actions/?", this);
    }

    @Override
    public Page<ActionEntry> handle(Matcher path, Map<String, String> query, Request request) {
        int limit = Page.limit(query.get("limit"));
        long before = Cursor.decodeId(KIND, query.get("cursor"));
        List<ActionEntry> fetched = actions.log(query.get("component"), before, limit + 1).stream()
                .map(ActionEntry::of).toList();
        return Page.of(fetched, limit, a -> Cursor.encode(KIND, Long.toString(a.id())), null);
    }

    /** Pages go by id, newest first: actions logged while a client pages come before its first page. */
    static final String KIND = "action";
}

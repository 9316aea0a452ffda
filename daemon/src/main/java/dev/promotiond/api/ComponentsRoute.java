package dev.promotiond.api;

import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.ComponentStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/** {@code GET /api/v1/components[?limit=N&cursor=C]}: the components by name, a page at a time. */
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

    /**
     * Pages go by name, so a page boundary stays put while evaluations come and go. The first page
     * at the default limit is rendered once per evaluation; any other page is rendered per request:
     * a cache keyed by the client's limit or cursor would let any client fill it.
     */
    @Override
    public Object handle(Matcher path, Map<String, String> query, Request request) {
        Evaluation e = published.get();
        int limit = Page.limit(query.get("limit"));
        String after = Cursor.decode(KIND, query.get("cursor"));
        if (after == null && limit == Page.DEFAULT_LIMIT) {
            return answers.get(e, "components", () -> page(e, null, limit));
        }
        return page(e, after, limit);
    }

    static final String KIND = "component";

    private static Page<ComponentSummary> page(Evaluation e, String after, int limit) {
        List<ComponentStatus> fetched = e.components().stream()
                .filter(c -> after == null || c.name().compareTo(after) > 0)
                .sorted(Comparator.comparing(ComponentStatus::name))
                .limit(limit + 1L)
                .toList();
        return Page.of(fetched.stream().map(ComponentSummary::of).toList(), limit,
                s -> Cursor.encode(KIND, s.name()), e.components().size());
    }
}

package dev.promotiond.api;

import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.store.HistoryEvent;
import dev.promotiond.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/** {@code GET /api/v1/components/{name}/history[?limit=N&cursor=C]}: stage and version changes and deployments, oldest first. */
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
    public Page<HistoryEntry> handle(Matcher path, Map<String, String> query, Request request) {
        ComponentStatus c = ApiServer.component(published.get(), path.group("name"));
        int limit = Page.limit(query.get("limit"));
        Position after = Position.of(query.get("cursor"));
        List<HistoryEvent> all = store.history(c.name());
        int from = after == null ? 0 : after.start(all);
        int to = Math.min(all.size(), from + limit);
        String next = to < all.size() ? Position.after(all, to - 1) : null;
        return new Page<>(all.subList(from, to).stream().map(HistoryEntry::of).toList(), next, all.size());
    }

    static final String KIND = "history";

    /**
     * Where the previous page ended: the instant of its last event and how many events at that
     * instant it held. The store orders a component's history by time (then insertion), so events
     * recorded while a client pages come after its position unless they are back-dated.
     */
    private record Position(Instant at, int atThatInstant) {
        static Position of(String raw) {
            String key = Cursor.decode(KIND, raw);
            if (key == null) {
                return null;
            }
            int bar = key.lastIndexOf('|');
            try {
                Position p = new Position(Instant.parse(key.substring(0, bar)), Integer.parseInt(key.substring(bar + 1)));
                if (p.atThatInstant < 1) {
                    throw Cursor.bad(raw);
                }
                return p;
            } catch (RuntimeException e) {
                throw e instanceof ApiException a ? a : Cursor.bad(raw);
            }
        }

        /** The cursor after {@code all.get(last)}: its instant, and how many events up to it share it. */
        static String after(List<HistoryEvent> all, int last) {
            Instant at = all.get(last).at();
            int n = 0;
            for (int i = last; i >= 0 && all.get(i).at().equals(at); i--) {
                n++;
            }
            return Cursor.encode(KIND, at + "|" + n);
        }

        /** The index in {@code all} of the first event after this position. */
        int start(List<HistoryEvent> all) {
            int i = 0;
            while (i < all.size() && all.get(i).at().isBefore(at)) {
                i++;
            }
            int seen = 0;
            while (i < all.size() && all.get(i).at().equals(at) && seen < atThatInstant) {
                i++;
                seen++;
            }
            return i;
        }
    }
}

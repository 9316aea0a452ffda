package dev.promotiond.api;

import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.evidence.Intake;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/** {@code GET /api/v1/components/{name}/evidence[?limit=N&cursor=C]}: evidence uploads, newest first. */
final class EvidenceLogRoute implements Route.Handler {
    private final Supplier<Evaluation> published;
    private final Intake intake;

    EvidenceLogRoute(Supplier<Evaluation> published, Intake intake) {
        this.published = published;
        this.intake = intake;
    }

    Route route() {
        return Route.get("/api/v1/components/(?<name>[^/]+)/evidence/?", this);
    }

    @Override
    public Page<EvidenceEntry> handle(Matcher path, Map<String, String> query, Request request) {
        ComponentStatus c = ApiServer.component(published.get(), path.group("name"));
        int limit = Page.limit(query.get("limit"));
        long before = Cursor.decodeId(KIND, query.get("cursor"));
        List<EvidenceEntry> fetched = intake.evidenceLog(c.name(), before, limit + 1).stream()
                .map(s -> EvidenceEntry.of(s, c.judgedVersion())).toList();
        return Page.of(fetched, limit, x -> Cursor.encode(KIND, Long.toString(x.id())), null);
    }

    /** Pages go by upload id, newest first. */
    static final String KIND = "evidence";
}

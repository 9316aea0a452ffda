package dev.promotiond.api;

import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.evidence.Intake;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/** {@code GET /api/v1/components/{name}/evidence[?limit=N]}: evidence uploads, newest first. */
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
    public List<EvidenceEntry> handle(Matcher path, Map<String, String> query, Request request) {
        ComponentStatus c = ApiServer.component(ApiServer.evaluation(published), path.group("name"));
        return intake.evidenceLog(c.name(), ApiServer.limit(query.get("limit"))).stream()
                .map(s -> EvidenceEntry.of(s, c.judgedVersion())).toList();
    }
}

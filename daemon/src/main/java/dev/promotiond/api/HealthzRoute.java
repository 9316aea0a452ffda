package dev.promotiond.api;

import dev.promotiond.cycle.Evaluation;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/** {@code GET /healthz}: liveness, the daemon answers. Whether its decisions are fresh is /readyz's question. */
final class HealthzRoute implements Route.Handler {
    private final Supplier<Evaluation> last;

    HealthzRoute(Supplier<Evaluation> last) {
        this.last = last;
    }

    Route route() {
        return Route.get("/healthz", this);
    }

    @Override
    public Healthz handle(Matcher path, Map<String, String> query, Request request) {
        Evaluation e = last.get();
        return new Healthz("ok", e == null ? null : e.evaluatedAt().toString());
    }
}

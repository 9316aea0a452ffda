package dev.promotiond.api;

import dev.promotiond.cycle.Evaluation;
import dev.promotiond.store.ActionStore;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/** {@code GET /}: the status page for people (see {@link StatusPage}). */
final class StatusPageRoute implements Route.Handler {
    private final Supplier<Evaluation> last;
    private final ActionStore actions;

    StatusPageRoute(Supplier<Evaluation> last, ActionStore actions) {
        this.last = last;
        this.actions = actions;
    }

    Route route() {
        return Route.page("/", this);
    }

    @Override
    public ApiRouter.Html handle(Matcher path, Map<String, String> query, Request request) {
        return StatusPage.answer(last.get(), () -> Attention.read(actions));
    }
}

package dev.promotiond.api;

import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/** {@code GET /readyz}: whether this replica's decisions may be trusted now (see {@link Ready}). */
final class ReadyzRoute implements Route.Handler {
    private final Supplier<Ready> ready;

    ReadyzRoute(Supplier<Ready> ready) {
        this.ready = ready;
    }

    Route route() {
        return Route.get("/readyz", this);
    }

    @Override
    public Object handle(Matcher path, Map<String, String> query, Request request) {
        return ready.get().answer();
    }
}

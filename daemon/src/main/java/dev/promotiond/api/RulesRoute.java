package dev.promotiond.api;

import java.util.Map;
import java.util.regex.Matcher;

/** {@code GET /api/v1/rules}: the live rules and their last reload. */
final class RulesRoute implements Route.Handler {
    private final RulesControl rules;

    RulesRoute(RulesControl rules) {
        this.rules = rules;
    }

    Route route() {
        return Route.get("/api/v1/rules/?", this);
    }

    @Override
    public RulesView handle(Matcher path, Map<String, String> query, Request request) {
        return RulesView.of(rules.state());
    }
}

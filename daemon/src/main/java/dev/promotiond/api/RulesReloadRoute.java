package dev.promotiond.api;

import java.util.Map;
import java.util.regex.Matcher;

/**
 * {@code POST /api/v1/rules/reload} (token required): 200 with the new state, or 422 with every
 * error while the previous rules stay live.
 */
final class RulesReloadRoute implements Route.Handler {
    private final RulesControl rules;

    RulesReloadRoute(RulesControl rules) {
        this.rules = rules;
    }

    Route route() {
        return Route.post("/api/v1/rules/reload/?", this);
    }

    @Override
    public Object handle(Matcher path, Map<String, String> query, Request request) {
        RulesControl.State s = rules.reload();
        if (s.lastAttempt().success()) {
            return RulesView.of(s);
        }
        return new ApiRouter.Status(422, new ReloadFailed("the rules do not compile; the previous rules stay live",
                RulesView.problems(s.lastAttempt().errors()), RulesView.of(s)));
    }
}

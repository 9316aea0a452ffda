package dev.promotiond.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The live rules and their last reload ({@code GET}), and a reload now ({@code POST}, needs the token). */
final class RulesRoutes {
    private RulesRoutes() {
    }

    static List<Route> routes(RulesControl rules) {
        return List.of(
                Route.get("/api/v1/rules/?", (p, q, r) -> view(rules.state())),
                Route.post("/api/v1/rules/reload/?", (p, q, r) -> reloaded(rules.reload())));
    }

    /** 200 with the new state, or 422 with every error while the previous rules stay live. */
    static Object reloaded(RulesControl.State s) {
        if (s.lastAttempt().success()) {
            return view(s);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", "the rules do not compile; the previous rules stay live");
        m.put("errors", problems(s.lastAttempt().errors()));
        m.putAll(view(s));
        return new ApiRouter.Status(422, m);
    }

    static Map<String, Object> view(RulesControl.State s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dir", s.dir());
        m.put("bundled", s.bundled());
        if (s.bundled()) {
            m.put("note", "the config names no rules folder: these are the bundled default rules (a read-only"
                    + " copy, not watched); run `promotiond rules init DIR` and set `rules: DIR` to edit them");
        }
        m.put("loadedAt", s.loadedAt().toString());
        m.put("ruleCount", s.ruleCount());
        m.put("files", s.files().stream().map(f -> {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("file", f.file());
            file.put("sha256", f.sha256());
            file.put("rules", f.rules());
            return file;
        }).toList());
        RulesControl.Attempt a = s.lastAttempt();
        Map<String, Object> attempt = new LinkedHashMap<>();
        attempt.put("at", a.at().toString());
        attempt.put("trigger", a.trigger());
        attempt.put("result", a.success() ? "success" : "failure");
        attempt.put("errors", problems(a.errors()));
        m.put("lastAttempt", attempt);
        return m;
    }

    private static List<Map<String, Object>> problems(List<RulesControl.Problem> problems) {
        return problems.stream().map(p -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("file", p.file());
            e.put("line", p.line());
            e.put("column", p.column());
            e.put("message", p.message());
            return e;
        }).toList();
    }
}

package dev.promotiond.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The live rules and the last reload attempt; {@code note} is present only for the bundled rules. */
record RulesView(String dir, boolean bundled, @JsonInclude(JsonInclude.Include.NON_NULL) String note,
                 String loadedAt, int ruleCount, List<File> files, Attempt lastAttempt) {

    static final String BUNDLED_NOTE = "the config names no rules folder: these are the bundled default rules (a"
            + " read-only copy, not watched); run `promotiond rules init DIR` and set `rules: DIR` to edit them";

    record File(String file, String sha256, List<String> rules) {
    }

    record Attempt(String at, String trigger, String result, List<Problem> errors) {
    }

    record Problem(String file, int line, int column, String message) {
    }

    static RulesView of(RulesControl.State s) {
        RulesControl.Attempt a = s.lastAttempt();
        return new RulesView(s.dir(), s.bundled(), s.bundled() ? BUNDLED_NOTE : null, s.loadedAt().toString(),
                s.ruleCount(), s.files().stream().map(f -> new File(f.file(), f.sha256(), f.rules())).toList(),
                new Attempt(a.at().toString(), a.trigger(), a.success() ? "success" : "failure", problems(a.errors())));
    }

    static List<Problem> problems(List<RulesControl.Problem> problems) {
        return problems.stream().map(p -> new Problem(p.file(), p.line(), p.column(), p.message())).toList();
    }
}

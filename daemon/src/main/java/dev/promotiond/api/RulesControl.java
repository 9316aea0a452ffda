package dev.promotiond.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the API asks of the daemon's rules: which rules are live, and a reload now. Plain data, so
 * the API needs neither the engine nor the composition root.
 */
public interface RulesControl {
    /** The live rules and the last reload attempt. */
    State state();

    /**
     * Compiles every rules file now, even when nothing changed, and swaps the live rules only when
     * there is no error. Reloads run one at a time. The answer says how it went.
     */
    State reload();

    /**
     * @param dir        the rules folder
     * @param loadedAt   when the live rules became live
     * @param files      the live rules' files, in compile order
     * @param ruleCount  how many rules are live
     * @param lastAttempt the latest compile, successful or not (the start-up compile until a reload)
     * @param bundled    the config names no rules folder: {@code dir} is a temporary, read-only copy of
     *                   the default rules bundled in the jar, which nothing watches
     */
    record State(String dir, Instant loadedAt, List<LoadedFile> files, int ruleCount, Attempt lastAttempt,
                 boolean bundled) {
        public State(String dir, Instant loadedAt, List<LoadedFile> files, int ruleCount, Attempt lastAttempt) {
            this(dir, loadedAt, files, ruleCount, lastAttempt, false);
        }

        public State {
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(loadedAt, "loadedAt");
            files = List.copyOf(files);
            Objects.requireNonNull(lastAttempt, "lastAttempt");
        }
    }

    /**
     * @param file   the name inside the rules folder
     * @param sha256 of the content as compiled (hex); null only for rules Drools placed in no file
     */
    record LoadedFile(String file, String sha256, List<String> rules) {
        public LoadedFile {
            Objects.requireNonNull(file, "file");
            rules = List.copyOf(rules);
        }
    }

    /** @param trigger what asked for it: startup, watch, api or sighup */
    record Attempt(Instant at, String trigger, boolean success, List<Problem> errors) {
        public Attempt {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(trigger, "trigger");
            errors = List.copyOf(errors);
        }
    }

    /** One compile error; line and column are 1-based, 0 when unknown. */
    record Problem(String file, int line, int column, String message) {
        public Problem {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(message, "message");
        }
    }
}

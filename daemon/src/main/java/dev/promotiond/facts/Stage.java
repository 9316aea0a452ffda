package dev.promotiond.facts;

import java.util.Locale;
import java.util.Optional;

/** The promotion ladder. Order matters: a component moves one step at a time, never skipping. */
public enum Stage {
    DEVELOPMENT("Development"),
    STAGING("Staging"),
    PRODUCTION("Production");

    private final String title;

    Stage(String title) {
        this.title = title;
    }

    /** The spelling used in config files and reports ("Staging"). */
    public String title() {
        return title;
    }

    /** The lower-case spelling used in URLs and metric labels ("staging"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Stage other) {
        return compareTo(other) >= 0;
    }

    /** Parses "Staging", "staging" or "STAGING"; anything else is empty. */
    public static Optional<Stage> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (Stage s : values()) {
            if (s.title.equalsIgnoreCase(text.trim())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}

package dev.promotiond.facts;

import java.time.Instant;
import java.util.Objects;

/**
 * A fact a criterion was judged on, as shown to people: what it is, its value, and when it was
 * observed. {@code status} says whether it was there: "present", or "missing" / "stale" for the
 * evidence an unknown result lacked.
 */
public record FactRef(String fact, String value, Instant at, String status) {
    public FactRef {
        fact = SharedText.of(Objects.requireNonNull(fact, "fact"));
        value = value == null ? "" : SharedText.of(value);
        status = status == null ? "present" : status;
    }

    public static FactRef present(String fact, String value, Instant at) {
        return new FactRef(fact, value, at, "present");
    }

    public static FactRef missing(String fact, String why) {
        return new FactRef(fact, why, null, "missing");
    }

    public static FactRef stale(String fact, String why, Instant at) {
        return new FactRef(fact, why, at, "stale");
    }

    public boolean isPresent() {
        return status.equals("present");
    }
}

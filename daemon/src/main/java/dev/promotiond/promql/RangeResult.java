package dev.promotiond.promql;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;

/**
 * The outcome of one range query: the value at each evaluation instant (NaN and ±Inf kept as they
 * came, for the reader to turn into unknowns) and, for instants where more than one series had a
 * value, why that instant is unknown; or a failure with a precise reason that holds for every instant.
 */
record RangeResult(NavigableMap<Instant, Double> values, Map<Instant, String> conflicts, QueryFailure failure,
                   String reason) {
    RangeResult {
        if ((values == null) == (failure == null)) {
            throw new IllegalArgumentException("a range result is either values or a failure");
        }
        if (values != null) {
            values = Collections.unmodifiableNavigableMap(values);
            conflicts = Collections.unmodifiableMap(Objects.requireNonNull(conflicts, "conflicts"));
        } else {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static RangeResult values(NavigableMap<Instant, Double> values, Map<Instant, String> conflicts) {
        return new RangeResult(values, conflicts, null, null);
    }

    static RangeResult failed(QueryFailure failure, String reason) {
        return new RangeResult(null, null, failure, reason);
    }

    /** The failure of a failed instant-style result (transport errors, oversized bodies). */
    static RangeResult of(QueryResult failed) {
        return failed(failed.failure(), failed.reason());
    }

    boolean known() {
        return values != null;
    }
}

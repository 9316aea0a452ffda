package dev.promotiond.promql;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one instant query: a finite value with its sample time, or a failure with a
 * precise reason. {@code sourceUp} says whether Prometheus itself answered (a PromQL error or an
 * empty result still means it did).
 */
record QueryResult(Double value, Instant sampleAt, QueryFailure failure, String reason) {
    QueryResult {
        if ((value == null) == (failure == null)) {
            throw new IllegalArgumentException("a query result is either a value or a failure");
        }
        if (value != null) {
            Objects.requireNonNull(sampleAt, "sampleAt");
        } else {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static QueryResult value(double value, Instant sampleAt) {
        return new QueryResult(value, sampleAt, null, null);
    }

    static QueryResult failed(QueryFailure failure, String reason) {
        return new QueryResult(null, null, failure, reason);
    }

    boolean known() {
        return value != null;
    }

    boolean sourceUp() {
        return failure == null || failure.sourceUp();
    }
}

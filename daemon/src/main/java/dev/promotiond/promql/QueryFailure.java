package dev.promotiond.promql;

/**
 * Why a query gave no value, by family: the bounded label set of the query-error counter. The
 * precise reason (with Prometheus's own message, series labels or sample age) goes into the SLI.
 */
public enum QueryFailure {
    /** Connection refused, unknown host and other transport failures before an answer. */
    UNREACHABLE("unreachable", false),
    /** No complete answer within the configured timeout or the refresh deadline. */
    TIMEOUT("timeout", false),
    /** Something answered with a non-2xx status that is not a Prometheus API error. */
    HTTP("http", false),
    /** Prometheus refused or failed to evaluate the query (status "error"). */
    PROMQL("promql", true),
    EMPTY("empty", true),
    MULTIPLE("multiple", true),
    /** NaN, +Inf or -Inf. */
    NOT_FINITE("not_finite", true),
    STALE("stale", true),
    /** Matrix or string where one sample was expected. */
    RESULT_TYPE("result_type", true),
    /** A 2xx body that is not a Prometheus API response, or one over the size cap. */
    UNPARSEABLE("unparseable", false);

    private final String label;
    private final boolean sourceUp;

    QueryFailure(String label, boolean sourceUp) {
        this.label = label;
        this.sourceUp = sourceUp;
    }

    /** The counter label value. */
    public String label() {
        return label;
    }

    /** Whether this failure still shows that Prometheus itself answered as Prometheus. */
    boolean sourceUp() {
        return sourceUp;
    }
}

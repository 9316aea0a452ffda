package dev.promotiond.facts;

/**
 * "Performance: meets defined SLAs" for one component, resolved from the policy (component over
 * group over default). Judged when Staging → Production is asked and, for latency p95 and the
 * error ratio, by the production guard. An optional threshold the policy does not set is null:
 * not judged.
 */
public record SlaPolicy(String component, Threshold maxLatencyP50, Threshold maxLatencyP95,
                        Threshold maxLatencyP99, Threshold maxErrorRatio, Threshold minPeakLoad) {
}

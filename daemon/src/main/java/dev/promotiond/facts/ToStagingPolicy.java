package dev.promotiond.facts;

/**
 * The thresholds of Development → Staging for one component, resolved from the policy
 * (component over group over default).
 *
 * @param securityFailAt bandit findings of this severity or higher count ("HIGH", "MEDIUM" or "LOW")
 */
public record ToStagingPolicy(String component, Threshold minUnitCoverage, Threshold maxLintViolations,
                              Threshold maxTypeErrors, Threshold securityFailAt, Threshold maxSecurityFindings) {
}

package dev.promotiond.evidence;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The coverage value names every coverage format maps to. Percentages come from the counts when
 * there are any lines; a stated rate is used only when the counts are missing or zero. Branch
 * values appear only when the report measured at least one branch, so a project that does not
 * measure branches never shows "0 % branch coverage".
 */
final class CoverageValues {
    static final String LINE_PERCENT = "line_coverage_percent";
    static final String LINES_COVERED = "lines_covered";
    static final String LINES_VALID = "lines_valid";
    static final String BRANCH_PERCENT = "branch_coverage_percent";
    static final String BRANCHES_COVERED = "branches_covered";
    static final String BRANCHES_VALID = "branches_valid";

    private CoverageValues() {
    }

    /**
     * @param statedLinePercent   the report's own line percentage (0–100), or null
     * @param statedBranchPercent the report's own branch percentage (0–100), or null
     */
    static Map<String, Double> of(Long linesCovered, Long linesValid, Double statedLinePercent,
                                  Long branchesCovered, Long branchesValid, Double statedBranchPercent) {
        Map<String, Double> values = new LinkedHashMap<>();
        put(values, LINE_PERCENT, LINES_COVERED, LINES_VALID, linesCovered, linesValid, statedLinePercent);
        boolean measuredBranches = branchesValid == null ? statedBranchPercent != null : branchesValid > 0;
        if (measuredBranches) {
            put(values, BRANCH_PERCENT, BRANCHES_COVERED, BRANCHES_VALID, branchesCovered, branchesValid, statedBranchPercent);
        }
        return values;
    }

    /** covered / valid as a percentage, or null when nothing was valid. */
    static Double percent(double covered, double valid) {
        return valid > 0 ? 100.0 * covered / valid : null;
    }

    private static void put(Map<String, Double> values, String percentName, String coveredName, String validName,
                            Long covered, Long valid, Double stated) {
        if (covered != null && valid != null) {
            values.put(coveredName, (double) covered);
            values.put(validName, (double) valid);
        }
        Double computed = covered != null && valid != null ? percent(covered, valid) : null;
        Double percent = computed != null ? computed : stated;
        if (percent != null) {
            values.put(percentName, percent);
        }
    }
}

package dev.promotiond.evidence;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * coverage.py's JSON report ({@code coverage json}): {@code meta} and {@code totals}; the per-file
 * {@code files} map is skipped. {@code totals.percent_covered} mixes lines and branches when
 * branches were measured, so the line percentage is computed from {@code covered_lines} and
 * {@code num_statements}; {@code percent_covered} is used only when there are no statements.
 */
final class CoveragePyParser {
    private CoveragePyParser() {
    }

    static ParsedReport parse(String file, byte[] content) throws EvidenceException {
        JsonNode totals = null;
        try (SafeJson json = SafeJson.open(file, content)) {
            while (json.nextField()) {
                switch (json.fieldName()) {
                    case "totals" -> totals = object(json, "totals");
                    case "meta" -> object(json, "meta");
                    default -> json.skip();
                }
            }
            if (totals == null) {
                throw json.reject("coverage.py report has no \"totals\"");
            }
            long covered = json.requiredCount(totals, "covered_lines", "totals");
            long statements = json.requiredCount(totals, "num_statements", "totals");
            Long branchesCovered = json.count(totals, "covered_branches", "totals");
            Long branches = json.count(totals, "num_branches", "totals");
            if (covered > statements || (branches != null && branchesCovered != null && branchesCovered > branches)) {
                throw json.reject("totals say more lines or branches are covered than exist");
            }
            Double stated = null;
            JsonNode percent = totals.get("percent_covered");
            if (percent != null && percent.isNumber() && percent.asDouble() >= 0 && percent.asDouble() <= 100) {
                stated = percent.asDouble();
            }
            return new ParsedReport(file, ReportFormat.COVERAGE_PY_JSON, "coverage.py",
                    CoverageValues.of(covered, statements, stated, branchesCovered, branches, null));
        }
    }

    private static JsonNode object(SafeJson json, String field) throws EvidenceException {
        JsonNode node = json.tree("coverage.py " + field);
        if (!node.isObject()) {
            throw json.reject("coverage.py \"" + field + "\" must be an object");
        }
        return node;
    }
}

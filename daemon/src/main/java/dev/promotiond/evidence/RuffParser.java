package dev.promotiond.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ruff's JSON output ({@code ruff check --output-format json}): a top-level array of diagnostics,
 * each with {@code code} (null for syntax errors), {@code message}, {@code filename} and
 * {@code location}; {@code []} is a clean run. A diagnostic with a non-null {@code fix} is
 * fixable, whatever the fix's applicability.
 */
final class RuffParser {
    private static final String[] REQUIRED = {"code", "message", "filename", "location"};

    private RuffParser() {
    }

    static ParsedReport parse(String file, byte[] content) throws EvidenceException {
        long violations = 0;
        long fixable = 0;
        try (SafeJson json = SafeJson.open(file, content)) {
            while (json.nextElement()) {
                JsonNode diagnostic = json.tree("a ruff diagnostic");
                for (String field : REQUIRED) {
                    if (!diagnostic.has(field)) {
                        throw json.reject("a top-level JSON array must hold ruff diagnostics, but entry " + (violations + 1)
                                + " has no \"" + field + "\"");
                    }
                }
                violations++;
                JsonNode fix = diagnostic.get("fix");
                if (fix != null && !fix.isNull()) {
                    fixable++;
                }
            }
        }
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("violations", (double) violations);
        values.put("fixable", (double) fixable);
        return new ParsedReport(file, ReportFormat.RUFF, "ruff", values);
    }
}

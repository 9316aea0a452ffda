package dev.promotiond.evidence;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * pyright's JSON output ({@code pyright --outputjson}): the numbers come from {@code summary}
 * ({@code errorCount}, {@code warningCount}, {@code informationCount}, {@code filesAnalyzed});
 * {@code generalDiagnostics} is only checked to be an array.
 */
final class PyrightParser {
    private PyrightParser() {
    }

    static ParsedReport parse(String file, byte[] content) throws EvidenceException {
        Map<String, Double> values = new LinkedHashMap<>();
        try (SafeJson json = SafeJson.open(file, content)) {
            while (json.nextField()) {
                switch (json.fieldName()) {
                    case "summary" -> {
                        JsonNode summary = json.tree("pyright summary");
                        if (!summary.isObject()) {
                            throw json.reject("pyright \"summary\" must be an object");
                        }
                        values.put("errors", (double) json.requiredCount(summary, "errorCount", "summary"));
                        values.put("warnings", (double) json.requiredCount(summary, "warningCount", "summary"));
                        values.put("information", (double) json.requiredCount(summary, "informationCount", "summary"));
                        Long files = json.count(summary, "filesAnalyzed", "summary");
                        if (files != null) {
                            values.put("files_analyzed", (double) files);
                        }
                    }
                    case "generalDiagnostics" -> {
                        if (json.token() != JsonToken.START_ARRAY) {
                            throw json.reject("pyright \"generalDiagnostics\" must be an array");
                        }
                        json.skip();
                    }
                    default -> json.skip();
                }
            }
            if (values.isEmpty()) {
                throw json.reject("pyright report has no \"summary\"");
            }
        }
        return new ParsedReport(file, ReportFormat.PYRIGHT, "pyright", values);
    }
}

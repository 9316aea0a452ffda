package dev.promotiond.evidence;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * bandit's JSON report ({@code bandit -f json}: {@code results}, {@code metrics}, {@code errors},
 * {@code generated_at}). Issues are counted from {@code results}, each by its
 * {@code issue_severity} and {@code issue_confidence}, not from {@code metrics._totals}, which
 * also counts issues that bandit's own filters later dropped. bandit's "UNDEFINED" rank counts as
 * an issue in no severity or confidence bucket.
 */
final class BanditParser {
    private static final String[] RANKS = {"high", "medium", "low"};

    private BanditParser() {
    }

    static ParsedReport parse(String file, byte[] content) throws EvidenceException {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("issues", 0.0);
        for (String rank : RANKS) {
            values.put("severity_" + rank, 0.0);
        }
        for (String rank : RANKS) {
            values.put("confidence_" + rank, 0.0);
        }
        values.put("high_severity_high_confidence", 0.0);
        values.put("scan_errors", 0.0);
        try (SafeJson json = SafeJson.open(file, content)) {
            while (json.nextField()) {
                switch (json.fieldName()) {
                    case "results" -> {
                        expectArray(json, "results");
                        while (json.nextElement()) {
                            count(json, json.tree("a bandit result"), values);
                        }
                    }
                    case "errors" -> {
                        expectArray(json, "errors");
                        while (json.nextElement()) {
                            values.merge("scan_errors", 1.0, Double::sum);
                            json.skip();
                        }
                    }
                    case "metrics" -> {
                        if (json.token() != JsonToken.START_OBJECT) {
                            throw json.reject("bandit \"metrics\" must be an object");
                        }
                        json.skip();
                    }
                    default -> json.skip();
                }
            }
        }
        return new ParsedReport(file, ReportFormat.BANDIT, "bandit", values);
    }

    private static void count(SafeJson json, JsonNode result, Map<String, Double> values) throws EvidenceException {
        String severity = rank(json, result, "issue_severity");
        String confidence = rank(json, result, "issue_confidence");
        values.merge("issues", 1.0, Double::sum);
        if (severity != null) {
            values.merge("severity_" + severity, 1.0, Double::sum);
        }
        if (confidence != null) {
            values.merge("confidence_" + confidence, 1.0, Double::sum);
        }
        if ("high".equals(severity) && "high".equals(confidence)) {
            values.merge("high_severity_high_confidence", 1.0, Double::sum);
        }
    }

    /** "high", "medium", "low", or null for bandit's UNDEFINED. */
    private static String rank(SafeJson json, JsonNode result, String field) throws EvidenceException {
        JsonNode value = result.get(field);
        if (value == null || !value.isTextual()) {
            throw json.reject("a bandit result has no " + field);
        }
        String rank = value.asText().toLowerCase(Locale.ROOT);
        if (rank.equals("undefined")) {
            return null;
        }
        for (String known : RANKS) {
            if (known.equals(rank)) {
                return known;
            }
        }
        throw json.reject("a bandit result has " + field + " \"" + SafeJson.abbreviated(value.asText()) + "\"; expected HIGH, MEDIUM, LOW or UNDEFINED");
    }

    private static void expectArray(SafeJson json, String field) throws EvidenceException {
        if (json.token() != JsonToken.START_ARRAY) {
            throw json.reject("bandit \"" + field + "\" must be an array");
        }
    }
}

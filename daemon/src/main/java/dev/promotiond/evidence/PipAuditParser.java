package dev.promotiond.evidence;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * pip-audit's JSON report ({@code pip-audit -f json}: {@code dependencies}, {@code fixes}). Each
 * entry of a dependency's {@code vulns} is one vulnerability. pip-audit ranks none of them, so all
 * count as {@code severity_unknown}; the criteria decide what an unranked vulnerability means.
 * Dependencies pip-audit skipped (a {@code skip_reason}, no {@code vulns}) are counted as
 * {@code skipped_dependencies}.
 */
final class PipAuditParser {
    private PipAuditParser() {
    }

    static ParsedReport parse(String file, byte[] content) throws EvidenceException {
        Map<String, Double> values = VulnerabilityCounts.zero();
        values.put("dependencies", 0.0);
        values.put("skipped_dependencies", 0.0);
        List<String> notes = new ArrayList<>();
        try (SafeJson json = SafeJson.open(file, content)) {
            while (json.nextField()) {
                switch (json.fieldName()) {
                    case "dependencies" -> {
                        if (json.token() != JsonToken.START_ARRAY) {
                            throw json.reject("pip-audit \"dependencies\" must be an array");
                        }
                        int i = 0;
                        while (json.nextElement()) {
                            dependency(json, json.tree("a pip-audit dependency"), "dependencies[" + i++ + "]", values,
                                    notes);
                        }
                    }
                    case "fixes" -> {
                        if (json.token() != JsonToken.START_ARRAY) {
                            throw json.reject("pip-audit \"fixes\" must be an array");
                        }
                        json.skip();
                    }
                    default -> json.skip();
                }
            }
        }
        return new ParsedReport(file, ReportFormat.PIP_AUDIT, "pip-audit", values, notes);
    }

    private static void dependency(SafeJson json, JsonNode dep, String where, Map<String, Double> values,
                                   List<String> notes) throws EvidenceException {
        if (!dep.isObject()) {
            throw json.reject(where + " must be an object");
        }
        String name = json.requiredText(dep, "name", where);
        values.merge("dependencies", 1.0, Double::sum);
        JsonNode vulns = dep.get("vulns");
        if (vulns == null || vulns.isNull()) {
            if (dep.get("skip_reason") == null) {
                throw json.reject(where + " (" + SafeJson.abbreviated(name) + ") has no vulns and no skip_reason");
            }
            values.merge("skipped_dependencies", 1.0, Double::sum);
            return;
        }
        if (!vulns.isArray()) {
            throw json.reject(where + ".vulns must be an array");
        }
        String version = json.text(dep, "version", where);
        for (int i = 0; i < vulns.size(); i++) {
            JsonNode v = vulns.get(i);
            String at = where + ".vulns[" + i + "]";
            if (!v.isObject()) {
                throw json.reject(at + " must be an object");
            }
            String id = json.requiredText(v, "id", at);
            VulnerabilityCounts.count(values, notes, Severity.UNKNOWN, id, name, version);
        }
    }
}

package dev.promotiond.evidence;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OSV-Scanner's JSON report ({@code osv-scanner --format json}):
 * {@code results[].packages[]}, each with {@code package}, {@code vulnerabilities[]} and
 * {@code groups[]}. OSV lists one advisory several times under its aliases (a GHSA and a PYSEC
 * record of the same flaw); a group holds those ids, so one group of one package counts as one
 * vulnerability. Its severity is the higher of its records' {@code database_specific.severity}
 * (GitHub's CRITICAL, HIGH, MODERATE, LOW) and its {@code max_severity} (a CVSS score, rated as
 * CVSS v3 does); with neither, it is unknown. A record in no group counts on its own.
 *
 * <p>Vulnerability records are streamed field by field: their {@code affected} lists can be long.
 */
final class OsvScannerParser {
    private OsvScannerParser() {
    }

    static ParsedReport parse(String file, byte[] content) throws EvidenceException {
        Map<String, Double> values = VulnerabilityCounts.zero();
        values.put("packages", 0.0);
        List<String> notes = new ArrayList<>();
        try (SafeJson json = SafeJson.open(file, content)) {
            while (json.nextField()) {
                if (!json.fieldName().equals("results")) {
                    json.skip();
                    continue;
                }
                expect(json, JsonToken.START_ARRAY, "results", "an array");
                int r = 0;
                while (json.nextElement()) {
                    String where = "results[" + r++ + "]";
                    expect(json, JsonToken.START_OBJECT, where, "an object");
                    boolean packages = false;
                    while (json.nextField()) {
                        if (!json.fieldName().equals("packages")) {
                            json.skip();
                            continue;
                        }
                        expect(json, JsonToken.START_ARRAY, where + ".packages", "an array");
                        packages = true;
                        int p = 0;
                        while (json.nextElement()) {
                            pkg(json, where + ".packages[" + p++ + "]", values, notes);
                        }
                    }
                    if (!packages) {
                        // another tool's "results" (bandit's without its metrics) must not read as a clean scan
                        throw json.reject("OSV-Scanner " + where + " has no \"packages\"");
                    }
                }
            }
        }
        return new ParsedReport(file, ReportFormat.OSV_SCANNER, "osv-scanner", values, notes);
    }

    private static void pkg(SafeJson json, String where, Map<String, Double> values, List<String> notes)
            throws EvidenceException {
        expect(json, JsonToken.START_OBJECT, where, "an object");
        String name = null;
        String version = null;
        JsonNode groups = null;
        Map<String, Severity> records = new LinkedHashMap<>();
        while (json.nextField()) {
            switch (json.fieldName()) {
                case "package" -> {
                    JsonNode p = json.tree("an OSV package");
                    if (!p.isObject()) {
                        throw json.reject(where + ".package must be an object");
                    }
                    name = json.requiredText(p, "name", where + ".package");
                    version = json.text(p, "version", where + ".package");
                }
                case "groups" -> {
                    groups = json.tree("OSV groups");
                    if (!groups.isArray()) {
                        throw json.reject(where + ".groups must be an array");
                    }
                }
                case "vulnerabilities" -> {
                    expect(json, JsonToken.START_ARRAY, where + ".vulnerabilities", "an array");
                    int v = 0;
                    while (json.nextElement()) {
                        record(json, where + ".vulnerabilities[" + v++ + "]", records);
                    }
                }
                default -> json.skip();
            }
        }
        if (name == null) {
            throw json.reject(where + " has no package");
        }
        values.merge("packages", 1.0, Double::sum);
        Set<String> grouped = new LinkedHashSet<>();
        if (groups != null) {
            for (int g = 0; g < groups.size(); g++) {
                String at = where + ".groups[" + g + "]";
                JsonNode group = groups.get(g);
                JsonNode ids = group.get("ids");
                if (!group.isObject() || ids == null || !ids.isArray() || ids.isEmpty()) {
                    throw json.reject(at + " must be an object with a non-empty \"ids\" array");
                }
                Severity severity = null;
                List<String> names = new ArrayList<>();
                for (JsonNode id : ids) {
                    if (!id.isTextual()) {
                        throw json.reject(at + ".ids must hold strings");
                    }
                    names.add(id.asText());
                    grouped.add(id.asText());
                    severity = Severity.higher(severity, records.get(id.asText()));
                }
                String score = json.text(group, "max_severity", at);
                severity = Severity.higher(severity, score == null ? null : Severity.ofScore(score));
                VulnerabilityCounts.count(values, notes, severity == null ? Severity.UNKNOWN : severity,
                        String.join("/", names), name, version);
            }
        }
        for (Map.Entry<String, Severity> r : records.entrySet()) {
            if (!grouped.contains(r.getKey())) {
                VulnerabilityCounts.count(values, notes, r.getValue() == null ? Severity.UNKNOWN : r.getValue(),
                        r.getKey(), name, version);
            }
        }
    }

    /** Reads one vulnerability record's id and GitHub severity, skipping the rest. */
    private static void record(SafeJson json, String where, Map<String, Severity> records) throws EvidenceException {
        expect(json, JsonToken.START_OBJECT, where, "an object");
        String id = null;
        Severity severity = null;
        while (json.nextField()) {
            switch (json.fieldName()) {
                case "id" -> {
                    if (json.token() != JsonToken.VALUE_STRING) {
                        throw json.reject(where + ".id must be a string");
                    }
                    id = json.tree("an OSV id").asText();
                }
                case "database_specific" -> {
                    JsonNode specific = json.tree("an OSV database_specific");
                    JsonNode word = specific.get("severity");
                    if (word != null && word.isTextual()) {
                        severity = Severity.ofWord(word.asText());
                    }
                }
                default -> json.skip();
            }
        }
        if (id == null || id.isBlank()) {
            throw json.reject(where + " has no id");
        }
        records.put(id, severity);
    }

    private static void expect(SafeJson json, JsonToken token, String where, String what) throws EvidenceException {
        if (json.token() != token) {
            throw json.reject("OSV-Scanner " + where + " must be " + what);
        }
    }
}

package dev.promotiond.evidence;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists of dependencies with a newer release: {@code pip list --outdated --format=json} (an array
 * of {@code {"name","version","latest_version","latest_filetype"}}; {@code []} when all are
 * current) and {@code npm outdated --json} (an object of package name →
 * {@code {"current","wanted","latest",…}}, or an array of those per dependent with
 * {@code --all}; {@code {}} when all are current). Both give {@code outdated}, the number of
 * packages listed, and one note per package: {@code "<name> <current> → <latest>"}.
 */
final class OutdatedParsers {
    private OutdatedParsers() {
    }

    static ParsedReport pip(String file, byte[] content) throws EvidenceException {
        List<String> notes = new ArrayList<>();
        long count = 0;
        try (SafeJson json = SafeJson.open(file, content)) {
            if (json.token() != JsonToken.START_ARRAY) {
                throw json.reject("pip list --outdated JSON must be an array");
            }
            while (json.nextElement()) {
                String where = "[" + count + "]";
                JsonNode pkg = json.tree("a pip package");
                if (!pkg.isObject()) {
                    throw json.reject(where + " must be an object");
                }
                String name = json.requiredText(pkg, "name", where);
                String version = json.requiredText(pkg, "version", where);
                String latest = json.requiredText(pkg, "latest_version", where);
                Notes.add(notes, name + " " + version + " → " + latest);
                count++;
            }
        }
        return new ParsedReport(file, ReportFormat.PIP_OUTDATED, "pip", values(count), notes);
    }

    /**
     * Whether a JSON object with none of the other formats' keys is npm's: its first entry is an
     * object (or array of objects) with {@code latest}, {@code wanted} or {@code current}.
     * An empty object is npm's only when the uploader said the kind.
     */
    static boolean looksLikeNpm(String file, byte[] content) throws EvidenceException {
        try (SafeJson json = SafeJson.open(file, content)) {
            if (json.token() != JsonToken.START_OBJECT || !json.nextField()) {
                return false;
            }
            JsonNode first = json.tree("an npm package");
            JsonNode entry = first.isArray() && !first.isEmpty() ? first.get(0) : first;
            return entry.isObject() && (entry.has("latest") || entry.has("wanted") || entry.has("current"));
        }
    }

    static ParsedReport npm(String file, byte[] content) throws EvidenceException {
        List<String> notes = new ArrayList<>();
        long count = 0;
        try (SafeJson json = SafeJson.open(file, content)) {
            if (json.token() != JsonToken.START_OBJECT) {
                throw json.reject("npm outdated JSON must be an object of package names");
            }
            while (json.nextField()) {
                String name = json.fieldName();
                JsonNode entry = json.tree("an npm package");
                JsonNode first = entry.isArray() && !entry.isEmpty() ? entry.get(0) : entry;
                if (!first.isObject()) {
                    throw json.reject("\"" + SafeJson.abbreviated(name) + "\" must be an object with current, wanted"
                            + " and latest");
                }
                String where = "\"" + SafeJson.abbreviated(name) + "\"";
                String latest = json.requiredText(first, "latest", where);
                String current = json.text(first, "current", where);
                Notes.add(notes, name + " " + (current == null ? "(not installed)" : current) + " → " + latest);
                count++;
            }
        }
        return new ParsedReport(file, ReportFormat.NPM_OUTDATED, "npm", values(count), notes);
    }

    private static Map<String, Double> values(long count) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("outdated", (double) count);
        return values;
    }
}

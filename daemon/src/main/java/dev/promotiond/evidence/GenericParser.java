package dev.promotiond.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Generic JSON, for checks without a standard report format: an object with only the keys
 * {@code tool}, {@code passed}, {@code checks}, {@code values}, {@code summary} and {@code url},
 * at least one of passed/checks/values. Unknown keys are rejected by name so that a typo
 * ({@code "pased": true}) never passes silently, and so are duplicate keys.
 */
final class GenericParser {
    /** The top-level keys generic JSON may have. */
    static final Set<String> KEYS = Set.of("tool", "passed", "checks", "values", "summary", "url");
    private static final int MAX_NAME = 128;

    private GenericParser() {
    }

    static ParsedReport parse(String file, byte[] content) throws EvidenceException {
        try (SafeJson json = SafeJson.open(file, content)) {
            JsonNode root = json.tree("generic JSON");
            for (Map.Entry<String, JsonNode> field : root.properties()) {
                String key = field.getKey();
                if (!KEYS.contains(key)) {
                    throw json.reject("generic JSON has unknown key \"" + SafeJson.abbreviated(key)
                            + "\"; allowed: tool, passed, checks, values, summary, url");
                }
            }
            if (!root.has("passed") && !root.has("checks") && !root.has("values")) {
                throw json.reject("generic JSON needs at least one of passed, checks, values");
            }
            String tool = "generic";
            if (root.has("tool")) {
                JsonNode t = root.get("tool");
                if (!t.isTextual() || t.asText().isBlank() || t.asText().length() > MAX_NAME) {
                    throw json.reject("generic JSON \"tool\" must be a non-empty string of at most " + MAX_NAME + " characters");
                }
                tool = t.asText();
            }
            for (String text : new String[] {"summary", "url"}) {
                if (root.has(text) && !root.get(text).isTextual()) {
                    throw json.reject("generic JSON \"" + text + "\" must be a string");
                }
            }
            Map<String, Double> values = new LinkedHashMap<>();
            if (root.has("passed")) {
                values.put("passed", bool(json, root.get("passed"), "\"passed\""));
            }
            if (root.has("checks")) {
                for (Map.Entry<String, JsonNode> check : entries(json, root, "checks")) {
                    String name = name(json, "checks", check.getKey());
                    values.put("check." + name, bool(json, check.getValue(), "check \"" + name + "\""));
                }
            }
            if (root.has("values")) {
                for (Map.Entry<String, JsonNode> value : entries(json, root, "values")) {
                    String name = name(json, "values", value.getKey());
                    if (name.equals("passed") || name.startsWith("check.")) {
                        throw json.reject("value name \"" + name + "\" is reserved; use \"passed\" or \"checks\"");
                    }
                    if (!value.getValue().isNumber()) {
                        throw json.reject("value \"" + name + "\" must be a number");
                    }
                    values.put(name, value.getValue().asDouble());
                }
            }
            if (values.isEmpty()) {
                throw json.reject("generic JSON states nothing: its checks and values are empty");
            }
            return new ParsedReport(file, ReportFormat.GENERIC, tool, values);
        }
    }

    private static Set<Map.Entry<String, JsonNode>> entries(SafeJson json, JsonNode root, String key)
            throws EvidenceException {
        JsonNode node = root.get(key);
        if (!node.isObject()) {
            throw json.reject("generic JSON \"" + key + "\" must be an object");
        }
        return node.properties();
    }

    private static double bool(SafeJson json, JsonNode node, String what) throws EvidenceException {
        if (!node.isBoolean()) {
            throw json.reject(what + " must be true or false");
        }
        return node.asBoolean() ? 1 : 0;
    }

    /** Names are lower-case letters, digits, '_' and '.', so the rules engine can read them as written. */
    private static String name(SafeJson json, String key, String name) throws EvidenceException {
        boolean valid = !name.isEmpty() && name.length() <= MAX_NAME;
        for (int i = 0; valid && i < name.length(); i++) {
            char c = name.charAt(i);
            valid = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
        }
        if (!valid) {
            throw json.reject("\"" + key + "\" has invalid name \"" + SafeJson.abbreviated(name)
                    + "\"; names are lower-case letters, digits, '_' and '.'");
        }
        return name;
    }
}

package dev.promotiond.evidence;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open promotion blockers, as CI found them (typically an issue-tracker query): a JSON array
 * of {@code {"id": "OPS-12", "title": "Freeze until the audit ends", "url": "https://…"}}, or an
 * object {@code {"blockers": [...]}}. {@code id} (a string or number) and {@code title} are
 * required, {@code url} and other fields are optional. An empty list is evidence that nothing
 * blocks. Gives {@code blockers}, the number listed, and one note per blocker:
 * {@code "<id> <title>"}.
 */
final class BlockersParser {
    private BlockersParser() {
    }

    static ParsedReport parse(String file, byte[] content) throws EvidenceException {
        List<String> notes = new ArrayList<>();
        long[] count = {0};
        try (SafeJson json = SafeJson.open(file, content)) {
            if (json.token() == JsonToken.START_ARRAY) {
                list(json, "", notes, count);
            } else {
                boolean found = false;
                while (json.nextField()) {
                    if (json.fieldName().equals("blockers")) {
                        if (json.token() != JsonToken.START_ARRAY) {
                            throw json.reject("\"blockers\" must be an array");
                        }
                        list(json, "blockers", notes, count);
                        found = true;
                    } else {
                        json.skip();
                    }
                }
                if (!found) {
                    throw json.reject("a blockers object needs a \"blockers\" array");
                }
            }
        }
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("blockers", (double) count[0]);
        return new ParsedReport(file, ReportFormat.BLOCKER_LIST, "blockers", values, notes);
    }

    private static void list(SafeJson json, String prefix, List<String> notes, long[] count) throws EvidenceException {
        while (json.nextElement()) {
            String where = prefix + "[" + count[0] + "]";
            JsonNode blocker = json.tree("a blocker");
            if (!blocker.isObject()) {
                throw json.reject(where + " must be an object with id and title");
            }
            String id = json.requiredText(blocker, "id", where);
            String title = json.requiredText(blocker, "title", where);
            Notes.add(notes, id + " " + title);
            count[0]++;
        }
    }
}

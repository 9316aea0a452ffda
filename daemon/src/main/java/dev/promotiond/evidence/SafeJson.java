package dev.promotiond.evidence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * A streaming JSON reader over one uploaded report. Whole documents are never turned into trees
 * (a 32 MiB file of {@code [{},{},…]} would take gigabytes); callers stream the big arrays and read
 * only small pieces as trees, each capped at {@link #MAX_NODES} nodes. Nesting depth, string,
 * name and number lengths are bounded, duplicate keys are rejected (so {@code "passed"} cannot say
 * two things), and numbers too large for a double are rejected rather than becoming infinity.
 */
final class SafeJson implements AutoCloseable {
    /** The most nodes one piece read as a tree may hold. */
    static final int MAX_NODES = 10_000;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(1024 * 1024)
                    .maxNameLength(16 * 1024)
                    .maxNumberLength(400)
                    .maxDocumentLength(ReportParsers.MAX_BYTES)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * What the first pass saw: the root's type and which of the wanted top-level keys it has (for
     * an array, the keys of its first element when that is an object).
     */
    record Shape(boolean array, Set<String> keys) {
        Shape {
            keys = Set.copyOf(keys);
        }
    }

    private final String file;
    private final JsonParser parser;

    private SafeJson(String file, JsonParser parser) {
        this.file = file;
        this.parser = parser;
    }

    /**
     * Reads the whole document once, checking its syntax, and reports the root's type and which
     * of {@code wanted} appear as its top-level keys.
     */
    static Shape shape(String file, byte[] content, Set<String> wanted) throws EvidenceException {
        try (SafeJson json = open(file, content)) {
            boolean array = json.token() == JsonToken.START_ARRAY;
            Set<String> keys = new HashSet<>();
            if (array) {
                boolean first = true;
                while (json.nextElement()) {
                    if (first && json.token() == JsonToken.START_OBJECT) {
                        while (json.nextField()) {
                            if (wanted.contains(json.fieldName())) {
                                keys.add(json.fieldName());
                            }
                            json.skip();
                        }
                    } else {
                        json.skip();
                    }
                    first = false;
                }
            } else if (json.token() == JsonToken.START_OBJECT) {
                while (json.nextField()) {
                    if (wanted.contains(json.fieldName())) {
                        keys.add(json.fieldName());
                    }
                    json.skip();
                }
            } else {
                throw json.reject("not a recognised report: the JSON is a single value, not an object or array");
            }
            json.end();
            return new Shape(array, keys);
        }
    }

    /** Opens the content positioned at the root value's first token. */
    static SafeJson open(String file, byte[] content) throws EvidenceException {
        SafeJson json;
        try {
            json = new SafeJson(file, FACTORY.createParser(content));
        } catch (IOException e) {
            throw new EvidenceException(file, "unreadable JSON: " + e.getMessage());
        }
        json.advance();
        if (json.token() == null) {
            throw new EvidenceException(file, "JSON document is empty");
        }
        return json;
    }

    JsonToken token() {
        return parser.currentToken();
    }

    /** In an object: moves to the next field's value; false at the object's end. */
    boolean nextField() throws EvidenceException {
        if (advanceInside() == JsonToken.END_OBJECT) {
            return false;
        }
        advanceInside();
        return true;
    }

    String fieldName() {
        try {
            return parser.currentName();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** In an array: moves to the next element's first token; false at the array's end. */
    boolean nextElement() throws EvidenceException {
        return advanceInside() != JsonToken.END_ARRAY;
    }

    /** Skips the current value, checking its syntax. */
    void skip() throws EvidenceException {
        try {
            parser.skipChildren();
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** Reads the current value as a tree of at most {@link #MAX_NODES} nodes. */
    JsonNode tree(String what) throws EvidenceException {
        int[] budget = {MAX_NODES};
        return tree(what, budget);
    }

    /**
     * {@code node.field} as a whole number ≥ 0, or null when absent or JSON null.
     *
     * @param where how messages name {@code node}, e.g. "summary"
     */
    Long count(JsonNode node, String field, String where) throws EvidenceException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        double number = value.asDouble();
        if (!value.isNumber() || number < 0 || number != Math.rint(number) || number > ReportParsers.MAX_COUNT) {
            throw reject(where + "." + field + " must be a whole number ≥ 0, was " + abbreviated(value.toString()));
        }
        return (long) number;
    }

    /** Like {@link #count} but the field must be there. */
    long requiredCount(JsonNode node, String field, String where) throws EvidenceException {
        Long value = count(node, field, where);
        if (value == null) {
            throw reject(where + " has no " + field);
        }
        return value;
    }

    /**
     * {@code node.field} as text (a string, or a number written as text), or null when absent or
     * JSON null; anything else is rejected.
     */
    String text(JsonNode node, String field, String where) throws EvidenceException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isNumber()) {
            double d = value.asDouble();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        throw reject(where + "." + field + " must be a string, was " + abbreviated(value.toString()));
    }

    /** Like {@link #text} but the field must be there and not blank. */
    String requiredText(JsonNode node, String field, String where) throws EvidenceException {
        String value = text(node, field, where);
        if (value == null || value.isBlank()) {
            throw reject(where + " has no " + field);
        }
        return value;
    }

    /** Checks that nothing follows the root value. */
    void end() throws EvidenceException {
        if (advance() != null) {
            throw reject("unexpected content after the JSON document");
        }
    }

    /** A rejection at the current token. */
    EvidenceException reject(String reason) {
        JsonLocation at = parser.currentTokenLocation();
        return new EvidenceException(file, reason + " (at " + at.getLineNr() + ":" + at.getColumnNr() + ")");
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // an in-memory parser has nothing to release
        }
    }

    private JsonNode tree(String what, int[] budget) throws EvidenceException {
        if (--budget[0] < 0) {
            throw reject(what + " is too large (more than " + MAX_NODES + " JSON values)");
        }
        JsonToken token = token();
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (nextField()) {
                    object.set(fieldName(), tree(what, budget));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (nextElement()) {
                    array.add(tree(what, budget));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(text());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(number());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw reject("unexpected JSON token " + token);
        }
    }

    private String text() throws EvidenceException {
        try {
            return parser.getText();
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private double number() throws EvidenceException {
        double value;
        try {
            value = parser.getDoubleValue();
        } catch (IOException e) {
            throw malformed(e);
        }
        if (!Double.isFinite(value)) {
            throw reject("number " + abbreviated(text()) + " is too large");
        }
        return value;
    }

    /** Like {@link #advance} inside an object or array, where the document cannot end. */
    private JsonToken advanceInside() throws EvidenceException {
        JsonToken token = advance();
        if (token == null) {
            throw reject("malformed JSON: the document ends inside an object or array");
        }
        return token;
    }

    private JsonToken advance() throws EvidenceException {
        try {
            return parser.nextToken();
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private EvidenceException malformed(IOException e) {
        if (e instanceof JsonProcessingException p) {
            JsonLocation at = p.getLocation() != null ? p.getLocation() : parser.currentLocation();
            String where = at == null ? "" : " at " + at.getLineNr() + ":" + at.getColumnNr();
            return new EvidenceException(file, "malformed JSON" + where + ": " + p.getOriginalMessage());
        }
        return new EvidenceException(file, "unreadable JSON: " + e.getMessage());
    }

    /** At most 40 characters of a text for messages. */
    static String abbreviated(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}

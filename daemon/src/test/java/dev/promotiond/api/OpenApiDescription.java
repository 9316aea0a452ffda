package dev.promotiond.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The served OpenAPI description, read as a test holds answers to it: each answer's status must be
 * documented for its operation, its Content-Type one of the documented media types, and a JSON body
 * must validate against the documented schema (JSON Schema 2020-12 via the OpenAPI 3.1 dialect of
 * networknt's validator). Every object schema in the description forbids undocumented fields, so a
 * field the API adds without documenting it fails here. Remembers which documented answers were seen.
 */
final class OpenApiDescription {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String IRI = "https://promotiond.invalid/api/v1/openapi.json";

    final JsonNode doc;
    private final SchemaRegistry registry;
    private final Set<String> seen = new TreeSet<>();

    OpenApiDescription(byte[] document) {
        try {
            this.doc = JSON.readTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = new String(document, StandardCharsets.UTF_8);
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), b -> b.schemas(Map.of(IRI, text)));
    }

    /** Every documented answer as "METHOD template status", e.g. "get /readyz 503". */
    Set<String> documented() {
        Set<String> out = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").properties().iterator(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().properties().iterator(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                op.getValue().path("responses").fieldNames().forEachRemaining(code ->
                        out.add(op.getKey() + " " + p.getKey() + " " + code));
            }
        }
        return out;
    }

    Set<String> seen() {
        return Set.copyOf(seen);
    }

    /**
     * Asserts that {@code response} to {@code method template} is documented and its body conforms;
     * returns the body as JSON (null for a text answer).
     */
    JsonNode check(String method, String template, HttpResponse<byte[]> response) {
        String m = method.toLowerCase(java.util.Locale.ROOT);
        String code = String.valueOf(response.statusCode());
        String where = method + " " + template + " answered " + code + ": " + new String(response.body(), StandardCharsets.UTF_8);
        JsonNode op = doc.path("paths").path(template).path(m);
        assertThat(op.isObject()).as("operation documented: " + method + " " + template).isTrue();
        String pointer = "/paths/" + escape(template) + "/" + m + "/responses/" + code;
        JsonNode answer = op.path("responses").path(code);
        assertThat(answer.isObject()).as("status documented: " + where).isTrue();
        if (answer.has("$ref")) {
            pointer = answer.get("$ref").asText().substring(1);
            answer = doc.at(pointer);
        }
        String type = response.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
        assertThat(answer.path("content").has(type)).as("media type " + type + " documented: " + where).isTrue();
        seen.add(m + " " + template + " " + code);
        if (!type.equals("application/json")) {
            return null;
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + where, e);
        }
        List<Error> errors = validate(pointer + "/content/application~1json/schema", body);
        assertThat(errors).as("body conforms to " + pointer + ": " + where).isEmpty();
        return body;
    }

    /** Validation errors of {@code body} against the schema at {@code pointer} in the description. */
    List<Error> validate(String pointer, JsonNode body) {
        Schema schema = registry.getSchema(SchemaLocation.of(IRI + "#" + pointer));
        return schema.validate(body);
    }

    static String escape(String template) {
        return template.replace("~", "~0").replace("/", "~1");
    }

    /**
     * JSON pointers of object schemas that would accept a field they do not name: any schema with
     * {@code properties} must say {@code additionalProperties: false}.
     */
    List<String> openObjects() {
        List<String> out = new ArrayList<>();
        openObjects(doc.path("components").path("schemas"), "/components/schemas", out);
        openObjects(doc.path("paths"), "/paths", out);
        return out;
    }

    private static void openObjects(JsonNode node, String at, List<String> out) {
        if (node.isObject()) {
            JsonNode extra = node.get("additionalProperties");
            boolean closed = extra != null && extra.isBoolean() && !extra.asBoolean();
            if (node.has("properties") && !closed && !at.contains("multipart~1form-data")) {
                out.add(at);  // a form's file parts may have any names, so only it stays open
            }
            node.properties().forEach(e -> openObjects(e.getValue(), at + "/" + escape(e.getKey()), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                openObjects(node.get(i), at + "/" + i, out);
            }
        }
    }
}

package dev.promotiond.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.evidence.Intake;
import dev.promotiond.store.HistoryEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/**
 * {@code POST /api/v1/components/{name}/deployments} (token required): records a deployment,
 * JSON {@code {"stage": "Staging", "version": "1.4.2", "type": "promotion", "at": "2026-…Z"}}; 201.
 */
final class DeploymentRoute implements Route.Handler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("stage", "version", "type", "at");

    private final Supplier<Evaluation> published;
    private final Intake intake;

    DeploymentRoute(Supplier<Evaluation> published, Intake intake) {
        this.published = published;
        this.intake = intake;
    }

    Route route() {
        return Route.post("/api/v1/components/(?<name>[^/]+)/deployments/?", this);
    }

    @Override
    public ApiRouter.Status handle(Matcher path, Map<String, String> query, Request request) {
        ComponentStatus c = ApiServer.component(published.get(), path.group("name"));
        return new ApiRouter.Status(201, DeploymentRecorded.of(deploy(c.name(), request)));
    }

    private HistoryEvent deploy(String component, Request request) {
        byte[] body = request.body(64 * 1024);
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiException(400, "body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(400, "body is not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(400, "body must be a JSON object like {\"stage\": \"Staging\", \"version\": \"1.4.2\"}");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new ApiException(400, "unknown field " + f + " (use stage, version, type, at)");
            }
        }
        Instant at = null;
        String atText = text(node, "at");
        if (atText != null) {
            try {
                at = Instant.parse(atText);
            } catch (DateTimeParseException e) {
                throw new ApiException(400, "bad field at \"" + atText + "\": use RFC 3339 like 2026-11-24T10:00:00Z");
            }
        }
        try {
            return intake.deploy(component, text(node, "stage"), text(node, "version"), text(node, "type"), at);
        } catch (IllegalArgumentException ex) {
            throw new ApiException(400, ex.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ApiException(400, "field " + field + " must be a string");
        }
        return v.asText();
    }
}

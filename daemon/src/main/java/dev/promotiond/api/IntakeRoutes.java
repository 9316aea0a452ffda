package dev.promotiond.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.evidence.EvidenceBook;
import dev.promotiond.evidence.EvidenceException;
import dev.promotiond.evidence.Intake;
import dev.promotiond.evidence.ParsedReport;
import dev.promotiond.store.HistoryEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The write side for release engineers: CI evidence uploads and deployment records (both need the
 * bearer token), and the evidence log.
 */
final class IntakeRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BODY = EvidenceBook.MAX_UPLOAD_BYTES + 1024 * 1024;
    private static final Set<String> DEPLOYMENT_FIELDS = Set.of("stage", "version", "type", "at");

    private IntakeRoutes() {
    }

    static List<Route> routes(Supplier<Evaluation> last, Intake intake) {
        return List.of(
                Route.post("/api/v1/components/(?<name>[^/]+)/evidence/?", (p, q, r) -> {
                    ComponentStatus c = ApiServer.component(ApiServer.evaluation(last), p.group("name"));
                    return new ApiRouter.Status(201, upload(c.name(), q, r, intake));
                }),
                Route.get("/api/v1/components/(?<name>[^/]+)/evidence/?", (p, q, r) -> {
                    ComponentStatus c = ApiServer.component(ApiServer.evaluation(last), p.group("name"));
                    return Views.evidenceLog(intake.evidenceLog(c.name(), ApiServer.limit(q.get("limit"))),
                            c.judgedVersion());
                }),
                Route.post("/api/v1/components/(?<name>[^/]+)/deployments/?", (p, q, r) -> {
                    ComponentStatus c = ApiServer.component(ApiServer.evaluation(last), p.group("name"));
                    return new ApiRouter.Status(201, deploy(c.name(), r, intake));
                }));
    }

    /**
     * Either {@code multipart/form-data} (fields version, commit, kind; one part per file) or a single
     * file as the raw body with version, commit, kind and file in the query string.
     */
    private static Map<String, Object> upload(String component, Map<String, String> query, Request request,
                                              Intake intake) {
        byte[] body = request.body(MAX_BODY);
        Map<String, String> fields = new HashMap<>(query);
        List<EvidenceBook.Upload> files = new ArrayList<>();
        String contentType = request.header("Content-Type");
        if (Multipart.is(contentType)) {
            for (Multipart.Part part : Multipart.parse(contentType, body)) {
                if (part.fileName() != null) {
                    files.add(new EvidenceBook.Upload(part.fileName().isBlank() ? part.name() : part.fileName(),
                            part.content()));
                } else {
                    fields.put(part.name(), part.text().strip());
                }
            }
        } else if (body.length > 0) {
            files.add(new EvidenceBook.Upload(query.getOrDefault("file", "body"), body));
        }
        EvidenceBook.Accepted a;
        try {
            a = intake.evidence(component, fields.get("version"), fields.get("commit"), fields.get("kind"), files);
        } catch (EvidenceException e) {
            throw new ApiException(400, "rejected " + e.getMessage() + "; nothing was stored");
        } catch (EvidenceBook.BadUpload e) {
            throw new ApiException(400, e.getMessage() + "; nothing was stored");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.putAll(Views.evidence(a.evidence(), a.evidence().version()));
        m.remove("current");
        List<Map<String, Object>> reports = new ArrayList<>();
        for (ParsedReport rep : a.reports()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("file", rep.file());
            x.put("format", rep.format().label());
            x.put("tool", rep.tool());
            x.put("values", rep.values());
            reports.add(x);
        }
        m.put("files", reports);
        return m;
    }

    /** JSON {@code {"stage": "Staging", "version": "1.4.2", "type": "promotion", "at": "2026-…Z"}}. */
    private static Map<String, Object> deploy(String component, Request request, Intake intake) {
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
            if (!DEPLOYMENT_FIELDS.contains(f)) {
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
        HistoryEvent e;
        try {
            e = intake.deploy(component, text(node, "stage"), text(node, "version"), text(node, "type"), at);
        } catch (IllegalArgumentException ex) {
            throw new ApiException(400, ex.getMessage());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("component", e.component());
        m.put("kind", e.kind());
        m.put("stage", e.stage().label());
        m.put("version", e.version());
        m.put("at", e.at().toString());
        return m;
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

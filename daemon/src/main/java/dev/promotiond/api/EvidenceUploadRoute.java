package dev.promotiond.api;

import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.evidence.EvidenceBook;
import dev.promotiond.evidence.EvidenceException;
import dev.promotiond.evidence.Intake;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/**
 * {@code POST /api/v1/components/{name}/evidence} (token required): a CI evidence upload, either
 * {@code multipart/form-data} (fields version, commit, kind; one part per file) or a single file as
 * the raw body with version, commit, kind and file in the query string. 201 with what was read.
 */
final class EvidenceUploadRoute implements Route.Handler {
    private static final long MAX_BODY = EvidenceBook.MAX_UPLOAD_BYTES + 1024 * 1024;

    private final Supplier<Evaluation> published;
    private final Intake intake;

    EvidenceUploadRoute(Supplier<Evaluation> published, Intake intake) {
        this.published = published;
        this.intake = intake;
    }

    Route route() {
        return Route.post("/api/v1/components/(?<name>[^/]+)/evidence/?", this);
    }

    @Override
    public ApiRouter.Status handle(Matcher path, Map<String, String> query, Request request) {
        ComponentStatus c = ApiServer.component(published.get(), path.group("name"));
        return new ApiRouter.Status(201, EvidenceAccepted.of(upload(c.name(), query, request)));
    }

    private EvidenceBook.Accepted upload(String component, Map<String, String> query, Request request) {
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
        try {
            return intake.evidence(component, fields.get("version"), fields.get("commit"), fields.get("kind"), files);
        } catch (EvidenceException e) {
            throw new ApiException(400, "rejected " + e.getMessage() + "; nothing was stored");
        } catch (EvidenceBook.BadUpload e) {
            throw new ApiException(400, e.getMessage() + "; nothing was stored");
        }
    }
}

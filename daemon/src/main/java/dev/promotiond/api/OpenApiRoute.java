package dev.promotiond.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3.1 description of this API, kept beside this class
 * as a resource (indented, for people editing it) and served compact like every answer, once
 * rendered. OpenApiConformanceTest holds every route and answer to it.
 */
final class OpenApiRoute {
    static final String RESOURCE = "openapi.json";

    private OpenApiRoute() {
    }

    static Route route() {
        ApiRouter.Json description;
        try {
            description = ApiRouter.Json.of(new com.fasterxml.jackson.databind.ObjectMapper().readTree(load()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + RESOURCE, e);
        }
        return Route.get("/api/v1/openapi\\.json", (p, q, r) -> description);
    }

    static byte[] load() {
        try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + RESOURCE + " beside " + OpenApiRoute.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}

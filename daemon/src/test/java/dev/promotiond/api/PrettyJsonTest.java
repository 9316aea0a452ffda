package dev.promotiond.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.store.Store;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Answers are compact JSON; {@code ?pretty} indents the same value, on cached answers too. */
class PrettyJsonTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void compactByDefaultAndIndentedOnRequest(@TempDir Path dir) throws Exception {
        try (Store store = Store.open(dir.resolve("s.db"));
             ApiServer server = ApiServer.start("127.0.0.1", 0, new PrometheusRegistry(),
                     StatusPageTest::evaluation, store)) {
            String base = "http://127.0.0.1:" + server.port();
            for (String path : List.of("/healthz", "/api/v1/components", "/api/v1/components/alpha-api",
                    "/api/v1/components/alpha-api/readiness?target=production", "/api/v1/openapi.json",
                    "/api/v1/components/nope")) {
                String sep = path.contains("?") ? "&" : "?";
                HttpResponse<String> compact = get(base + path);
                assertThat(compact.body()).as(path).doesNotContain("\n").doesNotContain("\" : ");
                for (String pretty : List.of("pretty=true", "pretty", "pretty=1")) {
                    HttpResponse<String> indented = get(base + path + sep + pretty);
                    assertThat(indented.statusCode()).as(path).isEqualTo(compact.statusCode());
                    assertThat(indented.body()).as(path).contains("\n  \"");
                    assertThat(JSON.readTree(indented.body())).as(path).isEqualTo(JSON.readTree(compact.body()));
                }
                assertThat(get(base + path + sep + "pretty=false").body()).isEqualTo(compact.body());
            }
            HttpResponse<String> bad = get(base + "/healthz?pretty=maybe");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).path("error").asText()).startsWith("bad query parameter pretty=maybe");
        }
    }

    /**
     * A bad {@code pretty} is refused only where it means something and only once the request may be
     * served: the status page ignores it, a write without the token is 401 first, and a refused write
     * stored nothing.
     */
    @Test
    void aBadPrettyIsRefusedAfterTheTokenAndBeforeAnyWrite(@TempDir Path dir) throws Exception {
        java.util.concurrent.atomic.AtomicInteger clears = new java.util.concurrent.atomic.AtomicInteger();
        try (Store store = Store.open(dir.resolve("s.db"));
             ApiServer server = ApiServer.start("127.0.0.1", 0, new PrometheusRegistry(), StatusPageTest::evaluation,
                     store, new dev.promotiond.store.ActionStore(store), "s3cret", c -> {
                         clears.incrementAndGet();
                         return List.of();
                     })) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> page = get(base + "/?pretty=maybe");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));

            String clear = base + "/api/v1/components/alpha-api/hold/clear?pretty=maybe";
            HttpResponse<String> anonymous = post(clear, null);
            assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
            HttpResponse<String> bad = post(clear, "s3cret");
            assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).path("error").asText()).startsWith("bad query parameter pretty=maybe");
            assertThat(clears).as("holds cleared by refused requests").hasValue(0);

            HttpResponse<String> unknown = get(base + "/nowhere?pretty");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).as("an error answer honours a valid pretty").contains("\n  \"error\"");
        }
    }

    private HttpResponse<String> post(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

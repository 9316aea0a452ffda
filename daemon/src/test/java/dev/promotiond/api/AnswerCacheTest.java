package dev.promotiond.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.facts.Stage;
import dev.promotiond.store.Store;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness answers are rendered once per published evaluation, and never outlive it. */
class AnswerCacheTest {
    /** How the router writes an answer it did not cache: compact. */
    static final ObjectMapper UNCACHED = new ObjectMapper();

    final AtomicReference<Evaluation> published = new AtomicReference<>();
    final AnswerCache cache = new AnswerCache(published::get);
    final AtomicInteger renders = new AtomicInteger();

    @Test
    void rendersOncePerEvaluationAndAgainWhenANewOneIsPublished() {
        Evaluation first = StatusPageTest.evaluation();
        published.set(first);
        ApiRouter.Json a = cache.get(first, "k", () -> view(first));
        assertThat(cache.get(first, "k", () -> view(first))).isSameAs(a);
        assertThat(renders).hasValue(1);

        Evaluation second = later(first);
        published.set(second);
        ApiRouter.Json b = cache.get(second, "k", () -> view(second));
        assertThat(renders).hasValue(2);
        assertThat(evaluatedAt(b)).isEqualTo(second.evaluatedAt().toString());
        assertThat(b.bytes()).isNotEqualTo(a.bytes());
    }

    @Test
    void aRequestHoldingAnOlderEvaluationGetsItsOwnBytesAndKeepsNothing() {
        Evaluation first = StatusPageTest.evaluation();
        Evaluation second = later(first);
        published.set(second);
        ApiRouter.Json newer = cache.get(second, "k", () -> view(second));

        ApiRouter.Json older = cache.get(first, "k", () -> view(first));
        assertThat(evaluatedAt(older)).isEqualTo(first.evaluatedAt().toString());
        assertThat(cache.get(second, "k", () -> view(second))).as("the newer answer stays cached").isSameAs(newer);
        assertThat(renders).hasValue(2);
    }

    @Test
    void theServedBytesAreWhatTheUncachedPathRendersForTheEvaluationPublishedNow(@TempDir Path dir) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Evaluation first = StatusPageTest.evaluation();
        published.set(first);
        try (Store store = Store.open(dir.resolve("s.db"));
             ApiServer server = ApiServer.start("127.0.0.1", 0, new PrometheusRegistry(), published::get, store)) {
            String base = "http://127.0.0.1:" + server.port();
            URI readiness = URI.create(base + "/api/v1/components/alpha-api/readiness?target=production");
            URI list = URI.create(base + "/api/v1/components");
            for (int i = 0; i < 2; i++) {  // the second answer comes from the cache
                assertThat(bytes(http, readiness)).isEqualTo(uncachedReadiness(first, "alpha-api"));
                assertThat(bytes(http, list)).isEqualTo(UNCACHED.writeValueAsBytes(new Page<>(
                        first.components().stream().map(ComponentSummary::of)
                                .sorted(java.util.Comparator.comparing(ComponentSummary::name)).toList(),
                        null, first.components().size())));
            }
            assertThat(bytes(http, URI.create(readiness + "&explain=true"))).isEqualTo(UNCACHED.writeValueAsBytes(
                    ReadinessAnswer.of(alpha(first), alpha(first).target(Stage.PRODUCTION), first, true)));

            Evaluation second = later(first);
            published.set(second);
            byte[] now = bytes(http, readiness);
            assertThat(now).isEqualTo(uncachedReadiness(second, "alpha-api"))
                    .isNotEqualTo(uncachedReadiness(first, "alpha-api"));
        }
    }

    private static String evaluatedAt(ApiRouter.Json answer) {
        try {
            return UNCACHED.readTree(answer.bytes()).path("evaluatedAt").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Object view(Evaluation e) {
        renders.incrementAndGet();
        ComponentStatus c = alpha(e);
        return ReadinessAnswer.of(c, c.target(Stage.PRODUCTION), e, false);
    }

    private static ComponentStatus alpha(Evaluation e) {
        return e.component("alpha-api").orElseThrow();
    }

    private static byte[] uncachedReadiness(Evaluation e, String name) throws Exception {
        ComponentStatus c = e.component(name).orElseThrow();
        return UNCACHED.writeValueAsBytes(ReadinessAnswer.of(c, c.target(Stage.PRODUCTION), e, false));
    }

    /** The same components, evaluated ten seconds later. */
    private static Evaluation later(Evaluation e) {
        return new Evaluation(e.evaluatedAt().plusSeconds(10), Duration.ofMillis(1), e.components());
    }

    private static byte[] bytes(HttpClient http, URI uri) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return r.body();
    }
}

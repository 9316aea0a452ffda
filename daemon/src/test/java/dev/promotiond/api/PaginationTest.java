package dev.promotiond.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.config.ComponentConfig;
import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.TargetStatus;
import dev.promotiond.facts.Component;
import dev.promotiond.facts.Readiness;
import dev.promotiond.facts.Stage;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.EvidenceStore;
import dev.promotiond.store.HistoryEvent;
import dev.promotiond.store.Store;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collections come a page at a time in {@code {items, next}}; following {@code next} yields each item once. */
class PaginationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-11-08T12:00:00Z");
    final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void pagingThroughTwoHundredFiftyComponentsGivesEachOnceByName() throws Exception {
        List<ComponentStatus> components = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            components.add(component("c-%03d".formatted(i)));
        }
        Collections.shuffle(components, new java.util.Random(17));
        Evaluation e = new Evaluation(NOW, Duration.ofMillis(1), components);
        try (Store store = Store.open(dir.resolve("s.db"));
             ApiServer server = ApiServer.start("127.0.0.1", 0, new PrometheusRegistry(), () -> e, store)) {
            String base = "http://127.0.0.1:" + server.port() + "/api/v1/components?limit=100";
            List<String> names = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            String next = null;
            do {
                JsonNode page = ok(base + (next == null ? "" : "&cursor=" + enc(next)));
                assertThat(page.path("total").asInt()).isEqualTo(250);
                sizes.add(page.path("items").size());
                page.path("items").forEach(c -> names.add(c.path("name").asText()));
                next = page.path("next").isNull() ? null : page.path("next").asText();
            } while (next != null && sizes.size() < 10);
            assertThat(sizes).containsExactly(100, 100, 50);
            assertThat(names).hasSize(250).doesNotHaveDuplicates().isSorted();

            JsonNode all = ok("http://127.0.0.1:" + server.port() + "/api/v1/components");
            assertThat(all.path("items")).as("default limit").hasSize(100);
            assertThat(all.path("next").isTextual()).isTrue();
        }
    }

    /** Only the default first page is kept per evaluation: a client looping over limits cannot fill the cache. */
    @Test
    void onlyTheDefaultFirstPageIsCachedWhateverLimitsClientsAskFor() {
        List<ComponentStatus> components = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            components.add(component("c-%03d".formatted(i)));
        }
        Evaluation e = new Evaluation(NOW, Duration.ofMillis(1), components);
        AnswerCache cache = new AnswerCache(() -> e);
        ComponentsRoute route = new ComponentsRoute(() -> e, cache);
        for (int limit = 1; limit <= 1000; limit += 7) {
            route.handle(null, Map.of("limit", Integer.toString(limit)), null);
        }
        assertThat(cache.size()).as("answers kept after 143 different limits").isZero();
        Object first = route.handle(null, Map.of(), null);
        assertThat(route.handle(null, Map.of("limit", "100"), null)).as("the default page, rendered once")
                .isSameAs(first);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aBadCursorOrLimitIsRefusedNamingTheParameter() throws Exception {
        Evaluation e = new Evaluation(NOW, Duration.ofMillis(1), List.of(component("a"), component("b")));
        try (Store store = Store.open(dir.resolve("s.db"));
             ApiServer server = ApiServer.start("127.0.0.1", 0, new PrometheusRegistry(), () -> e, store)) {
            String base = "http://127.0.0.1:" + server.port();
            String actionCursor = Cursor.encode(ActionsRoute.KIND, "5");
            for (String path : List.of("/api/v1/components?cursor=%25%25", "/api/v1/components?cursor=bm9wZQ",
                    "/api/v1/components?cursor=" + actionCursor, "/api/v1/actions?cursor=bm9wZQ",
                    "/api/v1/actions?cursor=" + Cursor.encode(ActionsRoute.KIND, "x"),
                    "/api/v1/components/a/history?cursor=" + actionCursor,
                    "/api/v1/components/a/history?cursor=" + Cursor.encode(HistoryRoute.KIND, "yesterday|1"))) {
                HttpResponse<String> r = get(base + path);
                assertThat(r.statusCode()).as(path).isEqualTo(400);
                assertThat(JSON.readTree(r.body()).path("error").asText()).as(path).startsWith("bad query parameter cursor=");
            }
            for (String limit : List.of("0", "1001", "ten", "")) {
                HttpResponse<String> r = get(base + "/api/v1/components?limit=" + limit);
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(JSON.readTree(r.body()).path("error").asText()).contains("limit=" + limit, "1..1000");
            }
            JsonNode one = ok(base + "/api/v1/components?limit=1");
            assertThat(one.path("items")).hasSize(1);
            JsonNode last = ok(base + "/api/v1/components?limit=1&cursor=" + enc(one.path("next").asText()));
            assertThat(last.path("items").get(0).path("name").asText()).isEqualTo("b");
            assertThat(last.path("next").isNull()).isTrue();
        }
    }

    @Test
    void actionsPageByIdNewestFirstAndOnesLoggedWhilePagingDoNotShiftThePages() throws Exception {
        Evaluation e = new Evaluation(NOW, Duration.ofMillis(1), List.of(component("web")));
        try (Store store = Store.open(dir.resolve("s.db"));
             ApiServer server = ApiServer.start("127.0.0.1", 0, new PrometheusRegistry(), () -> e, store)) {
            ActionStore actions = new ActionStore(store);
            for (int i = 0; i < 250; i++) {
                actions.log(NOW.plusSeconds(i), "alert", i % 2 == 0 ? "web" : "api", "A" + i, "sent", "", Duration.ZERO);
            }
            String base = "http://127.0.0.1:" + server.port() + "/api/v1/actions?limit=100";
            List<Long> ids = new ArrayList<>();
            String next = null;
            int pages = 0;
            do {
                JsonNode page = ok(base + (next == null ? "" : "&cursor=" + enc(next)));
                assertThat(page.has("total")).as("not counted: the log is long").isFalse();
                page.path("items").forEach(a -> ids.add(a.path("id").asLong()));
                next = page.path("next").isNull() ? null : page.path("next").asText();
                actions.log(NOW, "alert", "web", "DuringPaging", "sent", "", Duration.ZERO);
            } while (next != null && ++pages < 10);
            assertThat(ids).hasSize(250).doesNotHaveDuplicates().isSortedAccordingTo(Collections.reverseOrder());

            List<Long> web = new ArrayList<>();
            next = null;
            pages = 0;
            do {
                JsonNode page = ok(base.replace("limit=100", "component=web&limit=40")
                        + (next == null ? "" : "&cursor=" + enc(next)));
                page.path("items").forEach(a -> {
                    assertThat(a.path("component").asText()).isEqualTo("web");
                    web.add(a.path("id").asLong());
                });
                next = page.path("next").isNull() ? null : page.path("next").asText();
            } while (next != null && ++pages < 20);
            assertThat(web).hasSize(125 + 3).doesNotHaveDuplicates();
        }
    }

    @Test
    void historyPagesInTimeOrderEvenWhenManyEventsShareAnInstant() throws Exception {
        Evaluation e = new Evaluation(NOW, Duration.ofMillis(1), List.of(component("web")));
        try (Store store = Store.open(dir.resolve("s.db"));
             ApiServer server = ApiServer.start("127.0.0.1", 0, new PrometheusRegistry(), () -> e, store)) {
            EvidenceStore evidence = new EvidenceStore(store);
            for (int i = 0; i < 250; i++) {  // five events at each instant, so page ends fall inside an instant
                evidence.recordDeployment(new HistoryEvent("web", NOW.plusSeconds(i / 5), "deployment", Stage.STAGING,
                        "1.0." + i));
            }
            String base = "http://127.0.0.1:" + server.port() + "/api/v1/components/web/history?limit=7";
            List<String> versions = new ArrayList<>();
            String next = null;
            int pages = 0;
            do {
                JsonNode page = ok(base + (next == null ? "" : "&cursor=" + enc(next)));
                assertThat(page.path("total").asInt()).isEqualTo(250);
                page.path("items").forEach(h -> versions.add(h.path("version").asText()));
                next = page.path("next").isNull() ? null : page.path("next").asText();
            } while (next != null && ++pages < 100);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                expected.add("1.0." + i);
            }
            assertThat(versions).containsExactlyElementsOf(expected);
        }
    }

    private JsonNode ok(String url) throws Exception {
        HttpResponse<String> r = get(url);
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static ComponentStatus component(String name) {
        return new ComponentStatus(new ComponentConfig(name, "G", Stage.STAGING, List.of(), null), null, null,
                Map.of(Stage.STAGING, new TargetStatus(Stage.STAGING, Readiness.READY, List.of())),
                List.of(), List.of(), new Component(name, "G", Stage.STAGING, "1.0.0", List.of(), false, 0),
                null, List.of());
    }
}

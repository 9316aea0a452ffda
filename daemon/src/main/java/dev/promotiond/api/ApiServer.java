package dev.promotiond.api;

import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.TargetStatus;
import dev.promotiond.facts.Stage;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.SqliteStore;
import com.sun.net.httpserver.HttpsConfigurator;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One port: {@code /metrics} (Prometheus text, OpenMetrics, protobuf; served by client_java) and
 * everything else through {@link ApiRouter}. The routes are listed in {@link #routes} in one place.
 */
public final class ApiServer implements AutoCloseable {
    private final HTTPServer server;
    private final ExecutorService executor;

    private ApiServer(HTTPServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code host:port} (port 0 picks a free one) and starts serving. */
    public static ApiServer start(String host, int port, PrometheusRegistry registry, Supplier<Evaluation> last,
                                  SqliteStore store) throws IOException {
        return start(host, port, registry, last, store, new ActionStore(store), null, c -> List.of());
    }

    /**
     * @param token      bearer token for mutating endpoints; null disables them (403)
     * @param clearHolds clears a component's holds and returns the versions that were held
     */
    public static ApiServer start(String host, int port, PrometheusRegistry registry, Supplier<Evaluation> last,
                                  SqliteStore store, ActionStore actions, String token,
                                  Function<String, List<String>> clearHolds) throws IOException {
        return start(host, port, registry, last, store, actions, token, clearHolds, null);
    }

    /** @param intake where evidence and deployment records go; null disables those endpoints (404) */
    public static ApiServer start(String host, int port, PrometheusRegistry registry, Supplier<Evaluation> last,
                                  SqliteStore store, ActionStore actions, String token,
                                  Function<String, List<String>> clearHolds, Intake intake) throws IOException {
        return start(host, port, registry, last, store, actions, token, clearHolds, intake, null);
    }

    /** @param rules the live rules and their reload; null disables those endpoints (404) */
    public static ApiServer start(String host, int port, PrometheusRegistry registry, Supplier<Evaluation> last,
                                  SqliteStore store, ActionStore actions, String token,
                                  Function<String, List<String>> clearHolds, Intake intake, RulesControl rules)
            throws IOException {
        return start(host, port, registry, last, store, actions, token, clearHolds, intake, rules, null);
    }

    /** @param tls the port speaks only HTTPS with its current certificate; null for plain HTTP */
    public static ApiServer start(String host, int port, PrometheusRegistry registry, Supplier<Evaluation> last,
                                  SqliteStore store, ActionStore actions, String token,
                                  Function<String, List<String>> clearHolds, Intake intake, RulesControl rules,
                                  ServerTls tls) throws IOException {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1024),
                r -> {
                    Thread t = new Thread(r, "promotiond-http");
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        HTTPServer.Builder builder = HTTPServer.builder().hostname(host).port(port).registry(registry)
                .executorService(executor).registerHealthHandler(false)
                .defaultHandler(new ApiRouter(routes(last, store, actions, clearHolds, intake, rules), new BearerAuth(token)));
        if (tls != null) {
            builder.httpsConfigurator(new HttpsConfigurator(tls.context()));
        }
        HTTPServer server = builder.buildAndStart();
        return new ApiServer(server, executor);
    }

    static List<Route> routes(Supplier<Evaluation> last, SqliteStore store, ActionStore actions,
                              Function<String, List<String>> clearHolds, Intake intake, RulesControl rules) {
        List<Route> routes = new java.util.ArrayList<>(List.of(
                Route.get("/api/v1/actions/?", (p, q, r) -> Views.actions(actions.log(q.get("component"), limit(q.get("limit"))))),
                Route.post("/api/v1/components/(?<name>[^/]+)/hold/clear/?", (p, q, r) -> {
                    ComponentStatus c = component(evaluation(last), p.group("name"));
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("component", c.name());
                    m.put("cleared", clearHolds.apply(c.name()));
                    return m;
                }),
                Route.get("/", (p, q, r) -> StatusPage.answer(last.get())),
                Route.get("/healthz", (p, q, r) -> healthz(last.get())),
                Route.get("/api/v1/components/?", (p, q, r) -> evaluation(last).components().stream().map(Views::summary).toList()),
                Route.get("/api/v1/components/(?<name>[^/]+)/?", (p, q, r) -> {
                    Evaluation e = evaluation(last);
                    return Views.detail(component(e, p.group("name")), e, explain(q.get("explain")));
                }),
                Route.get("/api/v1/components/(?<name>[^/]+)/readiness/?", (p, q, r) -> {
                    Evaluation e = evaluation(last);
                    ComponentStatus c = component(e, p.group("name"));
                    Stage target = target(q.get("target"));
                    TargetStatus t = c.target(target);
                    return Views.readiness(c, t, e, explain(q.get("explain")));
                }),
                Route.get("/api/v1/components/(?<name>[^/]+)/history/?", (p, q, r) -> {
                    ComponentStatus c = component(evaluation(last), p.group("name"));
                    return Views.history(store.history(c.name()));
                })));
        if (intake != null) {
            routes.addAll(IntakeRoutes.routes(last, intake));
        }
        if (rules != null) {
            routes.addAll(RulesRoutes.routes(rules));
        }
        return routes;
    }

    /** {@code ?explain=true} adds the missing and stale evidence behind unknown results. */
    static boolean explain(String raw) {
        if (raw == null || raw.equals("false") || raw.equals("0")) {
            return false;
        }
        if (raw.isEmpty() || raw.equals("true") || raw.equals("1")) {
            return true;
        }
        throw new ApiException(400, "bad query parameter explain=" + raw + ": use true or false");
    }

    static int limit(String raw) {
        if (raw == null) {
            return 100;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ApiException(400, "bad query parameter limit=" + raw + ": use 1..1000");
    }

    private static Object healthz(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", e == null ? "starting" : "ok");
        m.put("evaluatedAt", e == null ? null : e.evaluatedAt().toString());
        return e == null ? new ApiRouter.Status(503, m) : m;
    }

    static Evaluation evaluation(Supplier<Evaluation> last) {
        Evaluation e = last.get();
        if (e == null) {
            throw new ApiException(503, "no evaluation has completed yet; retry shortly");
        }
        return e;
    }

    static ComponentStatus component(Evaluation e, String name) {
        return e.component(name).orElseThrow(() -> new ApiException(404, "unknown component: " + name));
    }

    private static Stage target(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new ApiException(400, "missing query parameter target (staging or production)");
        }
        Optional<Stage> s = Stage.parse(raw);
        if (s.isEmpty() || s.get() == Stage.DEVELOPMENT) {
            throw new ApiException(400, "bad query parameter target=" + raw + ": use staging or production");
        }
        return s.get();
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
        executor.shutdownNow();
    }
}

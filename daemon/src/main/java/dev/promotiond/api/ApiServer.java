package dev.promotiond.api;

import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.evidence.Intake;
import dev.promotiond.facts.Stage;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.Store;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.http.spi.JettyHttpServer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One port: {@code /metrics} (Prometheus text or OpenMetrics, streamed by {@link dev.promotiond.export.ScrapeHandler}) and
 * everything else through {@link ApiRouter}. The routes are listed in {@link #routes} in one place.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final Server jetty;
    private final ServerConnector connector;

    private final java.util.concurrent.atomic.AtomicReference<java.util.function.BooleanSupplier> exporting;

    /**
     * Exports the decisions' gauges on /metrics only while {@code when} says so (the leader): with
     * every replica scraped, each readiness gauge then appears once.
     */
    public void exportDecisionsWhile(java.util.function.BooleanSupplier when) {
        exporting.set(java.util.Objects.requireNonNull(when, "when"));
    }

    private ApiServer(Server jetty, ServerConnector connector,
                      java.util.concurrent.atomic.AtomicReference<java.util.function.BooleanSupplier> exporting) {
        this.exporting = exporting;
        this.jetty = jetty;
        this.connector = connector;
    }

    /** Binds {@code host:port} (port 0 picks a free one) and starts serving. */
    public static ApiServer start(String host, int port, PrometheusRegistry registry, Supplier<Evaluation> last,
                                  Store store) throws IOException {
        return start(host, port, registry, last, store, new ActionStore(store), null, c -> List.of());
    }

    /**
     * @param token      bearer token for mutating endpoints; null disables them (403)
     * @param clearHolds clears a component's holds and returns the versions that were held
     */
    public static ApiServer start(String host, int port, PrometheusRegistry registry, Supplier<Evaluation> last,
                                  Store store, ActionStore actions, String token,
                                  Function<String, List<String>> clearHolds) throws IOException {
        return start(host, port, HttpLimits.DEFAULTS, registry, last, store, actions, token, clearHolds, null, null,
                null, null);
    }

    /**
     * @param limits read timeout, backlog, workers and header size of the listener. Jetty runs
     *               /metrics and the router through its
     *               JDK-HttpServer bridge, so a request is only handed to a worker once its headers are in.
     * @param intake where evidence and deployment records go; null disables those endpoints (404)
     * @param rules  the live rules and their reload; null disables those endpoints (404)
     * @param ready  what /readyz answers; null: ready once an evaluation is published
     * @param tls    the port speaks only HTTPS with the current certificate of this context (its key
     *               manager is swapped on reload, so new connections get a new certificate); null for HTTP
     */
    public static ApiServer start(String host, int port, HttpLimits limits, PrometheusRegistry registry,
                                  Supplier<Evaluation> last, Store store, ActionStore actions, String token,
                                  Function<String, List<String>> clearHolds, Intake intake, RulesControl rules,
                                  Supplier<Ready> ready, ServerTls tls) throws IOException {
        return start(host, port, limits, registry, last, store, actions, token, clearHolds, intake, rules, ready, tls,
                true);
    }

    /**
     * @param fastPath answer the readiness route from {@link FastReadiness} before the JDK-HttpServer
     *                 bridge; false sends every request through {@link ApiRouter} (tests compare the two)
     */
    static ApiServer start(String host, int port, HttpLimits limits, PrometheusRegistry registry,
                           Supplier<Evaluation> last, Store store, ActionStore actions, String token,
                           Function<String, List<String>> clearHolds, Intake intake, RulesControl rules,
                           Supplier<Ready> ready, ServerTls tls, boolean fastPath) throws IOException {
        Supplier<Ready> readiness = ready != null ? ready : () -> last.get() == null
                ? new Ready(Ready.UNKNOWN, "no evaluation yet", null)
                : new Ready(Ready.READY, null, last.get().evaluatedAt());
        QueuedThreadPool pool = new QueuedThreadPool(limits.maxThreads(), 8, 60_000);
        pool.setName("promotiond-http");
        pool.setDaemon(true);
        Server jetty = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        ServerConnector connector;
        if (tls == null) {
            connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        } else {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(tls.context());
            connector = new ServerConnector(jetty, ssl, new HttpConnectionFactory(http));
        }
        connector.setHost(host);
        connector.setPort(port);
        connector.setAcceptQueueSize(limits.backlog());
        connector.setIdleTimeout(limits.readTimeout().toMillis());
        jetty.addConnector(connector);
        AnswerCache answers = new AnswerCache(last);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        // the bridge finds its context collection anywhere below the server, also inside the wrapper
        jetty.setHandler(fastPath ? new FastReadiness(last, answers, contexts) : contexts);
        JettyHttpServer server = new JettyHttpServer(jetty, true, http);
        java.util.concurrent.atomic.AtomicReference<java.util.function.BooleanSupplier> exporting =
                new java.util.concurrent.atomic.AtomicReference<>(() -> true);
        server.createContext("/metrics", new dev.promotiond.export.ScrapeHandler(registry,
                () -> exporting.get().getAsBoolean() ? last.get() : null));
        server.createContext("/", new ApiRouter(routes(answers, last, store, actions, clearHolds, intake, rules,
                readiness),
                new BearerAuth(token)));
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            throw e instanceof IOException io ? io : new IOException("cannot start the HTTP listener on " + host + ":" + port, e);
        }
        return new ApiServer(jetty, connector, exporting);
    }

    static List<Route> routes(AnswerCache answers, Supplier<Evaluation> last, Store store, ActionStore actions,
                              Function<String, List<String>> clearHolds, Intake intake, RulesControl rules,
                              Supplier<Ready> ready) {
        // before the first evaluation, the 503 says why (e.g. the rules are still compiling)
        Supplier<Evaluation> published = () -> evaluation(last, ready);
        List<Route> routes = new java.util.ArrayList<>(List.of(
                new ActionsRoute(actions).route(),
                new HoldClearRoute(published, actions, clearHolds).route(),
                new StatusPageRoute(last, actions).route(),
                new HealthzRoute(last).route(),
                new ReadyzRoute(ready).route(),
                new ComponentsRoute(published, answers).route(),
                new ComponentRoute(published).route(),
                new ReadinessRoute(published, answers).route(),
                new HistoryRoute(published, store).route()));
        routes.add(OpenApiRoute.route());
        if (intake != null) {
            routes.add(new EvidenceUploadRoute(published, intake).route());
            routes.add(new EvidenceLogRoute(published, intake).route());
            routes.add(new DeploymentRoute(published, intake).route());
        }
        if (rules != null) {
            routes.add(new RulesRoute(rules).route());
            routes.add(new RulesReloadRoute(rules).route());
        }
        return routes;
    }

    /**
     * The readiness answer, rendered once per evaluation (CI asks this many times between two
     * cycles). {@link FastReadiness} serves the same bytes through the same call.
     */
    static ApiRouter.Json readiness(AnswerCache answers, Evaluation e, ComponentStatus c, Stage target,
                                    boolean explain) {
        return answers.get(e, "readiness\n" + c.name() + "\n" + target.label() + "\n" + explain,
                () -> ReadinessAnswer.of(c, c.target(target), e, explain));
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

    /** The published evaluation; 503 naming why when there is none yet. */
    static Evaluation evaluation(Supplier<Evaluation> last, Supplier<Ready> ready) {
        Evaluation e = last.get();
        if (e == null) {
            String why = ready.get().reason();
            if (why != null && why.startsWith("no evaluation yet")) {  // said already; keep what follows
                why = why.substring("no evaluation yet".length()).replaceFirst("^; ", "");
            }
            throw new ApiException(503, "no evaluation has completed yet"
                    + (why == null || why.isEmpty() ? "" : " (" + why + ")") + "; retry shortly");
        }
        return e;
    }

    static ComponentStatus component(Evaluation e, String name) {
        return e.component(name).orElseThrow(() -> new ApiException(404, "unknown component: " + name));
    }

    static Stage target(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new ApiException(400, "missing query parameter target (staging or production)");
        }
        Optional<Stage> s = Stage.parse(raw);
        if (s.isEmpty() || s.get() == Stage.DEVELOPMENT) {
            throw new ApiException(400, "bad query parameter target=" + raw + ": use staging or production");
        }
        return s.get();
    }

    /** Requests answered by {@link FastReadiness} so far (0 without it). */
    long fastAnswers() {
        return jetty.getHandler() instanceof FastReadiness f ? f.answered() : 0;
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        stopQuietly(jetty);
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.setStopTimeout(2_000);
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("stopping the HTTP listener failed", e);
        }
    }
}

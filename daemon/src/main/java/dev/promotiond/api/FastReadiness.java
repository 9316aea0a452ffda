package dev.promotiond.api;

import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.facts.Stage;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers {@code GET /api/v1/components/NAME/readiness?target=...} straight from the
 * {@link AnswerCache} bytes of the published evaluation, before the request reaches the
 * JDK-HttpServer bridge (whose header maps, URI objects and streams cost more than the answer).
 *
 * <p>Contract: it answers only what {@link ApiRouter} would answer with 200 and exactly these bytes
 * and headers (Content-Type, Cache-Control, Content-Length), through the same
 * {@link ApiServer#readiness} call; everything else — other routes, HEAD, a request with a body,
 * an encoded or unusual path, a query it cannot parse, {@code pretty} in the query, an unknown component, a bad target, no
 * evaluation yet — goes to the wrapped handlers unchanged, so errors keep a single author. Reads
 * need no token in the router, so none is checked here either. Listener limits (read timeout,
 * header size, workers) apply before any handler and so are the same on both paths.
 */
final class FastReadiness extends Handler.Wrapper {
    private static final String PREFIX = "/api/v1/components/";
    private static final String SUFFIX = "/readiness";
    private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE,
            "application/json; charset=utf-8");
    private static final HttpField NO_STORE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");

    private final Supplier<Evaluation> last;
    private final AnswerCache answers;
    private final LongAdder answered = new LongAdder();

    FastReadiness(Supplier<Evaluation> last, AnswerCache answers, Handler next) {
        super(next);
        this.last = last;
        this.answers = answers;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        byte[] bytes = answer(request);
        if (bytes == null) {
            return super.handle(request, response, callback);
        }
        answered.increment();
        response.setStatus(200);
        response.getHeaders().put(JSON);
        response.getHeaders().put(NO_STORE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return true;
    }

    /** How many requests this path answered (the rest went to the router). */
    long answered() {
        return answered.sum();
    }

    /** The cached answer when the router would give 200 with it; null to let the router answer. */
    private byte[] answer(Request request) {
        if (!"GET".equals(request.getMethod())) {
            return null;
        }
        HttpURI uri = request.getHttpURI();
        String name = name(uri.getPath());
        if (name == null || request.getHeaders().contains(HttpHeader.CONTENT_LENGTH)
                || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
            return null;
        }
        Evaluation e = last.get();
        if (e == null) {
            return null;  // 503 with the starting reason: the router's to write
        }
        Optional<ComponentStatus> c = e.component(name);
        if (c.isEmpty()) {
            return null;
        }
        try {
            Map<String, String> q = ApiRouter.query(uri.getQuery());
            if (q.containsKey("pretty")) {
                return null;  // indented, or a bad value (400): the router renders it from the same bytes
            }
            Stage target = ApiServer.target(q.get("target"));
            boolean explain = ApiServer.explain(q.get("explain"));
            return ApiServer.readiness(answers, e, c.get(), target, explain).bytes();
        } catch (RuntimeException bad) {
            return null;  // a bad parameter (400) or an undecodable query: the router says which
        }
    }

    /**
     * NAME from {@code /api/v1/components/NAME/readiness} (one trailing slash allowed, as the
     * route's pattern allows), or null. Only plain names are taken (letters, digits, '.', '_', '-',
     * not "." or ".."), so the raw path equals the decoded one the router matches.
     */
    static String name(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return null;
        }
        int end = path.endsWith("/") ? path.length() - 1 : path.length();
        if (!path.startsWith(SUFFIX, end - SUFFIX.length())) {
            return null;
        }
        int to = end - SUFFIX.length();
        if (to <= PREFIX.length()) {
            return null;
        }
        for (int i = PREFIX.length(); i < to; i++) {
            char ch = path.charAt(i);
            if (!(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9'
                    || ch == '.' || ch == '_' || ch == '-')) {
                return null;
            }
        }
        String name = path.substring(PREFIX.length(), to);
        return name.equals(".") || name.equals("..") ? null : name;
    }
}

package dev.promotiond.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.promotiond.store.StoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches every non-/metrics request to the first matching route, and is the one place where
 * failures become HTTP statuses: {@link ApiException} → its status, a {@link StoreException} → by
 * its cause ({@link #storeStatus}), anything else → 500 (logged).
 * Answers are JSON, except an {@link Html} answer, which is written as a page; errors are always JSON.
 * JSON is compact; {@code ?pretty} (or {@code pretty=true}) indents it for people, on every route.
 */
final class ApiRouter implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final com.fasterxml.jackson.databind.ObjectWriter PRETTY =
            JSON.writer(SerializationFeature.INDENT_OUTPUT);

    private final List<Route> routes;
    private final BearerAuth auth;

    ApiRouter(List<Route> routes, BearerAuth auth) {
        this.routes = List.copyOf(routes);
        this.auth = auth;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        int status = 200;
        Object body;
        boolean pretty = false;
        try {
            // errors before the route checked pretty (404, 401, a bad pretty itself) honour a valid one
            pretty = prettyIn(exchange.getRequestURI().getRawQuery());
            body = dispatch(exchange);
        } catch (ApiException e) {
            status = e.status;
            body = new ErrorAnswer(e.getMessage());
        } catch (StoreException e) {
            LOG.error("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage());
            status = storeStatus(e.failure());
            if (status == 503 && e.failure() == StoreException.Failure.BUSY) {
                exchange.getResponseHeaders().set("Retry-After", "1");
            }
            boolean write = !exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD");
            body = new ErrorAnswer(e.failure().text() + " (" + e.getMessage() + ")"
                    + (write ? "; nothing was stored" : ""));
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            status = 500;
            body = new ErrorAnswer("internal error: " + e.getClass().getSimpleName());
        }
        if (body instanceof Status s) {
            status = s.code();
            body = s.body();
        }
        if (body instanceof Json j) {
            send(exchange, status, "application/json; charset=utf-8", pretty ? indent(j.bytes()) : j.bytes());
        } else if (body instanceof Html h) {
            exchange.getResponseHeaders().set("Content-Security-Policy", Html.POLICY);
            send(exchange, h.status(), "text/html; charset=utf-8", h.body().getBytes(StandardCharsets.UTF_8));
        } else {
            sendJson(exchange, status, body, pretty);
        }
    }

    /**
     * {@code ?pretty}: absent, {@code false} or {@code 0} → compact; present empty, {@code true} or
     * {@code 1} → indented; anything else is 400 naming it.
     */
    static boolean pretty(String raw) {
        if (raw == null || raw.equals("false") || raw.equals("0")) {
            return false;
        }
        if (raw.isEmpty() || raw.equals("true") || raw.equals("1")) {
            return true;
        }
        throw new ApiException(400, "bad query parameter pretty=" + raw + ": use true or false");
    }

    /**
     * Whether the query asks for indented JSON, read leniently (a bad value or a query that does not
     * decode reads as compact): refusing those is the route's, after its method and token are checked.
     */
    private static boolean prettyIn(String rawQuery) {
        try {
            return pretty(query(rawQuery).get("pretty"));
        } catch (IllegalArgumentException | ApiException bad) {
            return false;
        }
    }

    /** Pre-rendered compact bytes, indented exactly as {@link #sendJson} indents a value. */
    private static byte[] indent(byte[] compact) throws IOException {
        return PRETTY.writeValueAsBytes(JSON.readTree(compact));
    }

    /**
     * A store that cannot take a write is the server's condition, not a bug: full → 507 Insufficient
     * Storage; read-only, I/O error or busy → 503 (busy with Retry-After); anything else → 500. Every
     * write the API makes is one statement (or one transaction), so a failed one left nothing behind.
     */
    static int storeStatus(StoreException.Failure failure) {
        return switch (failure) {
            case FULL -> 507;
            case READ_ONLY, IO_ERROR, BUSY -> 503;
            case OTHER -> 500;
        };
    }

    private Object dispatch(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod().equals("HEAD") ? "GET" : exchange.getRequestMethod();
        List<String> allowed = new java.util.ArrayList<>();
        for (Route r : routes) {
            Matcher m = r.path().matcher(path);
            if (!m.matches()) {
                continue;
            }
            if (!r.method().equals(method)) {
                allowed.add(r.method());
                continue;
            }
            if (r.mutating()) {
                auth.check(exchange);
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (!r.page()) {
                pretty(query.get("pretty")); // refused before the handler runs, so a write never precedes the 400
            }
            return r.handler().handle(m, query, new Request(exchange));
        }
        if (!allowed.isEmpty()) {
            exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
            throw new ApiException(405, "method " + exchange.getRequestMethod() + " not allowed on " + path);
        }
        throw new ApiException(404, "no such endpoint: " + path);
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static void sendJson(HttpExchange exchange, int status, Object body, boolean pretty) throws IOException {
        byte[] bytes;
        try {
            bytes = pretty ? PRETTY.writeValueAsBytes(body) : JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            LOG.error("cannot serialise response for {}", exchange.getRequestURI(), e);
            status = 500;
            bytes = "{\"error\":\"internal error: response not serialisable\"}".getBytes(StandardCharsets.UTF_8);
        }
        send(exchange, status, "application/json; charset=utf-8", bytes);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    /**
     * A JSON answer already rendered (compact), exactly as {@link #sendJson} would write {@code body}: handlers
     * that answer the same value many times render it once ({@link AnswerCache}). The array is never
     * handed to anyone who could change it.
     */
    record Json(byte[] bytes) {
        Json {
            java.util.Objects.requireNonNull(bytes, "bytes");
        }

        static Json of(Object body) {
            try {
                return new Json(JSON.writeValueAsBytes(body));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise an answer", e);
            }
        }
    }

    /** Every error's body: one message that names what was wrong (the parameter, field or component). */
    record ErrorAnswer(String error) {
    }

    /** A handler's answer with a status other than 200. */
    record Status(int code, Object body) {
    }

    /**
     * A handler's answer that is an HTML page rather than JSON. Pages are self-contained: the
     * policy lets them use inline styles and nothing else, so no script runs even if one slipped in.
     */
    record Html(int status, String body) {
        static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

        Html {
            java.util.Objects.requireNonNull(body, "body");
        }
    }
}

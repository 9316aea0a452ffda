package dev.promotiond.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Real health endpoints on 127.0.0.1, one path per component, whose health and version tests flip. */
public final class FakeEndpoints implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    public static final class State {
        public volatile boolean healthy = true;
        public volatile String version = "1.0.0";
        /** Requests answered so far: the probes the daemon made, as the endpoint saw them. */
        public final AtomicLong answered = new AtomicLong();
    }

    public FakeEndpoints() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().replaceAll("^/|/health$", "");
            State s = states.get(name);
            int status = s == null ? 404 : s.healthy ? 200 : 503;
            byte[] body = s == null ? new byte[0] : ("{\"status\":\"" + (s.healthy ? "healthy" : "failing")
                    + "\",\"version\":\"" + s.version + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            if (s != null) {
                s.answered.incrementAndGet();
            }
        });
        server.start();
    }

    public State add(String component) {
        return states.computeIfAbsent(component, k -> new State());
    }

    public URI url(String component) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + component + "/health");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.promotiond.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A health endpoint served by a real server no one on this project wrote, at that server's default
 * keep-alive, on a free loopback port: nginx (Debian nginx-light), Node's {@code http} (nodejs), uvicorn
 * (python3-uvicorn), gunicorn, and Python's {@code http.server}. Each endpoint answers
 * {@code {"status":"UP","version":...}} with 200, or {@code "DOWN"} with 503 while its fail file exists.
 * A missing binary fails the test with the package to install (CI installs them); it never skips.
 * Files live in a directory the test owns; every wait is bounded.
 */
public final class RealHealthServer implements AutoCloseable {
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Path PYTHON = Path.of("/usr/bin/python3");  // Debian's, with Debian's uvicorn

    /**
     * One URL to probe.
     *
     * @param caFile    the certificate to trust for https, else null
     * @param failFile  while it exists the endpoint answers 503
     * @param keepAlive how long the server keeps an idle connection open, as its documentation says
     * @param intervals probe intervals to try: shorter than, at, and longer than the keep-alive
     */
    public record Endpoint(String name, URI url, Path caFile, Path failFile, String keepAlive,
                           List<Duration> intervals) {
        public void fail(boolean failing) {
            try {
                if (failing) {
                    Files.writeString(failFile, "503\n");
                } else {
                    Files.deleteIfExists(failFile);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final List<Endpoint> endpoints;

    private RealHealthServer(String name, Process process, Path log, List<Endpoint> endpoints) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.endpoints = List.copyOf(endpoints);
    }

    public String name() {
        return name;
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /**
     * nginx with four servers: plain and TLS, each at nginx's default {@code keepalive_timeout} (75 s)
     * and at 3 s, shorter than the longer probe intervals.
     */
    public static RealHealthServer nginx(Path dir, SelfSignedCertificate cert) throws IOException {
        Path nginx = required(Path.of("/usr/sbin/nginx"), "nginx-light");
        Files.createDirectories(dir.resolve("tmp"));
        String version = "1.0.0-nginx";
        List<Endpoint> endpoints = new ArrayList<>();
        StringBuilder servers = new StringBuilder();
        Object[][] variants = {{"nginx", false, null}, {"nginx-tls", true, null},
            {"nginx-short", false, "3s"}, {"nginx-tls-short", true, "3s"}};
        for (Object[] v : variants) {
            String id = (String) v[0];
            boolean tls = (Boolean) v[1];
            String keepAlive = (String) v[2];
            int port = LocalProcesses.freePort();
            Path flag = dir.resolve(id + ".fail");
            servers.append("    server {\n        listen 127.0.0.1:").append(port).append(tls ? " ssl" : "").append(";\n");
            if (tls) {
                servers.append("        ssl_certificate ").append(cert.certificate()).append(";\n")
                        .append("        ssl_certificate_key ").append(cert.privateKey()).append(";\n");
            }
            if (keepAlive != null) {
                servers.append("        keepalive_timeout ").append(keepAlive).append(";\n");
            }
            servers.append("        location /health {\n")
                    .append("            if (-f ").append(flag).append(") { return 503 '")
                    .append(body("DOWN", version)).append("'; }\n")
                    .append("            return 200 '").append(body("UP", version)).append("';\n")
                    .append("        }\n    }\n");
            endpoints.add(new Endpoint(id, URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port + "/health"),
                    tls ? cert.certificate() : null, flag, keepAlive == null ? "75s (default)" : keepAlive,
                    keepAlive == null ? List.of(Duration.ofSeconds(1), Duration.ofSeconds(5))
                            : List.of(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(4))));
        }
        String tmp = dir.resolve("tmp").toString();
        StringBuilder temps = new StringBuilder();
        for (String module : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            if (module.equals("client_body") || !configureFlags(nginx).contains("--without-http_" + module + "_module")) {
                temps.append("    ").append(module).append("_temp_path ").append(tmp).append('/').append(module)
                        .append(";\n");
            }
        }
        Files.writeString(dir.resolve("nginx.conf"), """
                daemon off;
                user %s;
                worker_processes 1;
                pid %s;
                error_log %s warn;
                events { worker_connections 256; }
                http {
                    access_log off;
                    default_type application/json;
                %s%s}
                """.formatted(System.getProperty("user.name"), dir.resolve("nginx.pid"), dir.resolve("nginx.log"),
                temps, servers));
        ProcessBuilder pb = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-e", dir.resolve("nginx.log").toString());
        return start("nginx", pb, dir, dir.resolve("nginx.log"), endpoints);
    }

    /** Node's {@code http} server with its default keepAliveTimeout of 5 s. */
    public static RealHealthServer node(Path dir) throws IOException {
        Path node = required(Path.of("/usr/bin/node"), "nodejs");
        int port = LocalProcesses.freePort();
        Endpoint e = endpoint("node", port, dir, "5s (default keepAliveTimeout)", 5);
        ProcessBuilder pb = new ProcessBuilder(node.toString(), resource(dir, "health.js").toString());
        pb.environment().putAll(Map.of("PORT", String.valueOf(port), "FAIL_FILE", e.failFile().toString()));
        return start("node", pb, dir, dir.resolve("node.log"), List.of(e));
    }

    /** uvicorn with its default timeout_keep_alive of 5 s, one worker. */
    public static RealHealthServer uvicorn(Path dir) throws IOException {
        requirePythonModule("uvicorn", "python3-uvicorn");
        int port = LocalProcesses.freePort();
        Endpoint e = endpoint("uvicorn", port, dir, "5s (default timeout_keep_alive)", 5);
        resource(dir, "asgi_health.py");
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), "-m", "uvicorn", "--app-dir", dir.toString(),
                "--host", "127.0.0.1", "--port", String.valueOf(port), "asgi_health:app");
        pb.environment().put("FAIL_FILE", e.failFile().toString());
        return start("uvicorn", pb, dir, dir.resolve("uvicorn.log"), List.of(e));
    }

    /** gunicorn with its default sync worker, which closes each connection (its keepalive, 2 s, is for async workers). */
    public static RealHealthServer gunicorn(Path dir) throws IOException {
        Path gunicorn = required(Path.of("/usr/bin/gunicorn"), "gunicorn");
        int port = LocalProcesses.freePort();
        Endpoint e = endpoint("gunicorn", port, dir, "none (sync worker)", 2);
        resource(dir, "wsgi_health.py");
        ProcessBuilder pb = new ProcessBuilder(gunicorn.toString(), "--chdir", dir.toString(), "--bind",
                "127.0.0.1:" + port, "wsgi_health:app");
        pb.environment().put("FAIL_FILE", e.failFile().toString());
        return start("gunicorn", pb, dir, dir.resolve("gunicorn.log"), List.of(e));
    }

    /** Python's {@code http.server}: HTTP/1.0, one request per connection. */
    public static RealHealthServer httpServer(Path dir) throws IOException {
        required(PYTHON, "python3");
        int port = LocalProcesses.freePort();
        Endpoint e = new Endpoint("http.server", URI.create("http://127.0.0.1:" + port + "/health"), null,
                dir.resolve("http.server.fail"), "none (HTTP/1.0)", List.of(Duration.ofSeconds(1), Duration.ofSeconds(3)));
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), resource(dir, "http_server_health.py").toString(),
                String.valueOf(port));
        pb.environment().put("FAIL_FILE", e.failFile().toString());
        return start("http.server", pb, dir, dir.resolve("http.server.log"), List.of(e));
    }

    public boolean running() {
        return process.isAlive();
    }

    /** SIGTERM, then SIGKILL after 10 s; returns when the process is gone. */
    public void stop() {
        LocalProcesses.stop(process);
    }

    @Override
    public void close() {
        stop();
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    public String logTail() {
        return LocalProcesses.logTail(log);
    }

    private static Endpoint endpoint(String name, int port, Path dir, String keepAlive, int keepAliveSeconds) {
        return new Endpoint(name, URI.create("http://127.0.0.1:" + port + "/health"), null, dir.resolve(name + ".fail"),
                keepAlive, List.of(Duration.ofSeconds(1), Duration.ofSeconds(keepAliveSeconds),
                        Duration.ofSeconds(keepAliveSeconds + 1)));
    }

    private static RealHealthServer start(String name, ProcessBuilder pb, Path dir, Path log, List<Endpoint> endpoints)
            throws IOException {
        Process p = pb.directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        RealHealthServer server = new RealHealthServer(name, p, log, endpoints);
        URI plain = endpoints.stream().filter(e -> e.caFile() == null).findFirst().orElseThrow().url();
        try {
            RealPrometheus.await(name + " answering on " + plain, READY_TIMEOUT, () -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + p.exitValue() + ":\n"
                            + LocalProcesses.logTail(log));
                }
                return LocalProcesses.status(plain) > 0;  // any answer (uvicorn rejects the JDK client's h2c upgrade)
            });
        } catch (RuntimeException | AssertionError e) {
            server.close();
            throw new IllegalStateException(e.getMessage() + "; its log ends:\n" + LocalProcesses.logTail(log), e);
        }
        return server;
    }

    private static String body(String status, String version) {
        return "{\"status\":\"" + status + "\",\"version\":\"" + version + "\"}";
    }

    private static Path required(Path binary, String debianPackage) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("no " + binary + "; .ci/run installs it (Debian package " + debianPackage + ")");
        }
        return binary;
    }

    private static void requirePythonModule(String module, String debianPackage) throws IOException {
        required(PYTHON, "python3");
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import " + module).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(PYTHON + " cannot import " + module + "; .ci/run installs it (Debian"
                        + " package " + debianPackage + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted checking for " + module, e);
        }
    }

    private static String configureFlags(Path nginx) throws IOException {
        Process p = new ProcessBuilder(nginx.toString(), "-V").redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            return new String(in.readAllBytes());
        }
    }

    /** Copies a file from the test resources' conformance folder into dir. */
    private static Path resource(Path dir, String file) throws IOException {
        Path target = dir.resolve(file);
        try (InputStream in = RealHealthServer.class.getResourceAsStream("/conformance/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource conformance/" + file);
            }
            Files.copy(in, target);
        }
        return target;
    }
}

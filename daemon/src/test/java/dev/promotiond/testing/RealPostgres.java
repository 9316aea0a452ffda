package dev.promotiond.testing;

import dev.promotiond.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian package postgresql) on 127.0.0.1, made by {@code initdb} in a
 * directory of its own and run by {@code pg_ctl} as the unprivileged {@code postgres} user when
 * the tests run as root (PostgreSQL refuses to run as root). Password authentication
 * (scram-sha-256) for the user {@code promotiond}; fsync off (test data). One server per test JVM
 * ({@link #shared()}), one fresh database per test ({@link #newDatabase()}); a test that stops the
 * server gets its own ({@link #startPrivate()}).
 */
public final class RealPostgres implements AutoCloseable {
    public static final String USER = "promotiond";
    public static final String PASSWORD = "s3cret-for-tests";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static RealPostgres shared;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;

    /** The server every test of this JVM shares; started on first use, stopped when the JVM exits. */
    public static synchronized RealPostgres shared() throws IOException {
        if (shared == null) {
            shared = startPrivate();
            RealPostgres s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        }
        return shared;
    }

    /** A server of the caller's own (to stop and start); the caller closes it. */
    public static RealPostgres startPrivate() throws IOException {
        Path bin = binDir();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("promotiond-pg-");
        RealPostgres pg = new RealPostgres(bin, dir, LocalProcesses.freePort(), root);
        pg.initdb();
        pg.start();
        return pg;
    }

    private RealPostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    public int port() {
        return port;
    }

    /** A new empty database owned by {@link #USER}, as the daemon connects to it. */
    public Database newDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " OWNER " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return database(name);
    }

    public Database database(String name) {
        return Database.postgres("postgres://" + USER + "@127.0.0.1:" + port + "/" + name, "127.0.0.1", port, name,
                USER, PASSWORD, "disable", null);
    }

    /** The store's URL as a config file names it (the password comes from the environment or a file). */
    public static String url(Database db) {
        return db.name();
    }

    /** A connection to the maintenance database, for tests that look behind the store. */
    public Connection admin() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
    }

    private void initdb() throws IOException {
        Path data = dir.resolve("data");
        Path pw = dir.resolve("pw");
        Files.writeString(pw, PASSWORD + "\n");
        if (asPostgresUser) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pw,
                "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"), true);
    }

    /** Starts the server (again) on the same port and data, waiting until it accepts connections. */
    public synchronized void start() throws IOException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("postgres.log").toString(), "-w", "-t", String.valueOf(READY_TIMEOUT.toSeconds()),
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start"), true);
    }

    /** Stops the server at once (clients are disconnected; nothing they committed is lost). */
    public synchronized void stop() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w",
                    "stop"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                    "-w", "stop"), true);
        } catch (IOException | RuntimeException ignored) {
            // already stopped
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory
        }
    }

    private void run(List<String> command, boolean asServerUser) throws IOException {
        List<String> full = new ArrayList<>();
        if (asServerUser && asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path log = dir.resolve("commands.log");
        Process p = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(READY_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ":\n"
                    + LocalProcesses.logTail(log) + "\n" + LocalProcesses.logTail(dir.resolve("postgres.log")));
        }
    }

    /** PostgreSQL's server programs: Debian keeps them in /usr/lib/postgresql/VERSION/bin, off PATH. */
    private static Path binDir() {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                var found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString()
                                .replaceAll("\\D", "0"))));
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (IOException ignored) {
                // fall through to PATH
            }
        }
        return LocalProcesses.binary("postgresql", "initdb").getParent();
    }
}

package dev.promotiond.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * Reads {@code store: postgres://USER@HOST:PORT/DB} and the optional top-level {@code postgres:}
 * mapping (password, TLS, lease). Each replica holds three connections: the store's reads and
 * writes, the lease and heartbeats, and the published decisions. The password never appears in the URL: it comes from
 * {@code password_file} or an environment variable, so the config file can be shared.
 */
final class PostgresReader {
    static final List<String> KEYS = List.of("password_file", "password_env", "sslmode", "sslrootcert", "lease");
    private static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca",
            "verify-full");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final Duration MIN_LEASE = Duration.ofSeconds(3);
    static final Duration MAX_LEASE = Duration.ofMinutes(5);

    private PostgresReader() {
    }

    /** Null for an SQLite store; a problem at {@code postgres} when that mapping is given without a URL. */
    static PostgresConfig read(Fields top, String storeText, Path folder, Problems problems) {
        MappingNode node = top.mapping("postgres");
        if (storeText == null || !PostgresConfig.isUrl(storeText)) {
            if (node != null) {
                problems.at(top.where("postgres"), "postgres", "only used with a PostgreSQL store"
                        + " (store: postgres://USER@HOST:PORT/DB); this config's store is an SQLite file");
            }
            return null;
        }
        PostgresConfig base;
        try {
            base = parseUrl(storeText);
        } catch (IllegalArgumentException e) {
            problems.at(top.where("store"), "store", e.getMessage());
            return null;
        }
        if (node == null) {
            return base.withDefaults();
        }
        Fields f = new Fields(node, top.path("postgres"), KEYS, problems);
        Path passwordFile = f.scalar("password_file", null, text -> readableFile(folder, text));
        String passwordEnv = f.scalar("password_env", PostgresConfig.DEFAULT_PASSWORD_ENV, text -> {
            if (!NAME.matcher(text).matches()) {
                throw new IllegalArgumentException("\"" + text + "\" is not an environment variable name");
            }
            return text;
        });
        String sslMode = f.scalar("sslmode", PostgresConfig.DEFAULT_SSL_MODE, text -> {
            if (!SSL_MODES.contains(text)) {
                throw new IllegalArgumentException("\"" + text + "\" is not one of " + String.join(", ", SSL_MODES));
            }
            return text;
        });
        Path rootCert = f.scalar("sslrootcert", null, text -> readableFile(folder, text));
        Duration lease = f.scalar("lease", PostgresConfig.DEFAULT_LEASE,
                text -> Values.durationBetween(text, MIN_LEASE, MAX_LEASE));
        return new PostgresConfig(base.url(), base.host(), base.port(), base.database(), base.user(), passwordFile,
                passwordEnv, sslMode, rootCert, lease);
    }

    /** USER, HOST, PORT (default 5432) and DB of a {@code postgres://} URL; rejects a password in it. */
    static PostgresConfig parseUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL: " + e.getMessage());
        }
        String info = uri.getRawUserInfo();
        if (info == null || info.isEmpty()) {
            throw new IllegalArgumentException("name the user: postgres://USER@HOST:PORT/DB");
        }
        if (info.contains(":")) {
            throw new IllegalArgumentException("the URL must not hold a password: put it in postgres.password_file"
                    + " or the environment variable postgres.password_env names (PGPASSWORD by default)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("name the host: postgres://USER@HOST:PORT/DB");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw new IllegalArgumentException("name the database: postgres://USER@HOST:PORT/DB");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("no query or fragment: TLS and pool settings go in the postgres: mapping");
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String host = uri.getHost();
        String shown = "postgres://" + uri.getUserInfo() + "@" + host + ":" + port + path;
        return new PostgresConfig(shown, host, port, path.substring(1), uri.getUserInfo(), null, null, null, null, null);
    }

    private static Path readableFile(Path folder, String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        Path p = folder.resolve(text).normalize();
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException("cannot read " + p);
        }
        return p;
    }
}

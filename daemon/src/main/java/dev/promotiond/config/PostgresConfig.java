package dev.promotiond.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A PostgreSQL store shared by replicas ({@code store: postgres://USER@HOST:PORT/DB}).
 *
 * @param url          the store as written, without a password (for logs and messages)
 * @param passwordFile a file whose first line is the password, or null
 * @param passwordEnv  the environment variable that holds the password when there is no file
 * @param sslMode      libpq's sslmode: disable, allow, prefer, require, verify-ca or verify-full
 * @param sslRootCert  the CA certificate for verify-ca and verify-full, or null for the JVM's
 * @param lease        how long a leader's lease lasts unrenewed: after a leader dies, another leads
 *                     within this plus one renewal interval
 */
public record PostgresConfig(String url, String host, int port, String database, String user, Path passwordFile,
                             String passwordEnv, String sslMode, Path sslRootCert, Duration lease) {
    public static final String DEFAULT_PASSWORD_ENV = "PGPASSWORD";
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);
    public static final String DEFAULT_SSL_MODE = "prefer";

    /** A store reached with every default (tests and {@code store migrate}). */
    public static PostgresConfig of(String url) {
        return PostgresReader.parseUrl(url).withDefaults();
    }

    PostgresConfig withDefaults() {
        return new PostgresConfig(url, host, port, database, user, null, DEFAULT_PASSWORD_ENV, DEFAULT_SSL_MODE, null,
                DEFAULT_LEASE);
    }

    /** Whether {@code text} names a PostgreSQL store rather than an SQLite file. */
    public static boolean isUrl(String text) {
        return text.startsWith("postgres://") || text.startsWith("postgresql://");
    }
}

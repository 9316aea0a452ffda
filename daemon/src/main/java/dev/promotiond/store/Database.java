package dev.promotiond.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where a store lives and how to connect to it: an SQLite file (one process) or a PostgreSQL
 * database (shared by replicas).
 *
 * @param name  the store as messages name it: the file, or the URL without a password
 * @param file  the SQLite file, or null
 */
public record Database(Dialect dialect, String jdbcUrl, Properties properties, String name, Path file) {

    public enum Dialect {
        SQLITE("classpath:db/migration/sqlite",
                "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"),
        POSTGRES("classpath:db/migration/postgresql",
                "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)");

        private final String migrations;
        private final String nowMillis;

        Dialect(String migrations, String nowMillis) {
            this.migrations = migrations;
            this.nowMillis = nowMillis;
        }

        /** Where the Flyway scripts of this database live. */
        String migrations() {
            return migrations;
        }

        /**
         * An SQL expression for the database's clock in epoch milliseconds. Leases are timed by it,
         * so replicas' clocks need not agree.
         */
        String nowMillis() {
            return nowMillis;
        }
    }

    public static Database sqlite(Path file) {
        Path abs = file.toAbsolutePath();
        return new Database(Dialect.SQLITE, "jdbc:sqlite:" + abs, new Properties(), file.toString(), abs);
    }

    /**
     * @param sslRootCert the CA file for verify-ca or verify-full, or null for the JVM's trust store
     */
    public static Database postgres(String name, String host, int port, String database, String user, String password,
                                    String sslMode, Path sslRootCert) {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("sslmode", sslMode);
        if (sslRootCert != null) {
            p.setProperty("sslrootcert", sslRootCert.toString());
        } else if (sslMode.startsWith("verify")) {
            p.setProperty("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
        }
        p.setProperty("ApplicationName", "promotiond");
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "30");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("reWriteBatchedInserts", "true");
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        return new Database(Dialect.POSTGRES, "jdbc:postgresql://" + hostPart + ":" + port + "/" + database, p, name, null);
    }

    public boolean isPostgres() {
        return dialect == Dialect.POSTGRES;
    }

    /** A new connection, in auto-commit mode. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    @Override
    public String toString() {
        return name;
    }
}

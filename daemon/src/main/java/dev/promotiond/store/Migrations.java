package dev.promotiond.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a store's schema to {@link Store#SCHEMA_VERSION} with Flyway's versioned scripts
 * ({@code db/migration/sqlite}, {@code db/migration/postgresql}), after refusing a store that a
 * newer promotiond migrated further. SQLite files of versions 1 to 4 predate Flyway: they carry
 * their version in {@code PRAGMA user_version} and are baselined at it, so only the later scripts
 * run on them. After migrating, an SQLite file's {@code user_version} is set too, so that a
 * promotiond older than Flyway refuses the file instead of misreading it.
 */
final class Migrations {
    private Migrations() {
    }

    /** What a migration did: the versions before and after, and the minute buckets converted into runs. */
    record Result(String from, String to, int applied, long buckets, long runs) {
        /** For the log; null when nothing changed. */
        String describe() {
            if (applied == 0) {
                return null;
            }
            String schema = "schema " + (from == null ? "none" : from) + " → " + to;
            return buckets == 0 ? "migrated " + schema + " (" + applied + " scripts)"
                    : "converted " + buckets + " minute buckets into " + runs + " probe runs (" + schema + ")";
        }
    }

    static Result migrate(Database database) throws SQLException, IOException {
        int legacy = 0;
        if (database.dialect() == Database.Dialect.SQLITE) {
            Path parent = database.file().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            legacy = sqliteUserVersion(database);
        }
        V4_1__Minute_buckets_to_runs buckets = new V4_1__Minute_buckets_to_runs(database.file());
        var configuration = Flyway.configure()
                .dataSource(database.jdbcUrl(), database.properties().getProperty("user"),
                        database.properties().getProperty("password"))
                .locations(database.dialect().migrations())
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .connectRetries(0);
        if (database.dialect() == Database.Dialect.POSTGRES) {
            configuration.jdbcProperties(asMap(database));
        } else {
            configuration.javaMigrations(buckets);
        }
        if (legacy > 0) {
            configuration.baselineOnMigrate(true).baselineVersion(String.valueOf(legacy))
                    .baselineDescription("schema " + legacy + " (before Flyway)");
        }
        Flyway flyway = configuration.load();
        try {
            MigrationInfo current = flyway.info().current();
            if (current != null && current.getVersion() != null
                    && current.getVersion().getMajor().intValue() > Store.SCHEMA_VERSION) {
                throw new StoreException("store " + database + " has schema version " + current.getVersion()
                        + ", newer than this promotiond understands (" + Store.SCHEMA_VERSION + ")", null);
            }
            MigrateResult result = flyway.migrate();
            if (database.dialect() == Database.Dialect.SQLITE) {
                try (Connection c = database.connect(); Statement s = c.createStatement()) {
                    s.execute("PRAGMA user_version = " + Store.SCHEMA_VERSION);
                }
            }
            String from = result.initialSchemaVersion != null ? result.initialSchemaVersion
                    : legacy > 0 ? String.valueOf(legacy) : null;
            return new Result(from, result.targetSchemaVersion == null ? from : result.targetSchemaVersion,
                    result.migrationsExecuted, buckets.buckets(), buckets.runs());
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate store " + database + ": " + e.getMessage(), e);
        }
    }

    /** The version an SQLite file was left at by a promotiond before Flyway (0 for a new file or a Flyway one). */
    private static int sqliteUserVersion(Database database) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > Store.SCHEMA_VERSION) {
                throw new StoreException("store " + database + " has schema version " + version
                        + ", newer than this promotiond understands (" + Store.SCHEMA_VERSION + ")", null);
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'flyway_schema_history'")) {
                return rs.next() ? 0 : version;
            }
        }
    }

    private static java.util.Map<String, String> asMap(Database database) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        database.properties().stringPropertyNames().forEach(k -> out.put(k, database.properties().getProperty(k)));
        out.remove("user");
        out.remove("password");
        return out;
    }
}

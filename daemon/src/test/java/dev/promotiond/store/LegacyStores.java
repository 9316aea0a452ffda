package dev.promotiond.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SQLite files as a promotiond before Flyway left them: the tables of schema versions 1 to
 * {@code version} (the same scripts Flyway runs now, which are that history), stamped with
 * {@code PRAGMA user_version} and without Flyway's history table.
 */
public final class LegacyStores {
    private LegacyStores() {
    }

    /** Creates schema 1 to {@code version} (1 to 3) on an open connection to an empty SQLite file. */
    public static void create(Connection c, int version) throws SQLException, IOException {
        String[] scripts = {"V1__probes_soaks_history.sql", "V2__actions.sql", "V3__evidence.sql"};
        try (Statement s = c.createStatement()) {
            for (int v = 1; v <= version; v++) {
                try (InputStream in = LegacyStores.class.getResourceAsStream("/db/migration/sqlite/" + scripts[v - 1])) {
                    String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
                    for (String statement : sql.split(";")) {
                        if (!statement.isBlank()) {
                            s.execute(statement);
                        }
                    }
                }
            }
            s.execute("PRAGMA user_version = " + version);
        }
    }
}

package dev.promotiond.app;

import dev.promotiond.config.DaemonConfig;
import dev.promotiond.config.PostgresConfig;
import dev.promotiond.store.Database;
import dev.promotiond.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

/** The store a configuration names, as the store package connects to it: the password is read here. */
final class StoreTarget {
    private StoreTarget() {
    }

    static Database database(DaemonConfig config) {
        PostgresConfig pg = config.postgres();
        if (pg == null) {
            return Database.sqlite(config.store());
        }
        return database(pg, System.getenv());
    }

    /**
     * @param env the environment the password variable is read from
     */
    static Database database(PostgresConfig pg, java.util.Map<String, String> env) {
        return Database.postgres(pg.url(), pg.host(), pg.port(), pg.database(), pg.user(), password(pg, env), pg.sslMode(),
                pg.sslRootCert());
    }

    /** The first line of {@code password_file}, else the variable {@code password_env} names; null when neither. */
    static String password(PostgresConfig pg, java.util.Map<String, String> env) {
        if (pg.passwordFile() != null) {
            try {
                String text = Files.readString(pg.passwordFile(), StandardCharsets.UTF_8);
                int eol = text.indexOf('\n');
                return (eol < 0 ? text : text.substring(0, eol)).stripTrailing();
            } catch (IOException e) {
                throw new StoreException("cannot read the password of store " + pg.url() + " from postgres.password_file "
                        + pg.passwordFile() + ": " + e.getMessage(), e);
            }
        }
        return env.get(pg.passwordEnv());
    }

    /** How long the leader's lease lasts: the configured one for PostgreSQL, the default for an SQLite file. */
    static Duration lease(DaemonConfig config) {
        return config.postgres() == null ? PostgresConfig.DEFAULT_LEASE : config.postgres().lease();
    }
}

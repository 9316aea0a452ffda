package dev.promotiond.testing;

import dev.promotiond.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The two stores, for suites that run against both where the store matters
 * ({@code @ParameterizedTest @EnumSource(StoreKind.class)}): an SQLite file in the test's
 * directory, or a new database on the JVM's real PostgreSQL server.
 */
public enum StoreKind {
    SQLITE, POSTGRES;

    /** A new, empty store of this kind; open it with {@code Store.open(db)} as often as the test needs. */
    public Database fresh(Path dir) {
        if (this == SQLITE) {
            return Database.sqlite(dir.resolve("store-" + System.nanoTime() + ".db"));
        }
        try {
            return RealPostgres.shared().newDatabase();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

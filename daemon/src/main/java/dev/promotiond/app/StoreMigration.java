package dev.promotiond.app;

import dev.promotiond.config.PostgresConfig;
import dev.promotiond.store.Database;
import dev.promotiond.store.StoreCopy;
import dev.promotiond.store.StoreException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code store migrate}: copies an SQLite store into an empty target (PostgreSQL or another SQLite
 * file) and reports, per table, the rows and the checksum read back from both sides.
 */
public final class StoreMigration {
    private final Database target;

    private StoreMigration(Database target) {
        this.target = target;
    }

    /** Into an SQLite file. */
    public static StoreMigration toFile(Path file) {
        return new StoreMigration(Database.sqlite(file));
    }

    /** Into the PostgreSQL database {@code pg} names; {@code password} may be null (the server may not ask). */
    public static StoreMigration toPostgres(PostgresConfig pg, String password) {
        return new StoreMigration(Database.postgres(pg.url(), pg.host(), pg.port(), pg.database(), pg.user(), password,
                pg.sslMode(), pg.sslRootCert()));
    }

    /** A store error, a target that holds data, or tables that differ after the copy (then nothing was committed). */
    public static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message);
        }
    }

    /**
     * Copies {@code from} into the target, giving {@code out} the progress lines, then one line per
     * table and a total line once committed.
     *
     * @throws Failed with the message to show; table lines were given first when the checksums differed
     */
    public void copy(Path from, Consumer<String> out) throws Failed {
        StoreCopy.Result result;
        try {
            result = new StoreCopy().copy(from, target, out);
        } catch (StoreException | StoreCopy.TargetNotEmpty e) {
            throw new Failed(e.getMessage());
        }
        for (StoreCopy.TableResult t : result.tables()) {
            out.accept(String.format("%-14s %10d  %s  %s", t.table(), t.sourceRows(), t.sourceSum().substring(0, 16),
                    t.matches() ? "ok" : "MISMATCH: the target read back " + t.targetRows() + " rows, "
                            + t.targetSum().substring(0, 16)));
        }
        List<String> bad = result.tables().stream().filter(t -> !t.matches()).map(StoreCopy.TableResult::table).toList();
        if (!result.committed()) {
            throw new Failed("tables " + String.join(", ", bad) + " differ after copying to " + target
                    + "; rolled back, the target is unchanged");
        }
        out.accept(String.format("%-14s %10d  rows in %d tables copied to %s, counts and checksums equal", "total",
                result.rows(), result.tables().size(), target));
    }

    @Override
    public String toString() {
        return target.toString();
    }
}

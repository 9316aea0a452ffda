package dev.promotiond.store;

import java.nio.file.Path;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * SQLite schema 4.1: the minute buckets of versions 1 to 3 become runs ({@link RunMigration}).
 * Flyway names the version after this class; one instance per opening, so the counts it keeps are
 * that opening's.
 */
final class V4_1__Minute_buckets_to_runs extends BaseJavaMigration {
    private final Path file;
    private long buckets;
    private long runs;

    V4_1__Minute_buckets_to_runs(Path file) {
        this.file = file;
    }

    @Override
    public void migrate(Context context) throws Exception {
        long[] counts = RunMigration.fromMinuteBuckets(context.getConnection(), file);
        buckets = counts[0];
        runs = counts[1];
    }

    long buckets() {
        return buckets;
    }

    long runs() {
        return runs;
    }
}

package dev.promotiond.store;

import dev.promotiond.facts.Stage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Schema version 4: turns the minute buckets of versions 1 to 3 ({@code probe_buckets}: UP and DOWN
 * counts per component-minute) into runs, then drops the buckets. Nothing is lost: every bucket's
 * counts land in runs whose probes lie inside that minute, so any window that starts on a minute
 * boundary (all of the ledger's do) counts exactly what the buckets held. Stage and version come
 * from the soak that was running in each minute. Runs in the caller's transaction.
 */
final class RunMigration {
    private RunMigration() {
    }

    /** Converts and drops {@code probe_buckets} when it exists; returns {buckets read, runs written}. */
    static long[] fromMinuteBuckets(Connection c, Path file) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'probe_buckets'")) {
            if (!rs.next()) {
                return new long[2];
            }
        }
        Map<String, List<Label>> soaks = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT component, stage, version, started_at FROM soaks ORDER BY started_at")) {
            while (rs.next()) {
                soaks.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Label(rs.getLong(4),
                        Stage.parse(rs.getString(2)).orElse(Stage.DEVELOPMENT), rs.getString(3)));
            }
        }
        long buckets = 0;
        long[] runs = {0};
        try (PreparedStatement insert = c.prepareStatement(Store.RUN_UPSERT);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT component, minute, up, down FROM probe_buckets ORDER BY component, minute")) {
            Consumer<RunRow> sink = run -> {
                try {
                    Store.bindRun(insert, run);
                    insert.addBatch();
                    if (++runs[0] % 10_000 == 0) {
                        insert.executeBatch();
                    }
                } catch (SQLException e) {
                    throw new StoreException("cannot migrate store " + file + " to runs: " + e.getMessage(), e);
                }
            };
            Runs current = null;
            List<Label> componentSoaks = List.of();
            int nextSoak = 0;
            while (rs.next()) {
                String component = rs.getString(1);
                long minute = rs.getLong(2);
                if (current == null || !current.component.equals(component)) {
                    if (current != null) {
                        current.finish();
                    }
                    componentSoaks = soaks.getOrDefault(component, List.of());
                    nextSoak = 0;
                    Label first = componentSoaks.isEmpty() ? null : componentSoaks.get(0);
                    current = new Runs(component, first == null ? Stage.DEVELOPMENT : first.stage(),
                            first == null ? null : first.version(), sink);
                }
                while (nextSoak < componentSoaks.size()
                        && componentSoaks.get(nextSoak).startedMillis() < (minute + 1) * 60_000) {
                    Label soak = componentSoaks.get(nextSoak++);
                    current.label(soak.stage(), soak.version());
                }
                current.minute(minute, rs.getInt(3), rs.getInt(4));
                buckets++;
            }
            if (current != null) {
                current.finish();
            }
            insert.executeBatch();
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE probe_buckets");
        }
        return new long[] {buckets, runs[0]};
    }

    /** The stage and version of a soak that started at {@code startedMillis}: its minutes' runs carry them. */
    private record Label(long startedMillis, Stage stage, String version) {
    }

    /**
     * Builds one component's runs from its minutes, in ascending order. A minute of {@code t} probes
     * places them at {@code t} even slots across the minute, the outcome that continues the open run
     * first; a run carries on into the next minute while the outcome and the count per minute stay the
     * same, so the spacing inside every run is even.
     */
    static final class Runs {
        private final String component;
        private final Consumer<RunRow> sink;
        private Stage stage;
        private String version;
        private RunRow open;
        private boolean openEndsMinute; // the open run's last probe is the last slot of its minute
        private int openPerMinute;
        private long openLastMinute;

        Runs(String component, Stage stage, String version, Consumer<RunRow> sink) {
            this.component = component;
            this.stage = stage;
            this.version = version;
            this.sink = sink;
        }

        /** The stage and version of the minutes that follow; a change ends the open run. */
        void label(Stage newStage, String newVersion) {
            if (newStage != stage || !java.util.Objects.equals(newVersion, version)) {
                close();
                stage = newStage;
                version = newVersion;
            }
        }

        void minute(long minute, int up, int down) {
            int total = up + down;
            if (total <= 0) {
                return;
            }
            boolean downFirst = open != null && !open.up() && down > 0;
            int offset = 0;
            for (int part = 0; part < 2; part++) {
                boolean isUp = downFirst == (part == 1);
                int k = isUp ? up : down;
                if (k == 0) {
                    continue;
                }
                long base = minute * 60_000L;
                if (offset == 0 && open != null && openEndsMinute && open.up() == isUp && openPerMinute == total
                        && openLastMinute == minute - 1) {
                    // the same spacing carries on across the minute boundary
                    open = new RunRow(component, stage, version, isUp, open.fromMillis(), base + slot(k - 1, total),
                            open.probes() + k);
                } else {
                    close();
                    open = new RunRow(component, stage, version, isUp, base + slot(offset, total),
                            base + slot(offset + k - 1, total), k);
                    openPerMinute = total;
                }
                openEndsMinute = offset + k == total;
                openLastMinute = minute;
                offset += k;
            }
        }

        void finish() {
            close();
        }

        private void close() {
            if (open != null) {
                sink.accept(open);
                open = null;
            }
        }

        private static long slot(int i, int perMinute) {
            return Math.round(i * 60_000.0 / perMinute);
        }
    }
}

package dev.promotiond.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Real SQLite failures on a live store's own connection, for tests that cannot mount a small
 * filesystem: {@code max_page_count} makes the file full (SQLITE_FULL once no page is left),
 * {@code query_only} makes it refuse writes (SQLITE_READONLY). Both are per-connection settings.
 */
public final class StoreFaults {
    private StoreFaults() {
    }

    /** Lets the file grow by at most {@code pages} more pages; returns the page count now. */
    public static long allowPages(Store store, long pages) {
        synchronized (store) {
            try (Statement st = store.connection().createStatement()) {
                long now;
                try (ResultSet rs = st.executeQuery("PRAGMA page_count")) {
                    now = rs.next() ? rs.getLong(1) : 0;
                }
                st.execute("PRAGMA max_page_count = " + (now + pages));
                return now;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Makes every later write on the store's connection fail as on a read-only file. */
    public static void readOnly(Store store, boolean on) {
        synchronized (store) {
            try (Statement st = store.connection().createStatement()) {
                st.execute("PRAGMA query_only = " + (on ? 1 : 0));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

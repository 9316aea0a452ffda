package dev.promotiond.evidence;

import dev.promotiond.store.Database;
import dev.promotiond.testing.StoreKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.clock.ManualClock;
import dev.promotiond.facts.Evidence;
import dev.promotiond.store.EvidenceStore;
import dev.promotiond.store.Store;
import dev.promotiond.testing.PassingEvidence;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evidence is kept per (component, version, kind), survives restarts and is bounded per version. */
class EvidenceBookTest {
    static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(T0);

    void push(EvidenceBook book, String version, String kind) throws EvidenceException {
        EvidenceBook.Upload file = switch (kind) {
            case "unit" -> PassingEvidence.file("junit.xml", PassingEvidence.JUNIT);
            case "lint" -> PassingEvidence.file("ruff.json", PassingEvidence.RUFF);
            default -> throw new IllegalArgumentException(kind);
        };
        book.accept("svc", version, null, kind, List.of(file));
        clock.advance(Duration.ofMinutes(1));
    }

    static List<String> versions(List<Evidence> evidence, String kind) {
        return evidence.stream().filter(e -> e.kind().equals(kind)).map(Evidence::version).sorted().toList();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void evidenceOfEveryVersionSurvivesARestart(StoreKind kind) throws Exception {
        Database db = kind.fresh(dir);
        try (Store store = Store.open(db)) {
            EvidenceBook book = new EvidenceBook(new EvidenceStore(store), clock);
            push(book, "1.0.0", "unit");
            push(book, "1.1.0", "unit");
            push(book, "1.0.0", "lint");
            assertThat(versions(book.current(), "unit")).containsExactly("1.0.0", "1.1.0");
        }
        try (Store store = Store.open(db)) {
            EvidenceBook book = new EvidenceBook(new EvidenceStore(store), clock);
            book.load();
            assertThat(versions(book.current(), "unit")).containsExactly("1.0.0", "1.1.0");
            assertThat(versions(book.current(), "lint")).containsExactly("1.0.0");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void notesNamingWhatWasCountedSurviveARestart(StoreKind kind) throws Exception {
        Database db = kind.fresh(dir);
        String blockers = "[{\"id\": \"OPS-12\", \"title\": \"Freeze = until audit\"}, {\"id\": 7, \"title\": \"Bug\"}]";
        try (Store store = Store.open(db)) {
            EvidenceBook book = new EvidenceBook(new EvidenceStore(store), clock);
            Evidence e = book.accept("svc", "1.0.0", null, "blockers",
                    List.of(PassingEvidence.file("blockers.json", blockers))).evidence();
            assertThat(e.notes()).containsExactly("OPS-12 Freeze = until audit", "7 Bug");
        }
        try (Store store = Store.open(db)) {
            EvidenceBook book = new EvidenceBook(new EvidenceStore(store), clock);
            book.load();
            Evidence e = book.current().get(0);
            assertThat(e.values()).containsExactly(java.util.Map.entry("blockers", 2.0));
            assertThat(e.notes()).containsExactly("OPS-12 Freeze = until audit", "7 Bug");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void onlyTheLastVersionsPushedAreKeptPerComponentAndKind(StoreKind kind) throws Exception {
        Database db = kind.fresh(dir);
        try (Store store = Store.open(db)) {
            EvidenceStore evidence = new EvidenceStore(store);
            EvidenceBook book = new EvidenceBook(evidence, clock, 3);
            push(book, "1.0.0", "lint");
            for (String v : List.of("1", "2", "3", "4", "5")) {
                push(book, v, "unit");
            }
            push(book, "2", "unit"); // pushed again: 2 is now the most recent version, not the oldest
            assertThat(versions(book.current(), "unit")).containsExactly("2", "4", "5");
            assertThat(versions(book.current(), "lint")).as("another kind keeps its own versions")
                    .containsExactly("1.0.0");

            // uploads younger than the retention stay unless their version is beyond the last 3
            assertThat(evidence.prune(T0, 3)).isEqualTo(2);
            assertThat(evidence.all()).extracting(e -> e.kind() + " " + e.version())
                    .containsExactly("lint 1.0.0", "unit 2", "unit 4", "unit 5", "unit 2");
            // past the retention, a version keeps only its newest upload
            assertThat(evidence.prune(clock.instant(), 3)).isEqualTo(1);
            assertThat(evidence.all()).extracting(e -> e.kind() + " " + e.version())
                    .containsExactly("lint 1.0.0", "unit 4", "unit 5", "unit 2");

            EvidenceBook reloaded = new EvidenceBook(evidence, clock, 3);
            reloaded.load();
            assertThat(versions(reloaded.current(), "unit")).containsExactly("2", "4", "5");
        }
    }

    @Test
    void storeWrittenBeforeTheUpgradeLoadsEveryVersionItHeld() throws Exception {
        Path file = dir.resolve("old.db");
        // a store as schema version 3 left it, with rows an earlier promotiond wrote:
        // the newest unit evidence is for a version that does not run yet
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            dev.promotiond.store.LegacyStores.create(c, 3);
            s.execute("INSERT INTO evidence (component, version, commit_id, kind, tool, received_at, sha256, vals, files)"
                    + " VALUES ('svc', '1.0.0', 'abc1234def', 'unit', 'pytest', 1000, 'aa', 'tests=3.0\nfailures=0.0\n',"
                    + " 'junit.xml junit aa'), ('svc', '1.1.0', NULL, 'unit', 'pytest', 2000, 'bb',"
                    + " 'tests=2.0\nfailures=1.0\n', 'junit.xml junit bb')");
        }
        try (Store store = Store.open(file)) {
            EvidenceBook book = new EvidenceBook(new EvidenceStore(store), clock);
            book.load();
            assertThat(book.current()).extracting(e -> e.version() + " " + e.commit() + " " + e.value("failures"))
                    .containsExactlyInAnyOrder("1.0.0 abc1234def 0.0", "1.1.0 null 1.0");
        }
    }
}

package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.facts.Stage;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.Database;
import dev.promotiond.store.EvidenceStore;
import dev.promotiond.store.HistoryEvent;
import dev.promotiond.store.Store;
import dev.promotiond.testing.RealPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code promotiond store migrate}: what the user sees, and its exit codes. */
class StoreMigrateCommandTest {
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run migrate(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "store";
        all[1] = "migrate";
        System.arraycopy(args, 0, all, 2, args.length);
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path sourceWithAHoldAndAHistory() {
        Path file = dir.resolve("promotiond.db");
        try (Store store = Store.open(file)) {
            new ActionStore(store).hold("api", "1.0", T0, "rolled back");
            new EvidenceStore(store).recordDeployment(new HistoryEvent("api", T0, "deployment", Stage.STAGING, "1.0"));
        }
        return file;
    }

    private Path passwordFile(String password) throws Exception {
        return Files.writeString(dir.resolve("pgpass-" + password.length()), password + "\n");
    }

    @Test
    void copiesIntoPostgresAndPrintsRowsAndChecksumPerTable() throws Exception {
        Path file = sourceWithAHoldAndAHistory();
        Database pg = RealPostgres.shared().newDatabase();

        Run run = migrate("--from", file.toString(), "--to", RealPostgres.url(pg), "--password-file",
                passwordFile(RealPostgres.PASSWORD).toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("(?m)^target postgres://promotiond@127\\.0\\.0\\.1:\\d+/\\w+: migrated schema")
                .containsPattern("(?m)^holds +1  [0-9a-f]{16}  ok$")
                .containsPattern("(?m)^history +1  [0-9a-f]{16}  ok$")
                .containsPattern("(?m)^probe_runs +0  [0-9a-f]{16}  ok$")
                .containsPattern("(?m)^total +2  rows in 13 tables copied to " + RealPostgres.url(pg));
        try (Store store = Store.open(pg)) {
            assertThat(new ActionStore(store).holds()).hasSize(1);
        }

        Run again = migrate("--from", file.toString(), "--to", RealPostgres.url(pg), "--password-file",
                passwordFile(RealPostgres.PASSWORD).toString());

        assertThat(again.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(again.err()).contains("is not empty: table history holds rows");
    }

    @Test
    void aMissingSourceFileIsAnErrorAndCreatesNothing() {
        Path missing = dir.resolve("nope.db");

        Run run = migrate("--from", missing.toString(), "--to", dir.resolve("copy.db").toString());

        assertThat(run.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("no store file " + missing);
        assertThat(missing).doesNotExist();
        assertThat(dir.resolve("copy.db")).doesNotExist();
    }

    @Test
    void aWrongPasswordIsAnErrorNamingTheUrlButNotThePassword() throws Exception {
        Path file = sourceWithAHoldAndAHistory();
        Database pg = RealPostgres.shared().newDatabase();

        Run run = migrate("--from", file.toString(), "--to", RealPostgres.url(pg), "--password-file",
                passwordFile("not-the-password").toString());

        assertThat(run.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("cannot connect to " + RealPostgres.url(pg) + ": ")
                .contains("password authentication failed").doesNotContain("not-the-password")
                .doesNotContain("internal error");
    }

    @Test
    void aPasswordInTheUrlIsRefused() {
        Run run = migrate("--from", sourceWithAHoldAndAHistory().toString(), "--to",
                "postgres://promotiond:secret@127.0.0.1:5432/db");

        assertThat(run.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("--to: the URL must not hold a password");
    }

    @Test
    void copiesIntoAnotherSqliteFile() {
        Path file = sourceWithAHoldAndAHistory();
        Path copy = dir.resolve("copy.db");

        Run run = migrate("--from", file.toString(), "--to", copy.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("(?m)^total +2  rows in 13 tables copied to " + copy);
    }
}

package dev.promotiond.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code store: postgres://...} and the {@code postgres:} mapping: what is accepted, and what is refused where. */
class PostgresConfigTest {
    static final String COMPONENTS = "components:\n  - name: api\n    stage: Staging\n";

    @TempDir
    Path dir;

    @Test
    void aPostgresUrlWithItsSettings() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "secret\n");
        DaemonConfig c = ConfigLoader.parse("store: postgres://promotiond@db.internal/promotiond\n"
                + "postgres: {password_file: pw, sslmode: verify-full, lease: 20s}\n" + COMPONENTS, dir.resolve("p.yaml"));
        assertThat(c.store()).isNull();
        PostgresConfig pg = c.postgres();
        assertThat(pg.url()).isEqualTo("postgres://promotiond@db.internal:5432/promotiond");
        assertThat(pg.host()).isEqualTo("db.internal");
        assertThat(pg.port()).isEqualTo(5432);
        assertThat(pg.database()).isEqualTo("promotiond");
        assertThat(pg.user()).isEqualTo("promotiond");
        assertThat(pg.passwordFile()).isEqualTo(pw);
        assertThat(pg.sslMode()).isEqualTo("verify-full");
        assertThat(pg.lease()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.storeName()).isEqualTo(pg.url());
    }

    @Test
    void defaultsWithoutThePostgresMapping() throws Exception {
        DaemonConfig c = ConfigLoader.parse("store: postgresql://u@127.0.0.1:6543/d\n" + COMPONENTS, dir.resolve("p.yaml"));
        assertThat(c.postgres().port()).isEqualTo(6543);
        assertThat(c.postgres().passwordEnv()).isEqualTo("PGPASSWORD");
        assertThat(c.postgres().sslMode()).isEqualTo("prefer");
        assertThat(c.postgres().lease()).isEqualTo(PostgresConfig.DEFAULT_LEASE);
    }

    @Test
    void anSqliteStoreIsAPathAsBefore() throws Exception {
        DaemonConfig c = ConfigLoader.parse("store: data/s.db\n" + COMPONENTS, dir.resolve("p.yaml"));
        assertThat(c.postgres()).isNull();
        assertThat(c.store()).isEqualTo(dir.resolve("data/s.db"));
    }

    @Test
    void badSettingsAreRefusedAtTheirLine() {
        assertThat(ConfigProblemsTest.problems("store: postgres://u:hunter2@db/d\n" + COMPONENTS)).singleElement()
                .asString().startsWith("promotiond.yaml:1:8: store: the URL must not hold a password")
                .doesNotContain("hunter2");
        assertThat(ConfigProblemsTest.problems("store: postgres://db/d\n" + COMPONENTS)).singleElement().asString()
                .contains("store: name the user");
        assertThat(ConfigProblemsTest.problems("store: postgres://u@db\n" + COMPONENTS)).singleElement().asString()
                .contains("store: name the database");
        assertThat(ConfigProblemsTest.problems("store: postgres://u@db/d?sslmode=require\n" + COMPONENTS))
                .singleElement().asString().contains("TLS and pool settings go in the postgres: mapping");
        assertThat(ConfigProblemsTest.problems("store: postgres://u@db/d\npostgres:\n  sslmode: sure\n  lease: 1s\n"
                + "  colour: red\n" + COMPONENTS)).containsExactlyInAnyOrder(
                "promotiond.yaml:3:12: postgres.sslmode: \"sure\" is not one of disable, allow, prefer, require, verify-ca,"
                        + " verify-full",
                "promotiond.yaml:4:10: postgres.lease: must be at least 3s, got 1s",
                "promotiond.yaml:5:3: postgres.colour: unknown key \"colour\" (allowed: password_file, password_env,"
                        + " sslmode, sslrootcert, lease)");
        assertThat(ConfigProblemsTest.problems("store: ./s.db\npostgres: {sslmode: require}\n" + COMPONENTS))
                .singleElement().asString().contains("postgres: only used with a PostgreSQL store");
        assertThat(ConfigProblemsTest.problems("store: postgres://u@db/d\npostgres: {password_file: /nonexistent/pw}\n"
                + COMPONENTS)).singleElement().asString().contains("postgres.password_file: cannot read /nonexistent/pw");
    }
}

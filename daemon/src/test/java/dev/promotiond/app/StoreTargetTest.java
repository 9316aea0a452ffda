package dev.promotiond.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.PostgresConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the password of a PostgreSQL store comes from: the file first, else the named variable. */
class StoreTargetTest {
    @TempDir
    Path dir;

    PostgresConfig config(String postgres) throws Exception {
        return ConfigLoader.parse("store: postgres://u@db/d\n" + postgres + "components:\n  - name: api\n    stage: Staging\n",
                dir.resolve("p.yaml")).postgres();
    }

    @Test
    void theFileWinsAndOnlyItsFirstLineCounts() throws Exception {
        Files.writeString(dir.resolve("pw"), "from-file  \nsecond line\n");
        PostgresConfig pg = config("postgres: {password_file: pw}\n");
        assertThat(StoreTarget.password(pg, Map.of("PGPASSWORD", "from-env"))).isEqualTo("from-file");
        assertThat(StoreTarget.database(pg, Map.of()).properties().getProperty("password")).isEqualTo("from-file");
        assertThat(StoreTarget.database(pg, Map.of()).toString()).doesNotContain("from-file");
    }

    @Test
    void elseTheVariableThatPasswordEnvNames() throws Exception {
        assertThat(StoreTarget.password(config(""), Map.of("PGPASSWORD", "p1"))).isEqualTo("p1");
        assertThat(StoreTarget.password(config("postgres: {password_env: PROMOTIOND_DB_PASSWORD}\n"),
                Map.of("PGPASSWORD", "p1", "PROMOTIOND_DB_PASSWORD", "p2"))).isEqualTo("p2");
        assertThat(StoreTarget.password(config(""), Map.of())).as("none: the server decides (trust, certificates)").isNull();
    }
}

package dev.promotiond.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotiond.facts.Stage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void fullConfigIsReadWithEveryFieldSet() throws Exception {
        Files.createDirectories(dir.resolve("shared-rules"));
        Path file = Files.createDirectories(dir.resolve("etc")).resolve("promotiond.yaml");
        Files.writeString(file, """
                listen: "[::1]:9500"
                store: /var/lib/promotiond/state.db
                rules: ../shared-rules
                retention: 10d
                evaluation_interval: 1m30s
                components:
                  - name: neo4j
                    stage: production
                  - name: player-api
                    group: Player Experience
                    stage: Staging
                    dependencies: [neo4j]
                    health:
                      url: https://player.example:8443/health
                      interval: 30s
                      timeout: 500ms
                      status: /status
                      healthy: [green]
                      version: /build/version
                      expected_status: [200, 204]
                      max_body: 1MiB
                """);

        DaemonConfig config = ConfigLoader.load(file);

        assertThat(config.source()).isEqualTo(file);
        assertThat(config.listenHost()).isEqualTo("::1");
        assertThat(config.listenPort()).isEqualTo(9500);
        assertThat(config.store()).isEqualTo(Path.of("/var/lib/promotiond/state.db"));
        assertThat(config.rules()).isEqualTo(dir.resolve("shared-rules"));
        assertThat(config.bundledRules()).isFalse();
        assertThat(config.retention()).isEqualTo(Duration.ofDays(10));
        assertThat(config.evaluationInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.components()).containsExactly(
                new ComponentConfig("neo4j", "", Stage.PRODUCTION, List.of(), null),
                new ComponentConfig("player-api", "Player Experience", Stage.STAGING, List.of("neo4j"),
                        new HealthCheck(URI.create("https://player.example:8443/health"), Duration.ofSeconds(30),
                                Duration.ofMillis(500), "/status", List.of("green"), "/build/version",
                                Set.of(200, 204), 1024 * 1024)));
    }

    @Test
    void leftOutSettingsTakeTheirDefaults() throws Exception {
        DaemonConfig config = ConfigLoader.parse("""
                components:
                  - name: player-api
                    stage: Development
                    health:
                      url: http://127.0.0.1:8080/health
                """, dir.resolve("promotiond.yaml"));

        assertThat(config.listenHost()).isEqualTo("127.0.0.1");
        assertThat(config.listenPort()).isEqualTo(9400);
        assertThat(config.store()).isEqualTo(dir.resolve("promotiond.db"));
        assertThat(config.rules()).as("no rules key: the bundled default rules").isNull();
        assertThat(config.bundledRules()).isTrue();
        assertThat(config.retention()).isEqualTo(DaemonConfig.DEFAULT_RETENTION);
        assertThat(config.evaluationInterval()).isEqualTo(DaemonConfig.DEFAULT_EVALUATION_INTERVAL);
        HealthCheck health = config.components().get(0).health();
        assertThat(health.interval()).isEqualTo(HealthCheck.DEFAULT_INTERVAL);
        assertThat(health.timeout()).isEqualTo(HealthCheck.DEFAULT_TIMEOUT);
        assertThat(health.statusPointer()).isNull();
        assertThat(health.versionPointer()).isNull();
        assertThat(health.healthy()).isEqualTo(HealthCheck.DEFAULT_HEALTHY);
        assertThat(health.acceptedStatus()).isEmpty();
        assertThat(health.accepts(204)).isTrue();
        assertThat(health.maxBodyBytes()).isEqualTo(HealthCheck.DEFAULT_MAX_BODY_BYTES);
    }

    @Test
    void nullValuesCountAsLeftOut() throws Exception {
        DaemonConfig config = ConfigLoader.parse("""
                store:
                retention: ~
                components:
                  - name: a
                    stage: Staging
                    health:
                """, dir.resolve("promotiond.yaml"));

        assertThat(config.store()).isEqualTo(dir.resolve("promotiond.db"));
        assertThat(config.retention()).isEqualTo(DaemonConfig.DEFAULT_RETENTION);
        assertThat(config.components().get(0).health()).isNull();
    }

    @Test
    void relativePathsResolveAgainstTheConfigFilesFolderNotTheWorkingDirectory() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc/promotiond"));
        Files.createDirectories(etc.resolve("my-rules"));
        Path file = etc.resolve("promotiond.yaml");
        Files.writeString(file, """
                store: data/state.db
                rules: ./rules.d/../my-rules
                components: [{name: a, stage: Staging}]
                """);

        DaemonConfig config = ConfigLoader.load(file);

        assertThat(config.store()).isEqualTo(etc.resolve("data/state.db"));
        assertThat(config.rules()).isEqualTo(etc.resolve("my-rules"));
    }

    @Test
    void aNamedRulesFolderThatDoesNotExistIsAProblemAtItsLine() throws Exception {
        Path file = dir.resolve("promotiond.yaml");
        Files.writeString(file, "components: [{name: a, stage: Staging}]\nrules: ./my-rules\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("promotiond.yaml:2:8: rules: no such rules folder: " + dir.resolve("my-rules"))
                .hasMessageContaining("promotiond rules init");
        Files.writeString(dir.resolve("my-rules"), "a file, not a folder");
        assertThatThrownBy(() -> ConfigLoader.load(file)).hasMessageContaining("promotiond.yaml:2:8: rules: not a folder");
    }

    @Test
    void sizesAcceptPlainBytesAndBinarySuffixes() throws Exception {
        assertThat(maxBody("512")).isEqualTo(512);
        assertThat(maxBody("512B")).isEqualTo(512);
        assertThat(maxBody("64KiB")).isEqualTo(64 * 1024);
        assertThat(maxBody("16MiB")).isEqualTo(16 * 1024 * 1024);
    }

    @Test
    void plainYamlScalarsAreTakenAsWrittenNotAsBooleansOrNumbers() throws Exception {
        DaemonConfig config = ConfigLoader.parse("""
                components:
                  - name: "007"
                    group: no
                    stage: Production
                    health:
                      url: http://h/
                      healthy: [yes, 1, on]
                """, dir.resolve("promotiond.yaml"));

        ComponentConfig c = config.components().get(0);
        assertThat(c.name()).isEqualTo("007");
        assertThat(c.group()).isEqualTo("no");
        assertThat(c.health().healthy()).containsExactly("yes", "1", "on");
    }

    @Test
    void aMissingFileIsOneProblemNamingTheFile() {
        Path file = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": no such file");
    }

    private long maxBody(String size) throws ConfigException {
        return ConfigLoader.parse("""
                components:
                  - name: a
                    stage: Staging
                    health: {url: "http://h/", max_body: %s}
                """.formatted(size), dir.resolve("p.yaml")).components().get(0).health().maxBodyBytes();
    }
}

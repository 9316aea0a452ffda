package dev.promotiond.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigProblemsTest {
    private static final Path FILE = Path.of("promotiond.yaml");

    @Test
    void everyProblemIsReportedAtOnceWithFileAndLine() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("""
                listen: 127.0.0.1:99999
                retention: 7d
                evaluation_interval: 500ms
                colour: blue
                components:
                  - name: Player_API
                    stage: QA
                  - name: b
                    stage: Staging
                    health:
                      url: ftp://files/health
                      interval: 10x
                      timeout: 0s
                      status: status
                      healthy: []
                      expected_status: [200, 700, abc]
                      max_body: 32MiB
                """, FILE));

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                "promotiond.yaml:1:9: listen: bad listen address \"127.0.0.1:99999\": the port must be a number"
                        + " from 0 to 65535 (use host:port, e.g. 127.0.0.1:9400 or [::1]:9400)",
                "promotiond.yaml:2:12: retention: must be at least 8d, got 7d",
                "promotiond.yaml:3:22: evaluation_interval: must be at least 1s, got 500ms",
                "promotiond.yaml:4:1: colour: unknown key \"colour\" (allowed: listen, store, postgres, rules, retention,"
                        + " evaluation_interval, prometheus, alertmanagers, alerting, auth, dry_run, evidence_versions, tls, components)",
                "promotiond.yaml:6:11: components[0].name: \"Player_API\" is not a valid name"
                        + " (use a-z, 0-9 and '-', at most 63 characters)",
                "promotiond.yaml:7:12: components[0].stage: unknown stage \"QA\""
                        + " (use Development, Staging or Production)",
                "promotiond.yaml:11:12: components[1].health.url: URL \"ftp://files/health\""
                        + " must start with http:// or https://",
                "promotiond.yaml:12:17: components[1].health.interval: bad duration \"10x\""
                        + " (use e.g. 500ms, 10s, 5m, 1h, 7d)",
                "promotiond.yaml:13:16: components[1].health.timeout: must be greater than 0s",
                "promotiond.yaml:14:15: components[1].health.status: JSON pointer \"status\" must be empty"
                        + " or start with \"/\", e.g. /status",
                "promotiond.yaml:15:16: components[1].health.healthy: must list at least one healthy status value",
                "promotiond.yaml:16:30: components[1].health.expected_status[1]: HTTP status 700 is outside 100..599",
                "promotiond.yaml:16:35: components[1].health.expected_status[2]: expected an HTTP status code"
                        + " 100..599, got \"abc\"",
                "promotiond.yaml:17:17: components[1].health.max_body: size \"32MiB\" must be between 1B and 16MiB");
        assertThat(e.getMessage().lines()).hasSize(14);
    }

    @Test
    void anEmptyFileIsOneClearProblem() {
        assertThat(problems("")).containsExactly(
                "promotiond.yaml:1:1: the file is empty; it needs at least a components list");
        assertThat(problems("# only a comment\n")).hasSize(1);
    }

    @Test
    void aTopLevelThatIsNotAMappingIsOneClearProblem() {
        assertThat(problems("- a\n- b\n")).containsExactly("promotiond.yaml:1:1: the top level must be a mapping"
                + " of settings (listen, store, postgres, rules, retention, evaluation_interval, prometheus, alertmanagers, alerting, auth, dry_run, evidence_versions, tls, components), found a list");
    }

    @Test
    void yamlSyntaxErrorsGiveSnakeYamlsLineAndColumn() {
        assertThat(problems("""
                components:
                  - name: a
                    stage: [Staging
                  - name: b
                """)).singleElement().asString().startsWith("promotiond.yaml:4:9: YAML syntax error: expected ',' or ']'");
        assertThat(problems("a: b\nc\nd: e\n")).singleElement().asString()
                .startsWith("promotiond.yaml:3:1: YAML syntax error: could not find expected ':'");
    }

    @Test
    void evidenceVersionsMustBeAWholeNumberFromOne() throws Exception {
        String components = "components:\n  - name: a\n    stage: Staging\n";
        assertThat(problems("evidence_versions: 0\n" + components)).containsExactly(
                "promotiond.yaml:1:20: evidence_versions: must be from 1 to 1000, got 0");
        assertThat(problems("evidence_versions: many\n" + components)).containsExactly(
                "promotiond.yaml:1:20: evidence_versions: must be a whole number from 1 to 1000, got \"many\"");
        assertThat(ConfigLoader.parse("evidence_versions: 25\n" + components, FILE).evidenceVersions())
                .isEqualTo(25);
        assertThat(ConfigLoader.parse(components, FILE).evidenceVersions())
                .isEqualTo(DaemonConfig.DEFAULT_EVIDENCE_VERSIONS);
    }

    @Test
    void duplicateKeysAreReportedAtTheSecondWithTheLineOfTheFirst() {
        assertThat(problems("""
                retention: 10d
                components:
                  - name: a
                    stage: Staging
                    stage: Production
                retention: 20d
                """)).containsExactly(
                "promotiond.yaml:5:5: components[0].stage: duplicate key \"stage\" (first at line 4)",
                "promotiond.yaml:6:1: retention: duplicate key \"retention\" (first at line 1)");
    }

    @Test
    void unknownKeysNameTheKeyAndListTheAllowedOnes() {
        assertThat(problems("""
                components:
                  - name: a
                    stage: Staging
                    helth: {url: "http://h/"}
                  - name: b
                    stage: Staging
                    health: {url: "http://h/", intervall: 5s}
                """)).containsExactly(
                "promotiond.yaml:4:5: components[0].helth: unknown key \"helth\""
                        + " (allowed: name, group, stage, dependencies, health, metrics, rollback, maturity)",
                "promotiond.yaml:7:32: components[1].health.intervall: unknown key \"intervall\" (allowed: url,"
                        + " interval, timeout, status, healthy, version, expected_status, max_body, tls)");
    }

    @Test
    void missingRequiredFieldsAreReportedAtTheOwningMapping() {
        assertThat(problems("""
                listen: 127.0.0.1:9400
                """)).containsExactly(
                "promotiond.yaml:1:1: components: missing; required (a list of at least one component)");
        assertThat(problems("""
                components:
                  - group: x
                    health:
                      interval: 5s
                  - name: b
                """)).containsExactly(
                "promotiond.yaml:2:5: components[0].name: missing; required (lower-case letters, digits and '-')",
                "promotiond.yaml:2:5: components[0].stage: missing; required (Development, Staging or Production)",
                "promotiond.yaml:4:7: components[0].health.url: missing; required (an http:// or https:// URL)",
                "promotiond.yaml:5:5: components[1].stage: missing; required (Development, Staging or Production)");
    }

    @Test
    void typeErrorsNameThePathAndWhatWasFound() {
        assertThat(problems("""
                store: [a, b]
                components:
                  - name: {first: a}
                    stage: Staging
                    dependencies: b
                    health: http://h/
                  - just-a-name
                  - name: c
                    stage: Staging
                    health:
                      url: http://h/
                      healthy: [ok, [up]]
                """)).containsExactly(
                "promotiond.yaml:1:8: store: expected a single value, found a list",
                "promotiond.yaml:3:11: components[0].name: expected a single value, found a mapping",
                "promotiond.yaml:5:19: components[0].dependencies: expected a list, found \"b\"",
                "promotiond.yaml:6:13: components[0].health: expected a mapping of settings, found \"http://h/\"",
                "promotiond.yaml:7:5: components[1]: expected a mapping with name, stage and so on,"
                        + " found \"just-a-name\"",
                "promotiond.yaml:12:21: components[2].health.healthy[1]: expected a single value, found a list");
    }

    @Test
    void anEmptyComponentListIsAProblem() {
        assertThat(problems("components: []\n")).containsExactly(
                "promotiond.yaml:1:13: components: must list at least one component");
    }

    @Test
    void duplicateComponentNamesAreReportedAtTheSecondWithTheLineOfTheFirst() {
        assertThat(problems("""
                components:
                  - name: a
                    stage: Staging
                  - name: b
                    stage: Staging
                  - name: a
                    stage: Production
                """)).containsExactly(
                "promotiond.yaml:6:11: components[2].name: duplicate component name \"a\" (first at line 2)");
    }

    @Test
    void timeoutLongerThanTheIntervalIsReportedEvenWhenTheTimeoutIsTheDefault() {
        assertThat(problems("""
                components:
                  - name: a
                    stage: Staging
                    health:
                      url: http://h/
                      interval: 5s
                      timeout: 6s
                  - name: b
                    stage: Staging
                    health:
                      url: http://h/
                      interval: 1s
                """)).containsExactly(
                "promotiond.yaml:7:16: components[0].health.timeout: timeout 6s exceeds the interval 5s;"
                        + " the timeout must be at most the interval",
                "promotiond.yaml:11:7: components[1].health.timeout: the default timeout 2s exceeds the interval 1s;"
                        + " the timeout must be at most the interval");
    }

    @Test
    void urlsNeedAHostAndListenAddressesNeedBracketsForIpv6() {
        assertThat(problems("""
                listen: ::1:9400
                components:
                  - name: a
                    stage: Staging
                    health: {url: "http:///health"}
                  - name: b
                    stage: Staging
                    health: {url: "/health"}
                """)).containsExactly(
                "promotiond.yaml:1:9: listen: bad listen address \"::1:9400\": put an IPv6 address in brackets,"
                        + " e.g. [::1]:9400 (use host:port, e.g. 127.0.0.1:9400 or [::1]:9400)",
                "promotiond.yaml:5:19: components[0].health.url: URL \"http:///health\" has no valid host",
                "promotiond.yaml:8:19: components[1].health.url: URL \"/health\" must start with http:// or https://");
    }

    @Test
    void evaluationIntervalAboveTenMinutesIsAProblem() {
        assertThat(problems("evaluation_interval: 11m\ncomponents: [{name: a, stage: Staging}]\n"))
                .containsExactly("promotiond.yaml:1:22: evaluation_interval: must be at most 10m, got 11m");
    }

    static List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, FILE));
        assertThat(e).as("expected the config to be rejected").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }
}

package dev.promotiond.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.Node;

/** The one reader of YAML with positions, shared by the config, policy and rule-scenario readers. */
class FieldsTest {
    private static final Path FILE = Path.of("some.yaml");

    private final Problems problems = new Problems(FILE);

    private Fields read(String yaml, List<String> allowed) {
        Node root = problems.compose(yaml);
        return Fields.of(root, "", allowed, problems);
    }

    private List<String> reported() {
        return problems.exception().problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void everyProblemOfAMappingIsReportedAtOnceInFileOrderWithLineColumnAndPath() {
        Fields f = read("""
                every: 10x
                colour: blue
                limit: 2
                every: 5s
                inner:
                  count: many
                """, List.of("every", "limit", "inner"));
        Duration every = f.scalar("every", Duration.ZERO, Durations::parse);
        Integer limit = f.required("limit", "a whole number", t -> Values.intBetween(t, 5, 9));
        Fields inner = Fields.of(f.node("inner"), f.path("inner"), List.of("count"), problems);
        Integer count = inner.scalar("count", t -> Values.intBetween(t, 1, 3));

        assertThat(every).isNull();
        assertThat(limit).isNull();
        assertThat(count).isNull();
        assertThat(reported()).containsExactly(
                "some.yaml:1:8: every: bad duration \"10x\" (use e.g. 500ms, 10s, 5m, 1h, 7d)",
                "some.yaml:2:1: colour: unknown key \"colour\" (allowed: every, limit, inner)",
                "some.yaml:3:8: limit: must be from 5 to 9, got 2",
                "some.yaml:4:1: every: duplicate key \"every\" (first at line 1)",
                "some.yaml:6:10: inner.count: must be a whole number from 1 to 3, got \"many\"");
        assertThat(problems.count()).isEqualTo(5);
    }

    @Test
    void wrongShapesAreTypeErrorsNamingWhatWasFound() {
        Fields f = read("""
                one: [a, b]
                list: just-text
                settings: [x]
                keyed: text
                """, List.of("one", "list", "settings", "keyed"));

        assertThat(f.scalar("one", Values::text)).isNull();
        assertThat(f.list("list")).isNull();
        assertThat(f.mapping("settings")).isNull();
        assertThat(Fields.of(f.node("keyed"), f.path("keyed"), null, problems)).isNull();
        assertThat(reported()).containsExactly(
                "some.yaml:1:6: one: expected a single value, found a list",
                "some.yaml:2:7: list: expected a list, found \"just-text\"",
                "some.yaml:3:11: settings: expected a mapping of settings, found a list",
                "some.yaml:4:8: keyed: expected a mapping, found \"text\"");
    }

    @Test
    void aNullValueCountsAsAbsentSoTheDefaultAppliesButItsKeyStillHasAPlace() {
        Fields f = read("""
                name: a
                interval:
                required: ~
                """, List.of("name", "interval", "required", "never"));

        assertThat(f.has("interval")).isFalse();
        assertThat(f.scalar("interval", Duration.ofSeconds(7), Durations::parse)).isEqualTo(Duration.ofSeconds(7));
        assertThat(f.required("required", "something", Values::text)).isNull();
        assertThat(Fields.line(f.place("interval"))).isEqualTo(2);
        assertThat(Fields.line(f.place("never"))).isEqualTo(1); // not written: the owning mapping
        assertThat(Fields.line(f.where("interval"))).isEqualTo(1); // no value to point at: the mapping
        assertThat(reported()).containsExactly("some.yaml:1:1: required: missing; required (something)");
    }

    @Test
    void keysThatAreDataAreReadInFileOrderAndOnlyCheckedForDuplicates() {
        Fields f = read("""
                slis:
                  latency: 0.2
                  errors: 1
                  latency: 0.3
                  [odd]: 2
                """, List.of("slis"));
        List<String> seen = new ArrayList<>();
        f.entries("slis", (key, value, path) -> seen.add(path + "@" + Fields.line(key) + "=" + Fields.text(value, path, problems)));

        assertThat(seen).containsExactly("slis.latency@2=0.2", "slis.errors@3=1");
        assertThat(reported()).containsExactly(
                "some.yaml:4:3: slis.latency: duplicate key \"latency\" (first at line 2)",
                "some.yaml:5:3: slis: keys must be plain names, found a list");
    }

    @Test
    void aSyntaxErrorIsReportedAtItsPositionAndNothingIsRead() {
        Node root = problems.compose("""
                name: a
                list: [1, 2
                other: x
                """);

        assertThat(root).isNull();
        assertThat(reported()).hasSize(1).first().asString()
                .startsWith("some.yaml:3:").contains(": YAML syntax error: ");
    }

    @Test
    void anEmptyDocumentHasNoRootAndNoProblem() {
        assertThat(problems.compose("# only a comment\n")).isNull();
        assertThat(problems.any()).isFalse();
    }
}

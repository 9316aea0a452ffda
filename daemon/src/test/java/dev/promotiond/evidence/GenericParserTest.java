package dev.promotiond.evidence;

import static dev.promotiond.evidence.EvidenceSamples.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GenericParserTest {
    private static ParsedReport parseText(String json) throws EvidenceException {
        return ReportParsers.parse("evidence.json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void loadTestSummaryGivesPassedAndItsValues() throws EvidenceException {
        ParsedReport report = parse("load-test.json");

        assertThat(report.format()).isEqualTo(ReportFormat.GENERIC);
        assertThat(report.tool()).isEqualTo("k6");
        assertThat(report.values()).containsExactly(entry("error_ratio", 0.002), entry("p95_seconds", 0.31),
                entry("passed", 1.0), entry("rps", 240.5), entry("vus_max", 50.0));
    }

    @Test
    void docsChecksBecomeOneValueEach() throws EvidenceException {
        ParsedReport report = parse("docs.json");

        assertThat(report.tool()).isEqualTo("docs-check");
        assertThat(report.values()).containsExactly(
                entry("check.api_docs", 1.0), entry("check.changelog", 0.0), entry("check.readme", 1.0));
    }

    @Test
    void rollbackDrillIsPassedWithItsLink() throws EvidenceException {
        ParsedReport report = parse("rollback.json");

        assertThat(report.tool()).isEqualTo("rollback-drill");
        assertThat(report.values()).containsExactly(entry("passed", 1.0));
    }

    @Test
    void withoutToolItIsGeneric() throws EvidenceException {
        ParsedReport report = parseText("{\"checks\":{\"readme\":true,\"api_docs\":true}}");

        assertThat(report.tool()).isEqualTo("generic");
        assertThat(report.values()).containsExactly(entry("check.api_docs", 1.0), entry("check.readme", 1.0));
    }

    @Test
    void misspelledKeyIsRejectedByName() {
        assertThatThrownBy(() -> parseText("{\"tool\":\"k6\",\"pased\":true,\"values\":{\"rps\":1}}"))
                .hasMessageStartingWith("evidence.json: generic JSON has unknown key \"pased\"; allowed: tool, passed, checks, values, summary, url");
    }

    @Test
    void objectWithOnlyDescriptionsStatesNothing() {
        assertThatThrownBy(() -> parseText("{\"tool\":\"k6\",\"summary\":\"fine\"}"))
                .hasMessageStartingWith("evidence.json: generic JSON needs at least one of passed, checks, values");
        assertThatThrownBy(() -> parseText("{\"checks\":{}}"))
                .hasMessageStartingWith("evidence.json: generic JSON states nothing: its checks and values are empty");
    }

    @Test
    void namesMustBeLowerCaseWordsAndDots() {
        assertThatThrownBy(() -> parseText("{\"values\":{\"P95 Seconds\":0.3}}"))
                .hasMessageStartingWith("evidence.json: \"values\" has invalid name \"P95 Seconds\"; names are lower-case letters, digits, '_' and '.'");
        assertThatThrownBy(() -> parseText("{\"checks\":{\"\":true}}"))
                .hasMessageStartingWith("evidence.json: \"checks\" has invalid name \"\"");
        assertThatThrownBy(() -> parseText("{\"values\":{\"passed\":3}}"))
                .hasMessageStartingWith("evidence.json: value name \"passed\" is reserved");
    }

    @Test
    void typesAreChecked() {
        assertThatThrownBy(() -> parseText("{\"passed\":\"yes\"}"))
                .hasMessageStartingWith("evidence.json: \"passed\" must be true or false");
        assertThatThrownBy(() -> parseText("{\"checks\":{\"readme\":1}}"))
                .hasMessageStartingWith("evidence.json: check \"readme\" must be true or false");
        assertThatThrownBy(() -> parseText("{\"values\":{\"rps\":\"240\"}}"))
                .hasMessageStartingWith("evidence.json: value \"rps\" must be a number");
        assertThatThrownBy(() -> parseText("{\"values\":[1]}"))
                .hasMessageStartingWith("evidence.json: generic JSON \"values\" must be an object");
        assertThatThrownBy(() -> parseText("{\"passed\":true,\"url\":7}"))
                .hasMessageStartingWith("evidence.json: generic JSON \"url\" must be a string");
        assertThatThrownBy(() -> parseText("{\"passed\":true,\"tool\":\"\"}"))
                .hasMessageStartingWith("evidence.json: generic JSON \"tool\" must be a non-empty string");
    }

    @Test
    void duplicateKeysAreRejectedSoPassedCannotSayTwoThings() {
        assertThatThrownBy(() -> parseText("{\"passed\":false,\"passed\":true}"))
                .isInstanceOf(EvidenceException.class)
                .hasMessageContaining("malformed JSON at 1:")
                .hasMessageContaining("Duplicate field 'passed'");
    }

    @Test
    void numbersBeyondDoubleRangeAreRejected() {
        assertThatThrownBy(() -> parseText("{\"values\":{\"rps\":1e999}}"))
                .hasMessageStartingWith("evidence.json: number 1e999 is too large");
    }

    @Test
    void nonStandardNumbersAreNotJson() {
        assertThatThrownBy(() -> parseText("{\"values\":{\"rps\":NaN}}"))
                .hasMessageStartingWith("evidence.json: malformed JSON at 1:");
        assertThatThrownBy(() -> parseText("{\"values\":{\"rps\":Infinity}}"))
                .hasMessageStartingWith("evidence.json: malformed JSON at 1:");
    }
}

package dev.promotiond.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.promotiond.facts.Stage;
import dev.promotiond.testing.MaturityFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MaturityReaderTest {
    static final Path FIXTURES = MaturityFixtures.DIR;
    static final Path SAMPLES = samples();


    static Path samples() {
        try {
            return Path.of(MaturityReaderTest.class.getResource("/maturity/expected.tsv").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<String> fixtureLines() throws IOException {
        return MaturityFixtures.expectedLines().stream();
    }

    static Stream<String> sampleLines() throws IOException {
        return Files.readAllLines(SAMPLES.resolve("expected.tsv")).stream().filter(l -> !l.isBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureLines")
    void everyFixtureReadsAsTheAnswerKeySays(String expected) {
        String file = expected.substring(0, expected.indexOf('\t'));
        assertThat(MaturityReader.read(FIXTURES.resolve(file)).tsvLine()).isEqualTo(expected);
    }

    @Test
    void theAnswerKeyCoversEveryFixtureFile() throws IOException {
        List<String> named = fixtureLines().map(l -> l.substring(0, l.indexOf('\t'))).sorted().toList();
        try (Stream<Path> files = Files.list(FIXTURES)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md"))
                    .filter(n -> !n.equals("README.md")).sorted().toList()).isEqualTo(named);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleLines")
    void everyOwnSampleReadsAsExpected(String expected) {
        String file = expected.substring(0, expected.indexOf('\t'));
        assertThat(MaturityReader.read(SAMPLES.resolve(file)).tsvLine()).isEqualTo(expected);
    }

    @Test
    void everyOwnSampleHasAnExpectedLine() throws IOException {
        List<String> named = sampleLines().map(l -> l.substring(0, l.indexOf('\t'))).sorted().toList();
        try (Stream<Path> files = Files.list(SAMPLES)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md")).sorted().toList())
                    .isEqualTo(named).hasSizeGreaterThanOrEqualTo(8);
        }
    }

    @Test
    void unknownStagesSayWhy() {
        assertThat(MaturityReader.read(SAMPLES.resolve("moved-stub.md")).note()).isEqualTo("stub: document has moved");
        assertThat(MaturityReader.read(SAMPLES.resolve("template.md")).note())
                .isEqualTo("template placeholder in Current Stage");
        assertThat(MaturityReader.read(SAMPLES.resolve("stage-below-rule.md")).note())
                .isEqualTo("no Current Stage in header");
        assertThat(MaturityReader.parse("x.md", "**Current Stage**: TBD\n").note())
                .isEqualTo("no stage word in Current Stage: \"TBD\"");
    }

    @Test
    void knownStagesSayWhereTheDateCameFrom() {
        MaturityHeader h = MaturityReader.read(SAMPLES.resolve("demoted-with-date.md"));
        assertThat(h.known()).isTrue();
        assertThat(h.note()).isEqualTo("Current Stage: \"Staging\"; since from Demoted");
        assertThat(MaturityReader.read(SAMPLES.resolve("bold-colon-inside.md")).note())
                .isEqualTo("Current Stage: \"Staging\"; since = Last Updated (reached by promotion)");
        assertThat(MaturityReader.read(SAMPLES.resolve("promotion-in-progress.md")).note())
                .endsWith("since not stated");
    }

    @Test
    void theFirstStageWordOfTheValueCountsNotTheTarget() {
        MaturityHeader h = MaturityReader.parse("m.md", "**Current Stage**: Staging → Production (Promotion in Progress)\n"
                + "**Last Updated**: 2025-03-04\n");
        assertThat(h.stage()).isEqualTo(Stage.STAGING);
        assertThat(h.since()).isEqualTo(LocalDate.of(2025, 3, 4));
    }

    @Test
    void aNoteAboutOtherMovedThingsIsNotAStub() {
        MaturityHeader h = MaturityReader.parse("m.md", "**Current Stage**: Staging\n**Note**: the old runbook moved to docs/ops\n");
        assertThat(h.stage()).isEqualTo(Stage.STAGING);
    }

    @Test
    void currentStageOutranksAnEarlierPlainStageField() {
        MaturityHeader h = MaturityReader.parse("m.md", "**Stage**: Staging\n**Current Stage**: Production\n");
        assertThat(h.stage()).isEqualTo(Stage.PRODUCTION);
    }

    @Test
    void aPromotionIntoAnotherStageIsNotTheEntryDate() {
        MaturityHeader h = MaturityReader.parse("m.md", """
                **Current Stage**: Development
                **Promoted to Staging**: 2025-02-01
                **Last Updated**: 2025-03-01
                """);
        assertThat(h.stage()).isEqualTo(Stage.DEVELOPMENT);
        assertThat(h.since()).isNull();
    }

    @Test
    void aChoiceListIsATemplateEvenWithoutAngleBrackets() {
        assertThat(MaturityReader.parse("m.md", "Current Stage: Development | Staging | Production\n").known()).isFalse();
    }

    @Test
    void windowsAndOldMacLineEndingsReadLikeUnix() {
        String unix = "**Current Stage**: Staging\n**Owner**: ana\n**Last Updated**: 2025-01-02\n\n---\n**Owner**: bob\n";
        String expected = MaturityReader.parse("m.md", unix).tsvLine();
        assertThat(MaturityReader.parse("m.md", unix.replace("\n", "\r\n")).tsvLine()).isEqualTo(expected);
        assertThat(MaturityReader.parse("m.md", unix.replace("\n", "\r")).tsvLine()).isEqualTo(expected);
        assertThat(expected).isEqualTo("m.md\tStaging\t2025-01-02\t-\tana");
    }

    @Test
    void aUtf16FileWithByteOrderMarkIsRead(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("MATURITY.md");
        Files.writeString(f, "\uFEFF**Current Stage**: Production\n**Promoted**: 2024-12-24\n", StandardCharsets.UTF_16LE);
        assertThat(MaturityReader.read(f).tsvLine()).isEqualTo("MATURITY.md\tProduction\t2024-12-24\t-\t-");
    }

    @Test
    void anEmptyFileIsUnknown(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("MATURITY.md"), "");
        assertThat(MaturityReader.read(f)).isEqualTo(MaturityHeader.unknown(f.toString(), "empty file"));
        assertThat(MaturityReader.parse("blank.md", " \n\t\n").note()).isEqualTo("empty file");
        assertThat(MaturityReader.parse("null.md", null).known()).isFalse();
    }

    @Test
    void binaryGarbageIsUnknownNotAnError(@TempDir Path dir) throws IOException {
        byte[] noise = new byte[64 * 1024];
        new Random(7).nextBytes(noise);
        Path f = Files.write(dir.resolve("MATURITY.md"), noise);
        MaturityHeader h = MaturityReader.read(f);
        assertThat(h.known()).isFalse();
        assertThat(h.note()).isEqualTo("not a text file");
    }

    @Test
    void aHugeFileIsReadOnlyAsFarAsTheCap(@TempDir Path dir) throws IOException {
        String header = "**Current Stage**: Production\n**Last Updated**: 2025-01-31\n";
        String filler = "lorem ipsum dolor sit amet\n".repeat(200_000); // ~5 MiB
        Path headerFirst = Files.writeString(dir.resolve("a.md"), header + filler);
        Path headerLate = Files.writeString(dir.resolve("b.md"), filler + header);
        // a safety net, not a speed assertion: runaway regex backtracking would never return
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            assertThat(MaturityReader.read(headerFirst).tsvLine()).isEqualTo("a.md\tProduction\t2025-01-31\t-\t-");
            assertThat(MaturityReader.read(headerLate).note()).isEqualTo("no Current Stage in header");
            assertThat(MaturityReader.parse("c.md", filler + header).known()).isFalse();
        });
    }

    @Test
    void onlyFrontMatterIsEnough() {
        MaturityHeader h = MaturityReader.parse("m.md", "---\ncurrentStage: staging\nlastUpdated: 2025-07-07\nowner: \"ops\"\n---\n");
        assertThat(h.tsvLine()).isEqualTo("m.md\tStaging\t2025-07-07\t-\tops");
    }

    @Test
    void frontMatterWithoutStageLeavesTheStageUnknown() {
        MaturityHeader h = MaturityReader.parse("m.md", "---\nowner: ops\n---\n");
        assertThat(h.known()).isFalse();
        assertThat(h.owner()).isNull();
    }

    @Test
    void fieldsInsideCodeFencesAndCommentsAreIgnored() {
        MaturityHeader h = MaturityReader.parse("m.md", """
                <!-- Current Stage: Production -->
                ```
                Current Stage: Staging
                ---
                ```
                **Current Stage**: Development
                """);
        assertThat(h.stage()).isEqualTo(Stage.DEVELOPMENT);
    }

    @Test
    void impossibleDatesAreSkipped() {
        assertThat(MaturityReader.date("2025-02-30 then 2025-03-01")).isEqualTo(LocalDate.of(2025, 3, 1));
        assertThat(MaturityReader.date("<YYYY-MM-DD>")).isNull();
        assertThat(MaturityReader.date("21 Oct 2025")).isEqualTo(LocalDate.of(2025, 10, 21));
        assertThat(MaturityReader.date("2025-10-21T08:00:00Z")).isEqualTo(LocalDate.of(2025, 10, 21));
    }

    @Test
    void aMissingFileFailsWithItsName(@TempDir Path dir) {
        Path missing = dir.resolve("nope/MATURITY.md");
        assertThatThrownBy(() -> MaturityReader.read(missing))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void anUnknownStageCarriesNoDateGroupOrOwner() {
        assertThatThrownBy(() -> new MaturityHeader("m.md", null, LocalDate.of(2025, 1, 1), null, null, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

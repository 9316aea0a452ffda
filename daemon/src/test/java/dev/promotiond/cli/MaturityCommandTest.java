package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.testing.MaturityFixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaturityCommandTest {
    static final Path FIXTURES = MaturityFixtures.DIR;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }


    static List<String> expectedLines() throws IOException {
        return MaturityFixtures.expectedLines();
    }

    static List<String> argsFor(List<String> lines, String... first) {
        List<String> args = new ArrayList<>(List.of(first));
        for (String l : lines) {
            args.add(FIXTURES.resolve(l.substring(0, l.indexOf('\t'))).toString());
        }
        return args;
    }

    @Test
    void tsvOverTheFixturesIsTheAnswerKey() throws IOException {
        List<String> expected = expectedLines();
        Run r = run(argsFor(expected, "maturity", "read").toArray(String[]::new));
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines().toList()).isEqualTo(expected);
    }

    @Test
    void jsonOverTheFixturesParsesWithOneObjectPerFile() throws IOException {
        List<String> expected = expectedLines();
        Run r = run(argsFor(expected, "maturity", "read", "--output", "json").toArray(String[]::new));
        assertThat(r.exit()).isZero();
        JsonNode array = new ObjectMapper().readTree(r.out());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            String[] cols = expected.get(i).split("\t");
            JsonNode o = array.get(i);
            assertThat(o.path("file").asText()).endsWith(cols[0]);
            assertThat(o.path("stage").asText()).isEqualTo(cols[1]);
            assertThat(o.path("since").isNull() ? "-" : o.path("since").asText()).isEqualTo(cols[2]);
            assertThat(o.path("group").isNull() ? "-" : o.path("group").asText()).isEqualTo(cols[3]);
            assertThat(o.path("owner").isNull() ? "-" : o.path("owner").asText()).isEqualTo(cols[4]);
            assertThat(o.path("note").asText()).isNotBlank();
        }
    }

    @Test
    void aMissingFileExitsTwoNamingItAndStillReportsTheOthers(@TempDir Path dir) throws IOException, URISyntaxException {
        Path sample = Path.of(getClass().getResource("/maturity/vertical-table.md").toURI());
        Path missing = dir.resolve("gone/MATURITY.md");
        Run r = run("maturity", "read", missing.toString(), sample.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.err()).isEqualTo("promotiond: " + missing + ": no such file" + System.lineSeparator());
        assertThat(r.out().lines().toList())
                .containsExactly("vertical-table.md\tProduction\t2025-02-11\tAnalytics\tdata-eng");
    }

    @Test
    void anUnknownStageIsStillASuccessfulRead() throws URISyntaxException {
        Path stub = Path.of(getClass().getResource("/maturity/moved-stub.md").toURI());
        Run r = run("maturity", "read", "-o", "json", stub.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"stage\" : \"unknown\"", "\"since\" : null", "stub: document has moved");
    }

    @Test
    void anUnknownOutputFormatIsAUsageError() throws URISyntaxException {
        Path sample = Path.of(getClass().getResource("/maturity/vertical-table.md").toURI());
        Run r = run("maturity", "read", "--output", "yaml", sample.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.err()).contains("--output must be tsv or json, not yaml");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void readWithoutFilesIsAUsageError() {
        Run r = run("maturity", "read");
        assertThat(r.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.err()).contains("FILE");
    }
}

package dev.promotiond.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The hand-written MATURITY.md files of another project, beside the checkout; never copied into this one. */
public final class MaturityFixtures {
    /** The fixture folder, or null when the checkout has no {@code shared/fixtures/maturity} above it. */
    public static final Path DIR = find();

    private MaturityFixtures() {
    }

    private static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/fixtures/maturity");
            if (Files.isRegularFile(candidate.resolve("EXPECTED.tsv"))) {
                return candidate;
            }
        }
        return null;
    }

    /** The non-blank lines of EXPECTED.tsv; the calling test is skipped when the fixtures are not there. */
    public static List<String> expectedLines() throws IOException {
        assumeTrue(DIR != null, "shared/fixtures/maturity is not beside the checkout; fixture tests skipped");
        return Files.readAllLines(DIR.resolve("EXPECTED.tsv")).stream().filter(l -> !l.isBlank()).toList();
    }
}

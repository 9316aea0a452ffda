package dev.promotiond.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The sample reports under {@code src/test/resources/evidence/}. */
final class EvidenceSamples {
    /** Every well-formed sample, one of each format and tool. */
    static final List<String> WELL_FORMED = List.of("pytest-junit.xml", "TEST-com.example.orders.OrderServiceTest.xml",
            "coverage-py-cobertura.xml", "jacoco.xml", "coverage.json", "bandit.json", "bandit-medium-only.json",
            "ruff.json", "ruff-clean.json",
            "pyright.json", "docs.json", "rollback.json", "load-test.json", "pip-audit.json", "pip-audit-clean.json",
            "osv-scanner.json", "osv-scanner-clean.json", "pip-outdated.json", "npm-outdated.json", "blockers.json",
            "blockers-none.json");

    private EvidenceSamples() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = EvidenceSamples.class.getResourceAsStream("/evidence/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ParsedReport parse(String name) throws EvidenceException {
        return ReportParsers.parse(name, bytes(name));
    }
}

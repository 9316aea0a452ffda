package dev.promotiond.evidence;

import static dev.promotiond.evidence.ReportFormat.BANDIT;
import static dev.promotiond.evidence.ReportFormat.BLOCKER_LIST;
import static dev.promotiond.evidence.ReportFormat.COBERTURA;
import static dev.promotiond.evidence.ReportFormat.COVERAGE_PY_JSON;
import static dev.promotiond.evidence.ReportFormat.GENERIC;
import static dev.promotiond.evidence.ReportFormat.JACOCO;
import static dev.promotiond.evidence.ReportFormat.JUNIT;
import static dev.promotiond.evidence.ReportFormat.NPM_OUTDATED;
import static dev.promotiond.evidence.ReportFormat.OSV_SCANNER;
import static dev.promotiond.evidence.ReportFormat.PIP_AUDIT;
import static dev.promotiond.evidence.ReportFormat.PIP_OUTDATED;
import static dev.promotiond.evidence.ReportFormat.PYRIGHT;
import static dev.promotiond.evidence.ReportFormat.RUFF;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The gate a piece of evidence feeds, chosen by the uploader. Each kind accepts only the report
 * formats that can say something about it; generic JSON fits every kind.
 */
public enum EvidenceKind {
    UNIT("unit", JUNIT, COBERTURA, JACOCO, COVERAGE_PY_JSON, GENERIC),
    INTEGRATION("integration", JUNIT, COBERTURA, JACOCO, COVERAGE_PY_JSON, GENERIC),
    E2E("e2e", JUNIT, COBERTURA, JACOCO, COVERAGE_PY_JSON, GENERIC),
    LINT("lint", RUFF, GENERIC),
    TYPES("types", PYRIGHT, GENERIC),
    SECURITY("security", BANDIT, GENERIC),
    DOCS("docs", GENERIC),
    ROLLBACK_TEST("rollback-test", GENERIC),
    LOAD_TEST("load-test", GENERIC),
    /** Known vulnerabilities in the dependencies, by severity. */
    VULNERABILITIES("vulnerabilities", PIP_AUDIT, OSV_SCANNER, GENERIC),
    /** Dependencies with a newer release. */
    OUTDATED("outdated", PIP_OUTDATED, NPM_OUTDATED, GENERIC),
    /** Open issues that block a promotion, as CI found them in the issue tracker. */
    BLOCKERS("blockers", BLOCKER_LIST, GENERIC);

    private final String label;
    private final Set<ReportFormat> accepts;

    EvidenceKind(String label, ReportFormat first, ReportFormat... rest) {
        this.label = label;
        this.accepts = Collections.unmodifiableSet(EnumSet.of(first, rest));
    }

    /** The name uploaders use, e.g. "rollback-test". */
    public String label() {
        return label;
    }

    /** The kind with exactly this label, or empty. */
    public static Optional<EvidenceKind> parse(String label) {
        for (EvidenceKind kind : values()) {
            if (kind.label.equals(label)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The formats whose reports may feed this kind; unmodifiable. */
    public Set<ReportFormat> accepts() {
        return accepts;
    }
}

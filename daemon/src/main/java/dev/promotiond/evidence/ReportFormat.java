package dev.promotiond.evidence;

/** The report formats {@link ReportParsers} recognises, each from its content alone. */
public enum ReportFormat {
    JUNIT("junit", "JUnit XML"),
    COBERTURA("cobertura", "Cobertura XML"),
    JACOCO("jacoco", "JaCoCo XML"),
    COVERAGE_PY_JSON("coverage.py-json", "coverage.py JSON"),
    BANDIT("bandit", "bandit JSON"),
    RUFF("ruff", "ruff JSON"),
    PYRIGHT("pyright", "pyright JSON"),
    PIP_AUDIT("pip-audit", "pip-audit JSON"),
    OSV_SCANNER("osv-scanner", "OSV-Scanner JSON"),
    PIP_OUTDATED("pip-outdated", "pip list --outdated JSON"),
    NPM_OUTDATED("npm-outdated", "npm outdated JSON"),
    BLOCKER_LIST("blockers", "blockers JSON"),
    GENERIC("generic", "generic JSON");

    private final String label;
    private final String description;

    ReportFormat(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** The stable lower-case name used in APIs and storage, e.g. "coverage.py-json". */
    public String label() {
        return label;
    }

    /** How messages name the format, e.g. "JUnit XML". */
    String description() {
        return description;
    }

    boolean isCoverage() {
        return this == COBERTURA || this == JACOCO || this == COVERAGE_PY_JSON;
    }
}

package dev.promotiond.evidence;

import static dev.promotiond.evidence.CoverageValues.BRANCHES_COVERED;
import static dev.promotiond.evidence.CoverageValues.BRANCHES_VALID;
import static dev.promotiond.evidence.CoverageValues.BRANCH_PERCENT;
import static dev.promotiond.evidence.CoverageValues.LINES_COVERED;
import static dev.promotiond.evidence.CoverageValues.LINES_VALID;
import static dev.promotiond.evidence.CoverageValues.LINE_PERCENT;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** {@link ReportParsers#combine}: merges the parsed files of one evidence kind. */
final class ReportMerger {
    private static final String DURATION = "duration_seconds";

    private ReportMerger() {
    }

    static Map<String, Double> combine(EvidenceKind kind, List<ParsedReport> reports) throws EvidenceException {
        Objects.requireNonNull(kind, "kind");
        if (reports.isEmpty()) {
            throw new EvidenceException("(no files)", "kind " + kind.label() + " needs at least one report");
        }
        List<ParsedReport> coverage = new ArrayList<>();
        TreeMap<String, Double> merged = new TreeMap<>();
        Map<String, String> standardFrom = new HashMap<>();
        int junitFiles = 0;
        int junitTimed = 0;
        for (ParsedReport report : reports) {
            if (!kind.accepts().contains(report.format())) {
                throw new EvidenceException(report.file(), "kind " + kind.label() + " expects " + expected(kind)
                        + ", got " + report.format().description());
            }
            if (report.format() == ReportFormat.GENERIC) {
                continue;
            }
            if (report.format().isCoverage()) {
                coverage.add(report);
            }
            if (report.format() == ReportFormat.JUNIT) {
                junitFiles++;
                junitTimed += report.values().containsKey(DURATION) ? 1 : 0;
            }
            for (Map.Entry<String, Double> value : report.values().entrySet()) {
                standardFrom.putIfAbsent(value.getKey(), report.format().description());
                if (!value.getKey().equals(LINE_PERCENT) && !value.getKey().equals(BRANCH_PERCENT)) {
                    merged.merge(value.getKey(), value.getValue(), Double::sum);
                }
            }
        }
        if (junitTimed < junitFiles) {
            merged.remove(DURATION);
        }
        mergeCoverage(coverage, merged);
        for (ParsedReport report : reports) {
            if (report.format() == ReportFormat.GENERIC) {
                mergeGeneric(report, standardFrom, merged);
            }
        }
        return Collections.unmodifiableSortedMap(merged);
    }

    /** Percentages from the summed counts; a single file keeps the percentages it states. */
    private static void mergeCoverage(List<ParsedReport> coverage, Map<String, Double> merged) throws EvidenceException {
        if (coverage.isEmpty()) {
            return;
        }
        if (coverage.size() == 1) {
            Map<String, Double> only = coverage.get(0).values();
            copy(only, merged, LINE_PERCENT);
            copy(only, merged, BRANCH_PERCENT);
            return;
        }
        boolean anyBranches = false;
        for (ParsedReport report : coverage) {
            Map<String, Double> values = report.values();
            if (!values.containsKey(LINES_VALID)) {
                throw new EvidenceException(report.file(), "cannot merge coverage without line counts (the file states only a rate)");
            }
            if (values.containsKey(BRANCH_PERCENT) && !values.containsKey(BRANCHES_VALID)) {
                throw new EvidenceException(report.file(), "cannot merge coverage without branch counts (the file states only a rate)");
            }
            anyBranches |= values.containsKey(BRANCHES_VALID);
        }
        Double lines = CoverageValues.percent(merged.get(LINES_COVERED), merged.get(LINES_VALID));
        if (lines == null) {
            // no lines anywhere: each file stated its own rate for that (coverage.py says 100 %)
            for (ParsedReport report : coverage) {
                Double stated = report.values().get(LINE_PERCENT);
                if (stated != null) {
                    merged.merge(LINE_PERCENT, stated, Math::min);
                }
            }
        } else {
            merged.put(LINE_PERCENT, lines);
        }
        if (anyBranches) {
            Double branches = CoverageValues.percent(merged.get(BRANCHES_COVERED), merged.get(BRANCHES_VALID));
            if (branches != null) {
                merged.put(BRANCH_PERCENT, branches);
            }
        }
    }

    private static void mergeGeneric(ParsedReport report, Map<String, String> standardFrom, Map<String, Double> merged)
            throws EvidenceException {
        for (Map.Entry<String, Double> value : report.values().entrySet()) {
            String name = value.getKey();
            if (standardFrom.containsKey(name)) {
                throw new EvidenceException(report.file(), "generic value " + name + " would clash with " + name
                        + " from " + standardFrom.get(name));
            }
            if (name.equals("passed") || name.startsWith("check.")) {
                merged.merge(name, value.getValue(), Math::min);
            } else {
                merged.put(name, value.getValue());
            }
        }
    }

    private static void copy(Map<String, Double> from, Map<String, Double> to, String name) {
        if (from.containsKey(name)) {
            to.put(name, from.get(name));
        }
    }

    /** "ruff JSON or generic JSON", "JUnit XML, Cobertura XML, … or generic JSON". */
    private static String expected(EvidenceKind kind) {
        List<String> names = new ArrayList<>();
        for (ReportFormat format : kind.accepts()) {
            names.add(format.description());
        }
        String last = names.remove(names.size() - 1);
        return names.isEmpty() ? last : String.join(", ", names) + " or " + last;
    }
}

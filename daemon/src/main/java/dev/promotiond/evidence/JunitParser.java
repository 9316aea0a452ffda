package dev.promotiond.evidence;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;

/**
 * JUnit XML (root {@code <testsuites>} or {@code <testsuite>}), as written by pytest's
 * {@code --junitxml}, Maven surefire/failsafe, Gradle, jest-junit and others. Tools disagree on the
 * summary attributes (pytest has none on {@code <testsuites>}, suites nest, surefire reruns), so
 * when the file lists {@code <testcase>} elements they are counted: one with an {@code <error>}
 * child is an error, else one with {@code <failure>} a failure, else one with {@code <skipped>}
 * skipped (surefire's {@code <flakyFailure>}/{@code <rerunFailure>} alone leave it passed). Only a
 * file without test cases falls back to the {@code tests/failures/errors/skipped} attributes.
 */
final class JunitParser {
    private JunitParser() {
    }

    /** Per-testcase outcome, in increasing precedence. */
    private enum Outcome { PASSED, SKIPPED, FAILURE, ERROR }

    /** Sums of the summary attributes of a set of suites. */
    private static final class Totals {
        long tests;
        long failures;
        long errors;
        long skipped;
        boolean stated;
        int suites;
        int timed;
        double seconds;

        void add(SafeXml xml) throws EvidenceException {
            suites++;
            Long t = xml.count("tests");
            stated |= t != null;
            tests += t == null ? 0 : t;
            failures += orZero(xml.count("failures"));
            errors += orZero(xml.count("errors"));
            skipped += orZero(xml.count("skipped"));
            Double time = seconds(xml);
            timed += time == null ? 0 : 1;
            seconds += time == null ? 0 : time;
        }
    }

    /** @param xml positioned at the root element */
    static ParsedReport parse(String file, SafeXml xml) throws EvidenceException {
        boolean rootIsSuites = xml.name().equals("testsuites");
        String tool = tool(xml, "junit");
        Totals root = new Totals();
        root.add(xml);
        Totals topSuites = new Totals();
        long[] counted = new long[Outcome.values().length];
        long cases = 0;
        int depth = 1;
        int caseDepth = -1;
        Outcome outcome = Outcome.PASSED;
        int event;
        while ((event = xml.next()) != XMLStreamConstants.END_DOCUMENT) {
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                String name = xml.name();
                if (caseDepth < 0 && name.equals("testcase")) {
                    caseDepth = depth;
                    outcome = Outcome.PASSED;
                } else if (depth == caseDepth + 1) {
                    outcome = max(outcome, switch (name) {
                        case "error" -> Outcome.ERROR;
                        case "failure" -> Outcome.FAILURE;
                        case "skipped" -> Outcome.SKIPPED;
                        default -> Outcome.PASSED;
                    });
                } else if (name.equals("testsuite")) {
                    tool = tool(xml, tool);
                    if (rootIsSuites && depth == 2) {
                        topSuites.add(xml);
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (depth == caseDepth) {
                    cases++;
                    counted[outcome.ordinal()]++;
                    caseDepth = -1;
                }
                depth--;
            }
        }
        Totals summary = rootIsSuites && !root.stated ? topSuites : root;
        long tests = cases > 0 ? cases : summary.tests;
        long failures = cases > 0 ? counted[Outcome.FAILURE.ordinal()] : summary.failures;
        long errors = cases > 0 ? counted[Outcome.ERROR.ordinal()] : summary.errors;
        long skipped = cases > 0 ? counted[Outcome.SKIPPED.ordinal()] : summary.skipped;
        long passed = tests - failures - errors - skipped;
        if (passed < 0) {
            throw new EvidenceException(file, "inconsistent counts: tests=" + tests + " but failures+errors+skipped="
                    + (failures + errors + skipped));
        }
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("tests", (double) tests);
        values.put("failures", (double) failures);
        values.put("errors", (double) errors);
        values.put("skipped", (double) skipped);
        values.put("passed", (double) passed);
        if (root.timed > 0) {
            values.put("duration_seconds", root.seconds);
        } else if (topSuites.suites > 0 && topSuites.timed == topSuites.suites) {
            values.put("duration_seconds", topSuites.seconds);
        }
        return new ParsedReport(file, ReportFormat.JUNIT, tool, values);
    }

    /** Tool hints that are unambiguous; anything else stays as it was. */
    private static String tool(SafeXml xml, String current) {
        String name = xml.attribute("name");
        String schema = xml.attribute("noNamespaceSchemaLocation");
        if (schema != null && schema.contains("surefire-test-report")) {
            return "surefire";
        }
        if (schema != null && schema.contains("failsafe-test-report")) {
            return "failsafe";
        }
        if (name != null && (name.equals("pytest") || name.startsWith("pytest "))) {
            return "pytest";
        }
        if ("jest tests".equals(name)) {
            return "jest";
        }
        return current;
    }

    /** The {@code time} attribute in seconds; surefire once wrote "1,234.5", so grouping commas are dropped. */
    private static Double seconds(SafeXml xml) throws EvidenceException {
        String text = xml.attribute("time");
        Double value = null;
        if (text != null && text.indexOf(',') >= 0 && text.indexOf('.') > text.lastIndexOf(',')) {
            try {
                value = Double.parseDouble(text.replace(",", ""));
            } catch (NumberFormatException e) {
                // not grouping commas after all; number() below says precisely what is wrong
            }
        }
        value = value != null && Double.isFinite(value) ? value : xml.number("time");
        if (value != null && value < 0) {
            throw xml.reject("<" + xml.name() + "> attribute time=\"" + text + "\" is negative");
        }
        return value;
    }

    private static Outcome max(Outcome a, Outcome b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}

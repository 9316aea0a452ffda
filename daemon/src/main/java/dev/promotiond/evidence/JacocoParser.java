package dev.promotiond.evidence;

import javax.xml.stream.XMLStreamConstants;

/**
 * JaCoCo XML (root {@code <report>}, usually after an id-only DOCTYPE). Totals are the
 * {@code <counter type="LINE|BRANCH" missed=".." covered=".."/>} elements directly under the root;
 * the counters of packages, classes and methods below are ignored.
 */
final class JacocoParser {
    private JacocoParser() {
    }

    /** @param xml positioned at the root {@code <report>} element */
    static ParsedReport parse(String file, SafeXml xml) throws EvidenceException {
        Long linesCovered = null;
        Long linesValid = null;
        Long branchesCovered = null;
        Long branchesValid = null;
        int depth = 1;
        int event;
        while ((event = xml.next()) != XMLStreamConstants.END_DOCUMENT) {
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                if (depth == 2 && xml.name().equals("counter")) {
                    String type = xml.attribute("type");
                    long missed = required(xml, "missed");
                    long covered = required(xml, "covered");
                    if ("LINE".equals(type)) {
                        linesCovered = covered;
                        linesValid = missed + covered;
                    } else if ("BRANCH".equals(type)) {
                        branchesCovered = covered;
                        branchesValid = missed + covered;
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        if (linesValid == null) {
            throw new EvidenceException(file, "JaCoCo report has no report-level LINE counter (was anything analysed?)");
        }
        return new ParsedReport(file, ReportFormat.JACOCO, "jacoco",
                CoverageValues.of(linesCovered, linesValid, null, branchesCovered, branchesValid, null));
    }

    private static long required(SafeXml xml, String attribute) throws EvidenceException {
        Long value = xml.count(attribute);
        if (value == null) {
            throw xml.reject("<counter> has no " + attribute + " attribute");
        }
        return value;
    }
}

package dev.promotiond.evidence;

import static dev.promotiond.evidence.EvidenceSamples.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JunitParserTest {
    private static ParsedReport parseText(String xml) throws EvidenceException {
        return ReportParsers.parse("report.xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pytestReportCountsFailuresErrorsAndSkipsPerTestCase() throws EvidenceException {
        ParsedReport report = parse("pytest-junit.xml");

        assertThat(report.format()).isEqualTo(ReportFormat.JUNIT);
        assertThat(report.tool()).isEqualTo("pytest");
        assertThat(report.values()).containsExactly(
                entry("duration_seconds", 3.412), entry("errors", 1.0), entry("failures", 2.0),
                entry("passed", 4.0), entry("skipped", 2.0), entry("tests", 9.0));
    }

    @Test
    void surefireReportLeavesFlakyTestsPassed() throws EvidenceException {
        ParsedReport report = parse("TEST-com.example.orders.OrderServiceTest.xml");

        assertThat(report.tool()).isEqualTo("surefire");
        assertThat(report.values()).containsExactly(
                entry("duration_seconds", 1.207), entry("errors", 0.0), entry("failures", 1.0),
                entry("passed", 4.0), entry("skipped", 1.0), entry("tests", 6.0));
    }

    @Test
    void listedTestCasesWinOverSummaryAttributes() throws EvidenceException {
        ParsedReport report = parseText("""
                <testsuite name="com.example.A" tests="40" failures="0" errors="0" skipped="0" time="2.5">
                  <testcase name="a"/><testcase name="b"><error message="boom"/></testcase>
                </testsuite>""");

        assertThat(report.values()).contains(entry("tests", 2.0), entry("errors", 1.0), entry("passed", 1.0));
        assertThat(report.tool()).isEqualTo("junit");
    }

    @Test
    void fileWithoutTestCasesFallsBackToTheSuitesAttributes() throws EvidenceException {
        ParsedReport report = parseText("""
                <testsuites>
                  <testsuite name="unit" tests="10" failures="1" errors="0" skipped="2" time="1.5"/>
                  <testsuite name="api" tests="5" failures="0" errors="1" skipped="0" time="0.25"/>
                </testsuites>""");

        assertThat(report.values()).containsExactly(
                entry("duration_seconds", 1.75), entry("errors", 1.0), entry("failures", 1.0),
                entry("passed", 11.0), entry("skipped", 2.0), entry("tests", 15.0));
    }

    @Test
    void rootSummaryIsPreferredOverItsNestedSuites() throws EvidenceException {
        ParsedReport report = parseText("""
                <testsuites name="jest tests" tests="3" failures="1" errors="0" time="4.2">
                  <testsuite name="cart.test.js" tests="3" failures="1" errors="0" skipped="0" time="4.1">
                    <testsuite name="nested" tests="3" failures="1"/>
                  </testsuite>
                </testsuites>""");

        assertThat(report.tool()).isEqualTo("jest");
        assertThat(report.values()).contains(entry("tests", 3.0), entry("failures", 1.0), entry("passed", 2.0),
                entry("duration_seconds", 4.2));
    }

    @Test
    void aTestCaseWithBothFailureAndErrorCountsOnceAsAnError() throws EvidenceException {
        ParsedReport report = parseText("""
                <testsuite name="pytest"><testcase name="t"><failure message="f"/><error message="teardown"/></testcase></testsuite>""");

        assertThat(report.values()).contains(entry("tests", 1.0), entry("errors", 1.0), entry("failures", 0.0));
    }

    @Test
    void durationIsLeftOutWhenNoTimeIsStated() throws EvidenceException {
        ParsedReport report = parseText("<testsuite name=\"x\"><testcase name=\"a\"/></testsuite>");

        assertThat(report.values()).doesNotContainKey("duration_seconds").containsEntry("passed", 1.0);
    }

    @Test
    void surefireThousandsSeparatorsInTimesAreRead() throws EvidenceException {
        ParsedReport report = parseText("<testsuite name=\"x\" time=\"1,234.5\"><testcase name=\"a\"/></testsuite>");

        assertThat(report.values()).containsEntry("duration_seconds", 1234.5);
    }

    @Test
    void emptyTestsuitesSaysZeroTests() throws EvidenceException {
        assertThat(parseText("<testsuites/>").values()).containsExactly(
                entry("errors", 0.0), entry("failures", 0.0), entry("passed", 0.0), entry("skipped", 0.0), entry("tests", 0.0));
    }

    @Test
    void inconsistentSummaryIsRejected() {
        assertThatThrownBy(() -> parseText("<testsuite name=\"x\" tests=\"1\" failures=\"3\"/>"))
                .isInstanceOf(EvidenceException.class)
                .hasMessage("report.xml: inconsistent counts: tests=1 but failures+errors+skipped=3");
    }

    @Test
    void nonNumericCountNamesTheAttribute() {
        assertThatThrownBy(() -> parseText("<testsuite name=\"x\" tests=\"many\"/>"))
                .isInstanceOf(EvidenceException.class)
                .hasMessageStartingWith("report.xml: <testsuite> attribute tests=\"many\" is not a number (at 1:");
    }

    @Test
    void fractionalOrNegativeCountsAreRejected() {
        assertThatThrownBy(() -> parseText("<testsuite tests=\"2.5\"/>"))
                .hasMessageContaining("tests=\"2.5\" is not a whole number ≥ 0");
        assertThatThrownBy(() -> parseText("<testsuite tests=\"-1\"/>"))
                .hasMessageContaining("tests=\"-1\" is not a whole number ≥ 0");
        assertThatThrownBy(() -> parseText("<testsuite tests=\"NaN\"/>"))
                .hasMessageContaining("tests=\"NaN\" is not a finite number");
    }
}

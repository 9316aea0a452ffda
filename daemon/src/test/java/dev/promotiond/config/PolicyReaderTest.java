package dev.promotiond.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotiond.facts.SlaPolicy;
import dev.promotiond.facts.Threshold;
import dev.promotiond.facts.ToProductionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyReaderTest {
    static final Path SHIPPED = Path.of(System.getProperty("promotiond.rules.dir", "../rules")).resolve("policy.yaml");

    @TempDir
    Path dir;

    Policy read(String text) throws Exception {
        Path f = dir.resolve("policy.yaml");
        Files.writeString(f, text);
        return PolicyReader.read(f);
    }

    List<String> problems(String text) {
        try {
            read(text);
        } catch (ConfigException e) {
            return e.problems().stream().map(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message())
                    .toList();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no problem reported");
    }

    /** The shipped policy with one line replaced. */
    static String shipped(String from, String to) throws Exception {
        String text = Files.readString(SHIPPED);
        assertThat(text).contains(from);
        return text.replace(from, to);
    }

    @Test
    void theShippedPolicyHasEveryThresholdOfTheGuideWithItsUnit() throws Exception {
        Policy p = PolicyReader.read(SHIPPED);
        assertThat(p.threshold(PolicyKey.UNIT_COVERAGE, "x", null).value()).isEqualTo(0.70);
        assertThat(p.threshold(PolicyKey.INTEGRATION_COVERAGE, "x", null).value()).isEqualTo(0.80);
        assertThat(p.threshold(PolicyKey.SOAK, "x", null).seconds()).isEqualTo(7 * 86400);
        assertThat(p.threshold(PolicyKey.STAGING_UPTIME, "x", null).value()).isEqualTo(0.995);
        assertThat(p.threshold(PolicyKey.LATENCY_P95, "x", null).value()).isEqualTo(0.5);
        assertThat(p.threshold(PolicyKey.CLOSE_WATCH, "x", null).seconds()).isEqualTo(24 * 3600);
        assertThat(p.threshold(PolicyKey.LATENCY_P50, "x", null)).as("optional and unset: not judged").isNull();
        assertThat(p.windows()).containsExactly(Duration.ofDays(7));
    }

    @Test
    void theErrorBudgetIsDerivedFromTheObjectiveUnlessSet() throws Exception {
        Policy derived = read(shipped("min_uptime: 99.5%", "min_uptime: 99.9%"));
        Threshold budget = derived.threshold(PolicyKey.ERROR_BUDGET, "x", null);
        assertThat(budget.value()).isCloseTo(0.001, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(budget.text()).isEqualTo("0.1%");
        assertThat(budget.scope()).startsWith("derived: 100% - min_uptime 99.9%");

        Policy set = read(shipped("# max_error_budget: 0.5%", "max_error_budget: 0.3%"));
        assertThat(set.threshold(PolicyKey.ERROR_BUDGET, "x", null).value()).isEqualTo(0.003);
        assertThat(set.threshold(PolicyKey.ERROR_BUDGET, "x", null).scope()).isEqualTo("default");
    }

    @Test
    void componentOverGroupOverDefaultKeyByKey() throws Exception {
        Policy p = read(Files.readString(SHIPPED) + """
                groups:
                  Core Infrastructure:
                    sla: {max_latency_p95: 400ms, max_error_ratio: 0.2%}
                components:
                  checkout-api:
                    sla: {max_latency_p95: 300ms}
                """);
        SlaPolicy checkout = (SlaPolicy) p.facts("checkout-api", "Core Infrastructure").get(2);
        assertThat(checkout.maxLatencyP95().value()).isEqualTo(0.3);
        assertThat(checkout.maxLatencyP95().describe()).matches("≤ 300ms \\(for checkout-api, policy\\.yaml:\\d+:\\d+\\)");
        assertThat(checkout.maxErrorRatio().describe()).startsWith("≤ 0.2% (for group Core Infrastructure, policy.yaml:");
        SlaPolicy other = (SlaPolicy) p.facts("billing", "").get(2);
        assertThat(other.maxLatencyP95().describe()).startsWith("≤ 500ms (default, policy.yaml:");
        ToProductionPolicy tp = (ToProductionPolicy) p.facts("checkout-api", "Core Infrastructure").get(1);
        assertThat(tp.minUptime().scope()).isEqualTo("default");
    }

    @Test
    void aPercentageWithoutItsUnitIsRefusedAtItsPositionWithAHint() throws Exception {
        String text = shipped("min_uptime: 99.5%", "min_uptime: 99.5");
        int line = lineOf(text, "min_uptime: 99.5 ");
        assertThat(problems(text)).containsExactly(line + ":17 defaults.to_production.min_uptime: \"99.5\" has no unit:"
                + " a percentage needs \"%\" (write 99.5%)");
        assertThat(problems(shipped("min_uptime: 99.5%", "min_uptime: 0.995")).get(0))
                .contains("write 99.5% for a ratio of 0.995");
    }

    @Test
    void aDurationInWordsIsRefusedWithTheShortForm() throws Exception {
        String text = shipped("soak: 7d ", "soak: 7 days ");
        assertThat(problems(text)).containsExactly(lineOf(text, "soak: 7 days") + ":11 defaults.to_production.soak:"
                + " bad duration \"7 days\" (write 7d)");
    }

    @Test
    void everyProblemIsReportedAtOnceEachAtItsPlace() throws Exception {
        List<String> found = problems("""
                defaults:
                  to_staging:
                    min_unit_coverage: 170%
                    max_lint_violations: -1
                    min_unit_coverag: 70%
                  to_production:
                    uptime_window: 90s
                    security_fail_at: CRITICAL
                  sla:
                    min_peak_load: 50
                groups:
                  g: [1]
                components:
                  api:
                    nowhere: {x: 1}
                """);
        assertThat(found).anyMatch(s -> s.startsWith("3:24 defaults.to_staging.min_unit_coverage: \"170%\" is more than 100%"))
                .anyMatch(s -> s.startsWith("4:26 defaults.to_staging.max_lint_violations: bad count \"-1\""))
                .anyMatch(s -> s.startsWith("5:5 defaults.to_staging.min_unit_coverag: unknown key"))
                .anyMatch(s -> s.startsWith("7:20 defaults.to_production.uptime_window: a window must be whole minutes"))
                .anyMatch(s -> s.startsWith("8:23 defaults.to_production.security_fail_at: bandit ranks findings"))
                .anyMatch(s -> s.startsWith("10:20 defaults.sla.min_peak_load: \"50\" has no unit") && s.contains("50/s"))
                .anyMatch(s -> s.startsWith("12:6 groups.g: expected a mapping of sections"))
                .anyMatch(s -> s.startsWith("15:5 components.api.nowhere: unknown key"))
                .anyMatch(s -> s.contains("defaults.to_production.soak: missing; required"));
    }

    @Test
    void aWindowLongerThanRetentionIsNamedAtItsLine() throws Exception {
        String text = Files.readString(SHIPPED) + """
                groups:
                  databases:
                    in_production: {uptime_window: 60d}
                """;
        Policy p = read(text);
        List<ConfigProblem> found = p.windowsWithin(Duration.ofDays(35));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).toString()).contains("policy.yaml:" + lineOf(text, "uptime_window: 60d") + ":")
                .contains("uptime window 60d is longer than the store's retention 35d");
        assertThat(p.windowsWithin(Duration.ofDays(90))).isEmpty();
    }

    static int lineOf(String text, String needle) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in the text");
    }

    @Test
    void aPolicyWithoutDefaultsSaysWhatIsMissing() {
        assertThatThrownBy(() -> read("groups: {}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("defaults: missing; required");
    }

    @Test
    void aThresholdWithNoValueIsAnErrorAtItsLineNotADefault() throws Exception {
        // "max_latency_p95:" with the number forgotten must not quietly take the looser default
        String text = Files.readString(SHIPPED).replace("min_uptime: 99.5%", "min_uptime:") + """
                components:
                  pay-api:
                    sla:
                      max_latency_p95:
                """;
        List<String> found = problems(text);
        assertThat(found).anyMatch(s -> s.startsWith(lineOf(text, "min_uptime:") + ":5 defaults.to_production.min_uptime:"
                        + " no value"))
                .anyMatch(s -> s.startsWith((lineOf(text, "  pay-api:") + 2) + ":7 components.pay-api.sla"
                        + ".max_latency_p95: no value") && s.contains("500ms"))
                .noneMatch(s -> s.contains("missing; required"));
    }

    @Test
    void aComponentOrGroupTheConfigDoesNotHaveIsNamedWithItsLine() throws Exception {
        // a typo in a name ("checkout_api" for checkout-api) would quietly leave the default in force
        String text = Files.readString(SHIPPED) + """
                groups:
                  Payments:
                    to_production: {soak: 10d}
                  Paymnets:
                    to_production: {soak: 10d}
                components:
                  checkout-api:
                    sla: {max_latency_p95: 300ms}
                  checkout_api:
                    sla: {max_latency_p95: 300ms}
                """;
        Policy p = read(text);
        List<String> found = p.unmatched(List.of("checkout-api", "search-api"), List.of("Payments", ""))
                .stream().map(ConfigProblem::toString).toList();
        assertThat(found).hasSize(2);
        assertThat(found.get(0)).contains("policy.yaml:" + lineOf(text, "  Paymnets:") + ":")
                .contains("groups.Paymnets: no component of the config is in this group");
        assertThat(found.get(1)).contains("policy.yaml:" + lineOf(text, "  checkout_api:") + ":")
                .contains("components.checkout_api: no component of this name in the config");
    }
}

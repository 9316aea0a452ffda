package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesExplainCommandTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules"));

    @TempDir
    Path dir;
    Path rules;

    @BeforeEach
    void rulesWithOverrides() throws Exception {
        rules = Files.createDirectories(dir.resolve("rules"));
        dev.promotiond.testing.RulesCopy.into(rules);
        Files.writeString(rules.resolve("policy.yaml"), Files.readString(rules.resolve("policy.yaml")) + """

                groups:
                  Payments:
                    to_production: {soak: 10d}
                components:
                  checkout-api:
                    sla: {max_latency_p95: 300ms}
                """);
    }

    CheckAgainstRunningDaemonTest.Run explain(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Stream.concat(Stream.of("rules", "explain", rules.toString()), Stream.of(args))
                .toArray(String[]::new);
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new CheckAgainstRunningDaemonTest.Run(exit, out.toString(), err.toString());
    }

    @Test
    void everyCriterionWithItsThresholdItsSourceAndItsRule() {
        CheckAgainstRunningDaemonTest.Run r = explain("--component", "checkout-api", "--group", "Payments",
                "--target", "production");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Effective policy for checkout-api (group Payments)")
                .containsPattern("latency-p95 +≤ 300ms \\(for checkout-api, policy\\.yaml:\\d+:\\d+\\)")
                .containsPattern("soak-duration +≥ 10d observed \\(for group Payments, policy\\.yaml:\\d+:\\d+\\)")
                .containsPattern("integration-coverage +≥ 80% lines \\(default, policy\\.yaml:21:31\\)")
                .containsPattern("rule \"staging uptime\" \\(staging\\.drl:\\d+\\)")
                .containsPattern("uptime-7d +≥ 99\\.5% over 7d, observed ≥ 90% \\(default, policy\\.yaml:\\d+:\\d+\\)\\R")
                .contains("In Production:").contains("close-watch")
                .containsPattern("in_production\\.close_watch +24h \\(default, policy\\.yaml:\\d+:\\d+\\)")
                .contains("derived: 100% - min_uptime 99.5%")
                .doesNotContain("Development → Staging");
    }

    @Test
    void anotherComponentGetsTheDefaultsAndJsonSaysTheSame() throws Exception {
        CheckAgainstRunningDaemonTest.Run r = explain("--component", "search-api", "--target", "production",
                "--output", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode p95 = null;
        for (JsonNode c : doc.path("criteria")) {
            if (c.path("criterion").asText().equals("latency-p95") && c.path("section").asText().startsWith("Staging")) {
                p95 = c;
            }
        }
        assertThat(p95.path("threshold").asText()).startsWith("≤ 500ms (default, policy.yaml:");
        assertThat(p95.path("rule_at").asText()).matches("sla\\.drl:\\d+");
    }

    @Test
    void aBadTargetIsAUsageError() {
        CheckAgainstRunningDaemonTest.Run r = explain("--target", "qa");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--target: expected staging or production, found \"qa\"");
    }

    @Test
    void aWindowOfADayOrOfMinutesIsExplainedLikeTheDaemonNamesIt() throws Exception {
        // the daemon names a 24-hour window "24h" and a 90-minute one "90m"; explain must give its
        // uptime facts the same names, or the uptime criterion of such a policy is left out
        Path policy = rules.resolve("policy.yaml");
        Files.writeString(policy, Files.readString(policy).replace("  Payments:\n", """
                  Short:
                    to_production: {uptime_window: 24h}
                    in_production: {uptime_window: 1h30m}
                  Payments:
                """));
        CheckAgainstRunningDaemonTest.Run r = explain("--component", "x", "--group", "Short", "--target", "production");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("uptime-24h +≥ 99\\.5% over 24h")
                .containsPattern("uptime-90m +≥ 99\\.9% over 90m");
    }
}

package dev.promotiond.kit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.app.Daemon;
import dev.promotiond.testing.RunningDemo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * daemon/deploy/ci/promotion-gate.sh, the one script both CI examples call, run by bash against a
 * running demo daemon: its exit code is check's (0 ready, 1 not ready, 3 unknown, 2 error), an
 * unknown answer is asked again when retries are allowed and never becomes a yes, and a failed
 * evidence push stops the gate before it asks.
 */
class PromotionGateScriptTest {
    static final Path SCRIPT = KitValidationTest.REPO.resolve("daemon/deploy/ci/promotion-gate.sh");

    @TempDir
    static Path dir;
    static RunningDemo running;
    static String url;

    record Run(int code, String output) {
    }

    @BeforeAll
    static void startDemo() throws Exception {
        running = RunningDemo.start(dir);
        Daemon daemon = running.daemon();
        url = "http://127.0.0.1:" + daemon.port();
    }

    @AfterAll
    static void stopDemo() {
        running.close();
    }

    @Test
    void aReadyComponentPassesTheGate() throws Exception {
        Run r = gate(Map.of("GATE_COMPONENT", "catalog-api", "GATE_TARGET", "production"));
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("promotion gate: catalog-api may be promoted to production");
    }

    @Test
    void aNotReadyComponentFailsTheGateWithItsCriteria() throws Exception {
        Run r = gate(Map.of("GATE_COMPONENT", "checkout-api", "GATE_TARGET", "production"));
        assertThat(r.code()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("soak").contains("not ready for production: see the unmet criteria above");
    }

    @Test
    void anUnknownComponentFailsTheGateAfterItsRetries() throws Exception {
        Run r = gate(Map.of("GATE_COMPONENT", "billing-worker", "GATE_TARGET", "production",
                "GATE_UNKNOWN_RETRIES", "1", "GATE_UNKNOWN_DELAY", "0"));
        assertThat(r.code()).as(r.output()).isEqualTo(3);
        assertThat(r.output()).contains("is unknown; asking again in 0s (1 of 1)")
                .contains("readiness of billing-worker for production is unknown").contains("not deploying");
    }

    @Test
    void aFailedEvidencePushStopsTheGateBeforeItAsks() throws Exception {
        Path junit = dir.resolve("junit.xml");
        Files.writeString(junit, "<testsuite name=\"t\" tests=\"1\"><testcase name=\"a\"/></testsuite>\n");
        // the demo configures no token, so every push is refused (403)
        Run r = gate(Map.of("GATE_COMPONENT", "catalog-api", "GATE_TARGET", "production", "GATE_VERSION", "1.0.0"),
                "junit=" + junit);
        assertThat(r.code()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("pushing junit evidence (" + junit + ") failed")
                .doesNotContain("may be promoted");
    }

    @Test
    void anUnreachableDaemonIsAnError() throws Exception {
        Run r = gate(Map.of("GATE_COMPONENT", "catalog-api", "GATE_TARGET", "production",
                "PROMOTIOND_URL", "http://127.0.0.1:1"));
        assertThat(r.code()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("promotiond check failed with exit code 2");
    }

    @Test
    void aMissingSettingIsAnErrorNamingIt() throws Exception {
        Run r = gate(Map.of("GATE_TARGET", "production"));
        assertThat(r.code()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("GATE_COMPONENT is not set");
    }

    /** Runs the script with bash, the CLI from this build's classpath, and {@code env} over the defaults. */
    private static Run gate(Map<String, String> env, String... evidence) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(evidence));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("PROMOTIOND_TOKEN");
        pb.environment().put("PROMOTIOND_URL", url);
        pb.environment().put("PROMOTIOND", Path.of(System.getProperty("java.home"), "bin", "java")
                + " -XX:TieredStopAtLevel=1 -cp " + System.getProperty("java.class.path") + " dev.promotiond.cli.Main");
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}

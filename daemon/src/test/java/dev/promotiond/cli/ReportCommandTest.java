package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The report's performance and blocker sections, from API answers with SLIs. */
class ReportCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void performanceListsTheGuidesSlisInOrderAndUnknownOnesWithTheirReason() throws Exception {
        JsonNode readiness = JSON.readTree("""
                {"component": "pay", "version": "2.0.0", "stage": "staging", "target": "production",
                 "state": "unknown", "evaluatedAt": "2026-11-24T10:00:00Z",
                 "stages": {"declared": "staging", "declaredSource": "config", "recorded": null, "drift": false},
                 "criteria": [
                   {"name": "latency-p95", "state": "met", "observed": "120 ms", "threshold": "≤ 500 ms",
                    "reason": "within"},
                   {"name": "error-ratio", "state": "unknown", "observed": "-", "threshold": "≤ 1%",
                    "reason": "error_ratio unknown: Prometheus unreachable"}]}
                """);
        JsonNode detail = JSON.readTree("""
                {"group": "Payments", "dependencies": [], "evidence": [], "uptime": {}, "soak": null,
                 "slis": [
                   {"name": "memory_bytes", "display": "190.5 MiB", "sampleAt": "2026-11-24T10:00:00Z", "unknownReason": null},
                   {"name": "latency_p95_seconds", "display": "120 ms", "sampleAt": "2026-11-24T10:00:00Z", "unknownReason": null},
                   {"name": "error_ratio", "display": null, "sampleAt": null, "unknownReason": "Prometheus unreachable"},
                   {"name": "cpu_cores", "display": "0.15", "sampleAt": "2026-11-24T10:00:00Z", "unknownReason": null}]}
                """);
        String md = ReportCommand.render(readiness, detail, JSON.readTree("[]"), JSON.readTree("[]"));
        assertThat(md).contains("| Readiness | UNKNOWN |");
        int p95 = md.indexOf("| latency_p95_seconds | 120 ms |");
        int errors = md.indexOf("| error_ratio | unknown |");
        int cpu = md.indexOf("| cpu_cores | 0.15 |");
        int memory = md.indexOf("| memory_bytes | 190.5 MiB |");
        assertThat(p95).isPositive();
        assertThat(errors).isGreaterThan(p95);
        assertThat(cpu).isGreaterThan(errors);
        assertThat(memory).isGreaterThan(cpu);
        assertThat(md).contains("Prometheus unreachable |");
        assertThat(md).contains("- **error-ratio** is unknown: error_ratio unknown: Prometheus unreachable");
        assertThat(md).contains("- [x] **latency-p95** (met)").contains("- [ ] **error-ratio** (unknown)");
    }
}

package dev.promotiond.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promotiond.facts.Criteria;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code promotiond report}: a promotion request in the guide's form, in Markdown, from what a running
 * daemon measured — never from hand-typed numbers.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print a Markdown promotion request for a component, with the measured evidence.")
final class ReportCommand implements Callable<Integer> {
    private static final List<String> PERFORMANCE = List.of("latency_p50_seconds", "latency_p95_seconds",
            "latency_p99_seconds", "request_rate", "error_ratio", "cpu_cores", "memory_bytes");

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonTarget daemon;

    @Option(names = "--target", required = true, paramLabel = "STAGE", description = "staging or production")
    String target;

    @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION")
    String timeout;

    @Override
    public Integer call() {
        try (DaemonClient client = new DaemonClient(daemon, CheckCommand.parseTimeout(timeout), null)) {
            DaemonClient.Answer readiness = client.get(client.url("components", daemon.component, "readiness")
                    .addQueryParameter("target", target).build());
            require(readiness);
            DaemonClient.Answer detail = client.get(client.url("components", daemon.component).build());
            require(detail);
            DaemonClient.Answer all = client.all(client.url("components").build());
            require(all);
            DaemonClient.Answer history = client.all(client.url("components", daemon.component, "history").build());
            require(history);
            PrintWriter out = spec.commandLine().getOut();
            out.print(render(readiness.body(), detail.body(), all.body(), history.body()));
            out.flush();
            return ExitCodes.OK;
        }
    }

    private static void require(DaemonClient.Answer a) {
        if (a.status() != 200) {
            throw new CliException(ExitCodes.ERROR, a.error());
        }
    }

    static String render(JsonNode readiness, JsonNode detail, JsonNode all, JsonNode history) {
        StringBuilder b = new StringBuilder();
        String name = readiness.path("component").asText();
        String targetTitle = title(readiness.path("target").asText());
        JsonNode stages = readiness.path("stages");
        b.append("# Promotion request: ").append(name).append(" → ").append(targetTitle).append("\n\n");
        b.append("| | |\n|---|---|\n");
        row(b, "Component", name + (detail.path("group").asText().isEmpty() ? "" : " (" + detail.path("group").asText() + ")"));
        row(b, "Version", readiness.path("version").asText("unknown"));
        row(b, "Current stage", title(readiness.path("stage").asText()) + stageNote(stages));
        row(b, "Target stage", targetTitle);
        row(b, "Readiness", readiness.path("state").asText().toUpperCase(Locale.ROOT).replace('_', ' '));
        row(b, "Evaluated at", readiness.path("evaluatedAt").asText());
        b.append('\n');

        b.append("## Criteria\n\n");
        List<JsonNode> blockers = new ArrayList<>();
        for (JsonNode c : readiness.path("criteria")) {
            String state = c.path("state").asText();
            b.append("- [").append(state.equals("met") ? "x" : " ").append("] **").append(c.path("name").asText())
                    .append("** (").append(state).append("): ").append(c.path("observed").asText()).append(" — required ")
                    .append(c.path("threshold").asText()).append(". ").append(c.path("reason").asText()).append('\n');
            if (!state.equals("met")) {
                blockers.add(c);
            }
        }
        if (readiness.path("criteria").isEmpty()) {
            b.append("No criteria were evaluated for this target.\n");
        }
        b.append('\n');

        b.append("## Test results\n\n");
        List<JsonNode> tests = new ArrayList<>();
        JsonNode security = null;
        for (JsonNode e : detail.path("evidence")) {
            String kind = e.path("kind").asText();
            if (e.path("values").has("tests") || e.path("values").has("line_coverage_percent")) {
                tests.add(e);
            }
            if (kind.equals("security")) {
                security = e;
            }
        }
        if (tests.isEmpty()) {
            b.append("No test evidence received.\n\n");
        } else {
            b.append("| Kind | Version | Tool | Passed | Failed | Skipped | Line coverage | Received |\n");
            b.append("|---|---|---|---:|---:|---:|---:|---|\n");
            for (JsonNode e : tests) {
                JsonNode v = e.path("values");
                b.append("| ").append(e.path("kind").asText()).append(" | ").append(e.path("version").asText())
                        .append(e.path("current").asBoolean() ? "" : " (stale)").append(" | ")
                        .append(e.path("tool").asText()).append(" | ").append(count(v, "passed")).append(" | ")
                        .append(v.has("tests") ? String.valueOf(Math.round(v.path("failures").asDouble()
                                + v.path("errors").asDouble())) : "-").append(" | ")
                        .append(count(v, "skipped")).append(" | ")
                        .append(v.has("line_coverage_percent") ? fixed(v.path("line_coverage_percent").asDouble()) + "%" : "-")
                        .append(" | ").append(e.path("receivedAt").asText()).append(" |\n");
            }
            b.append('\n');
        }

        b.append("## Performance\n\n");
        Map<String, JsonNode> slis = new HashMap<>();
        for (JsonNode s : detail.path("slis")) {
            slis.put(s.path("name").asText(), s);
        }
        if (slis.isEmpty()) {
            b.append("No SLIs (no Prometheus metrics configured for this component).\n\n");
        } else {
            b.append("| SLI | Value | Sampled at | Note |\n|---|---:|---|---|\n");
            List<String> names = new ArrayList<>(PERFORMANCE);
            slis.keySet().stream().filter(n -> !PERFORMANCE.contains(n)).sorted().forEach(names::add);
            for (String n : names) {
                JsonNode s = slis.get(n);
                if (s == null) {
                    continue;
                }
                b.append("| ").append(n).append(" | ").append(s.path("display").isNull() ? "unknown" : s.path("display").asText())
                        .append(" | ").append(s.path("sampleAt").asText("-")).append(" | ")
                        .append(s.path("unknownReason").isNull() ? "" : s.path("unknownReason").asText()).append(" |\n");
            }
            b.append('\n');
        }

        b.append("## Uptime over the soak\n\n");
        JsonNode soak = detail.path("soak");
        if (soak.isMissingNode() || soak.isNull()) {
            b.append("No soak: the component is not probed by the daemon, or no probe has run in this stage.\n");
        } else {
            b.append("- Version ").append(soak.path("version").asText("unknown")).append(" in ")
                    .append(title(soak.path("stage").asText())).append(" since ").append(soak.path("startedAt").asText())
                    .append(": ").append(Criteria.duration(soak.path("observedSeconds").asLong())).append(" observed of ")
                    .append(Criteria.duration(soak.path("wallSeconds").asLong())).append(" wall time\n");
            b.append("- Uptime over the soak: ").append(soak.path("ratio").isNull() ? "-" : fixed(soak.path("ratio").asDouble() * 100) + "%")
                    .append(" (").append(soak.path("up").asLong()).append(" UP, ").append(soak.path("down").asLong())
                    .append(" DOWN probes)\n");
            if (soak.has("state")) {
                b.append("- Soak state: ").append(soak.path("state").asText()).append(" — ").append(soak.path("reason").asText())
                        .append('\n');
            }
        }
        JsonNode uptime = detail.path("uptime");
        if (uptime.size() > 0) {
            b.append("\n| Window | Uptime | Coverage |\n|---|---:|---:|\n");
            uptime.properties().forEach(w -> b.append("| ").append(w.getKey()).append(" | ")
                    .append(w.getValue().path("ratio").isNull() ? "-" : fixed(w.getValue().path("ratio").asDouble() * 100) + "%")
                    .append(" | ").append(fixed(w.getValue().path("coverage").asDouble() * 100)).append("% |\n"));
        }
        b.append('\n');

        b.append("## Security\n\n");
        if (security == null) {
            b.append("No security scan received.\n\n");
        } else {
            JsonNode v = security.path("values");
            b.append("- ").append(security.path("tool").asText()).append(" on version ").append(security.path("version").asText())
                    .append(security.path("current").asBoolean() ? "" : " (stale: not the version being judged)")
                    .append(": ").append(count(v, "severity_high")).append(" high, ").append(count(v, "severity_medium"))
                    .append(" medium, ").append(count(v, "severity_low")).append(" low severity findings\n\n");
        }

        b.append("## Dependencies\n\n");
        Map<String, String> stageOf = new HashMap<>();
        for (JsonNode c : all) {
            stageOf.put(c.path("name").asText(), c.path("stage").asText());
        }
        if (detail.path("dependencies").isEmpty()) {
            b.append("None.\n\n");
        } else {
            b.append("| Dependency | Stage |\n|---|---|\n");
            for (JsonNode d : detail.path("dependencies")) {
                String s = stageOf.get(d.asText());
                b.append("| ").append(d.asText()).append(" | ").append(s == null ? "unknown" : title(s)).append(" |\n");
            }
            b.append('\n');
        }

        b.append("## Rollback plan\n\n");
        boolean any = false;
        for (JsonNode c : readiness.path("criteria")) {
            if (c.path("name").asText().startsWith("rollback")) {
                b.append("- ").append(c.path("name").asText()).append(": ").append(c.path("reason").asText()).append('\n');
                any = true;
            }
        }
        for (JsonNode h : history) {
            if (h.path("kind").asText().equals("rollback")) {
                b.append("- rolled back to ").append(h.path("version").asText()).append(" in ")
                        .append(title(h.path("stage").asText())).append(" at ").append(h.path("at").asText()).append('\n');
                any = true;
            }
        }
        if (!any) {
            b.append("No rollback plan or rollback test on record.\n");
        }
        b.append('\n');

        b.append("## Blockers\n\n");
        if (blockers.isEmpty()) {
            b.append("None: every criterion is met.\n");
        } else {
            for (JsonNode c : blockers) {
                b.append("- **").append(c.path("name").asText()).append("** is ").append(c.path("state").asText())
                        .append(": ").append(c.path("reason").asText()).append('\n');
            }
        }
        return b.toString();
    }

    private static String stageNote(JsonNode stages) {
        if (stages.isMissingNode() || stages.isNull()) {
            return "";
        }
        StringBuilder b = new StringBuilder(" (declared ").append(title(stages.path("declared").asText()))
                .append(" in ").append(stages.path("declaredSource").asText());
        if (!stages.path("recorded").isNull()) {
            b.append("; recorded ").append(title(stages.path("recorded").asText())).append(" for ")
                    .append(stages.path("recordedVersion").asText()).append(" at ").append(stages.path("recordedAt").asText());
        }
        if (stages.path("drift").asBoolean()) {
            b.append("; **drift**");
        }
        return b.append(')').toString();
    }

    private static void row(StringBuilder b, String key, String value) {
        b.append("| ").append(key).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }

    private static String count(JsonNode values, String name) {
        return values.has(name) ? String.valueOf(Math.round(values.path(name).asDouble())) : "-";
    }

    private static String fixed(double v) {
        return String.format(Locale.ROOT, "%.2f", v).replaceAll("\\.?0+$", "");
    }

    private static String title(String label) {
        return label.isEmpty() ? label : Character.toUpperCase(label.charAt(0)) + label.substring(1);
    }
}

package dev.promotiond.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import okhttp3.HttpUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code promotiond check}: the CI gate. Asks a running daemon for a component's readiness and exits
 * 0 ready, 1 not ready, 3 unknown, 2 on usage or connection errors; 0 also when the component is
 * already at or above the target ({@code not_applicable}: there is nothing to promote, and the
 * output says so rather than "ready").
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Ask a running daemon whether a component is ready for a target stage (CI gate).")
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonTarget daemon;

    @Option(names = "--target", required = true, paramLabel = "STAGE", description = "staging or production")
    String target;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT", description = "text or json (default: ${DEFAULT-VALUE})")
    String output;

    @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION", description = "request timeout (default: ${DEFAULT-VALUE})")
    String timeout;

    @Override
    public Integer call() {
        if (!output.equals("text") && !output.equals("json")) {
            throw new CliException(ExitCodes.ERROR, "--output must be text or json, not " + output);
        }
        Duration limit = parseTimeout(timeout);
        HttpUrl base = daemon.baseUrl();
        HttpUrl readiness = base.newBuilder()
                .addPathSegments("api/v1/components")
                .addPathSegment(daemon.component)
                .addPathSegment("readiness")
                .addQueryParameter("target", target)
                .build();
        JsonNode body;
        int status;
        try (DaemonClient client = new DaemonClient(daemon, limit, null)) {
            DaemonClient.Answer answer = client.get(readiness);
            status = answer.status();
            body = answer.body();
        }
        if (status == 503) {
            spec.commandLine().getErr().println("promotiond: " + body.path("error").asText("daemon not ready to answer"));
            return ExitCodes.UNKNOWN;
        }
        if (status != 200) {
            throw new CliException(ExitCodes.ERROR, body.path("error").asText("HTTP " + status));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.equals("json")) {
            out.println(body.toPrettyString());
        } else {
            printTable(out, body);
        }
        out.flush();
        return switch (body.path("state").asText()) {
            case "ready", "not_applicable" -> ExitCodes.OK;
            case "not_ready" -> ExitCodes.NOT_READY;
            default -> ExitCodes.UNKNOWN;
        };
    }

    static Duration parseTimeout(String text) {
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new CliException(ExitCodes.ERROR, "--timeout must look like 500ms or 10s, not " + text);
    }

    static void printTable(PrintWriter out, JsonNode body) {
        String state = body.path("state").asText();
        out.printf("%s → %s: %s (version %s, stage %s, evaluated %s)%n", body.path("component").asText(),
                body.path("target").asText(), state.equals("not_applicable")
                        ? "not_applicable: already at or above the target, nothing to promote"
                        : state.toUpperCase().replace('_', ' '),
                body.path("version").asText("-"), body.path("stage").asText(), body.path("evaluatedAt").asText());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"CRITERION", "STATE", "OBSERVED", "THRESHOLD", "REASON"});
        for (JsonNode c : body.path("criteria")) {
            rows.add(new String[] {c.path("name").asText(), c.path("state").asText(), c.path("observed").asText(),
                c.path("threshold").asText(), c.path("reason").asText()});
        }
        int[] width = new int[4];
        for (String[] r : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                b.append(String.format("%-" + width[i] + "s  ", r[i]));
            }
            out.println(b.append(r[4]).toString().stripTrailing());
        }
    }
}

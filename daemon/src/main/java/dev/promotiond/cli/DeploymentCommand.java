package dev.promotiond.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code promotiond deployment record|history}: what a deploy pipeline tells the daemon after it
 * moved a version, and the record it keeps. The soak and the production watch window start at the
 * recorded time.
 */
@Command(name = "deployment", mixinStandardHelpOptions = true,
        description = "Record deployments (promotions, demotions, rollbacks) and list a component's history.",
        subcommands = {DeploymentCommand.Record.class, DeploymentCommand.History.class})
final class DeploymentCommand {

    @Command(name = "record",
            description = {"Tell the daemon that a version now runs in a stage (run it from the deploy pipeline).",
                "The type (promotion, demotion, rollback or deployment) is derived from the stages when not given.",
                "The bearer token comes from --token-file or the PROMOTIOND_TOKEN environment variable."})
    static final class Record implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        UploadOptions upload;

        @Mixin
        DaemonTarget daemon;

        @Option(names = "--stage", required = true, paramLabel = "STAGE", description = "Development, Staging or Production")
        String stage;

        @Option(names = "--version", required = true, paramLabel = "VERSION", description = "the version now running there")
        String version;

        @Option(names = "--type", paramLabel = "TYPE", description = "promotion, demotion, rollback or deployment")
        String type;

        @Option(names = "--at", paramLabel = "TIME",
                description = "when it happened, RFC 3339 (e.g. 2026-11-24T10:00:00Z); default: now")
        String at;


        @Override
        public Integer call() {
            if (at != null) {
                try {
                    Instant.parse(at);
                } catch (DateTimeParseException e) {
                    throw new CliException(ExitCodes.ERROR, "--at " + at + " is not an RFC 3339 time like 2026-11-24T10:00:00Z");
                }
            }
            Map<String, String> body = new LinkedHashMap<>();
            body.put("stage", stage);
            body.put("version", version);
            if (type != null) {
                body.put("type", type);
            }
            if (at != null) {
                body.put("at", at);
            }
            try (DaemonClient client = upload.client(daemon)) {
                DaemonClient.Answer a = client.postJson(client.url("components", daemon.component, "deployments").build(), body);
                if (a.status() != 201) {
                    throw new CliException(ExitCodes.ERROR, "daemon refused the deployment (HTTP " + a.status() + "): "
                            + a.error());
                }
                PrintWriter out = spec.commandLine().getOut();
                out.printf("recorded %s of %s %s to %s at %s%n", a.body().path("kind").asText(), daemon.component,
                        a.body().path("version").asText(), a.body().path("stage").asText(), a.body().path("at").asText());
                out.flush();
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "List a component's recorded stage and version changes, oldest first.")
    static final class History implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget daemon;

        @Option(names = "--output", defaultValue = "text", paramLabel = "FORMAT", description = "text or json")
        String output;

        @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION")
        String timeout;

        @Override
        public Integer call() {
            if (!output.equals("text") && !output.equals("json")) {
                throw new CliException(ExitCodes.ERROR, "--output must be text or json, was " + output);
            }
            try (DaemonClient client = new DaemonClient(daemon, CheckCommand.parseTimeout(timeout), null)) {
                DaemonClient.Answer a = client.all(client.url("components", daemon.component, "history").build());
                if (a.status() != 200) {
                    throw new CliException(ExitCodes.ERROR, "daemon answered HTTP " + a.status() + ": " + a.error());
                }
                PrintWriter out = spec.commandLine().getOut();
                if (output.equals("json")) {
                    out.println(a.body().toPrettyString());
                } else {
                    out.printf("%-24s  %-10s  %-11s  %s%n", "AT", "KIND", "STAGE", "VERSION");
                    for (JsonNode h : a.body()) {
                        out.printf("%-24s  %-10s  %-11s  %s%n", h.path("at").asText(), h.path("kind").asText(),
                                h.path("stage").asText(), h.path("version").isNull() ? "-" : h.path("version").asText());
                    }
                }
                out.flush();
                return ExitCodes.OK;
            }
        }
    }
}

package dev.promotiond.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code promotiond hold clear COMPONENT VERSION}: after checking which version runs, an operator
 * releases one held version (it may be promoted to Production again); the other held versions of
 * the component stay held. Exit 0 with what was cleared; 2 when the version is not held, the token
 * is refused or the daemon cannot be reached.
 */
@Command(name = "clear", mixinStandardHelpOptions = true,
        description = {"Clear the hold on one version of a component (set by a rollback); other held versions stay held.",
            "The bearer token comes from --token-file or the PROMOTIOND_TOKEN environment variable."})
final class HoldClearCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "COMPONENT", description = "the component's name, as in the config")
    String component;

    @Parameters(index = "1", paramLabel = "VERSION", description = "the held version to release")
    String version;

    // the --url and --ca-file of DaemonTarget, whose --component is a parameter here
    @Option(names = "--url", defaultValue = "${env:" + DaemonTarget.URL_VARIABLE + "}", paramLabel = "URL",
            description = "daemon base URL, e.g. http://127.0.0.1:9400; https when the daemon has tls:"
                    + " (default: the " + DaemonTarget.URL_VARIABLE + " environment variable)")
    String url;

    @Option(names = "--ca-file", paramLabel = "FILE",
            description = "with an https --url: trust only the PEM certificates in FILE (e.g. a private CA)"
                    + " instead of the system's trusted CAs")
    Path caFile;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "file holding the bearer token (default: the PROMOTIOND_TOKEN environment variable)")
    Path tokenFile;

    @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION",
            description = "request timeout (default: ${DEFAULT-VALUE})")
    String timeout;

    @Override
    public Integer call() {
        DaemonTarget daemon = new DaemonTarget();
        daemon.url = url;
        daemon.caFile = caFile;
        daemon.component = component;
        try (DaemonClient client = new DaemonClient(daemon, CheckCommand.parseTimeout(timeout), DaemonClient.token(tokenFile))) {
            DaemonClient.Answer a = client.postJson(client.url("components", component, "hold", "clear")
                    .addQueryParameter("version", version).build(), Map.of());
            if (a.status() != 200) {
                throw new CliException(ExitCodes.ERROR, a.error());
            }
            List<String> held = new ArrayList<>();
            a.body().path("held").forEach(v -> held.add(v.asText()));
            PrintWriter out = spec.commandLine().getOut();
            for (var v : a.body().path("cleared")) {
                out.printf("cleared the hold on %s %s%n", component, v.asText());
            }
            out.println(held.isEmpty() ? "no version of " + component + " is held now"
                    : "still held: " + String.join(", ", held));
            out.flush();
            return ExitCodes.OK;
        }
    }
}

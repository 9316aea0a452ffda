package dev.promotiond.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of the commands that send something to the daemon ({@code @Mixin}): help without
 * picocli's --version (which would clash with the component's --version; -V prints promotiond's), the bearer token, and a
 * timeout long enough for an upload.
 */
final class UploadOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "-V", versionHelp = true,
            description = "Print promotiond's version and exit (--version here is the component's version).")
    boolean versionHelp;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "file holding the bearer token (default: the PROMOTIOND_TOKEN environment variable)")
    Path tokenFile;

    @Option(names = "--timeout", defaultValue = "30s", paramLabel = "DURATION")
    String timeout;

    DaemonClient client(DaemonTarget daemon) {
        return new DaemonClient(daemon, CheckCommand.parseTimeout(timeout), DaemonClient.token(tokenFile));
    }
}

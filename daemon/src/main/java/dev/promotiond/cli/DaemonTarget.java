package dev.promotiond.cli;

import picocli.CommandLine.Option;

/**
 * The options every command that talks to a running daemon about one component shares
 * ({@code @Mixin}): where the daemon is and which component.
 */
final class DaemonTarget {
    @Option(names = "--url", required = true, paramLabel = "URL", description = "daemon base URL, e.g. http://127.0.0.1:9400")
    String url;

    @Option(names = "--component", required = true, paramLabel = "NAME")
    String component;
}

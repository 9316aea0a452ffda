package dev.promotiond.cli;

import picocli.CommandLine.Command;

/** {@code promotiond config}: offline tools for the daemon's config file. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Offline tools for the config file.",
        subcommands = {ConfigCheckCommand.class})
final class ConfigCommand {
}

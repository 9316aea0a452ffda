package dev.promotiond.cli;

import picocli.CommandLine.Command;

/** {@code promotiond store}: offline tools for the daemon's store. */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Offline tools for the store.",
        subcommands = {StoreMigrateCommand.class})
final class StoreCommand {
}

package dev.promotiond.cli;

import picocli.CommandLine.Command;

/** {@code promotiond hold}: the holds a rollback leaves on a version, seen from the operator's side. */
@Command(name = "hold", mixinStandardHelpOptions = true,
        description = "Clear the hold a rollback put on a version.",
        subcommands = {HoldClearCommand.class})
final class HoldCommand {
}

package dev.promotiond.cli;

import picocli.CommandLine.Command;

/** {@code promotiond rules}: offline tools for the people who own the DRL criteria. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Check, test and replay DRL criteria offline.",
        subcommands = {RulesCheckCommand.class, RulesTestCommand.class, RulesReplayCommand.class, RulesExplainCommand.class})
final class RulesCommand {
}

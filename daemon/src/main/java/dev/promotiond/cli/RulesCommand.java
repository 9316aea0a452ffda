package dev.promotiond.cli;

import picocli.CommandLine.Command;

/** {@code promotiond rules}: offline tools for the people who own the DRL criteria. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Check, test, replay and explain the rules offline; init writes the bundled rules out for editing.",
        subcommands = {RulesInitCommand.class, RulesCheckCommand.class, RulesTestCommand.class, RulesReplayCommand.class,
                RulesExplainCommand.class})
final class RulesCommand {
}

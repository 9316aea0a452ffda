package dev.promotiond.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code promotiond}. */
@Command(name = "promotiond", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Decides, continuously and with evidence, whether each component may be promoted"
                + " Development → Staging → Production.",
        subcommands = {RunCommand.class, DemoCommand.class, CheckCommand.class, EvidenceCommand.class, DeploymentCommand.class, ReportCommand.class, MaturityCommand.class, RulesCommand.class, StoreCommand.class, ConfigCommand.class, HoldCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success / ready", "1:not ready", "3:unknown", "2:usage, configuration or connection error"})
public final class Main {

    public static void main(String[] args) {
        // The JDK HTTP server writes headers and body separately; without TCP_NODELAY every answer
        // waits for a delayed ACK (40 ms on Linux loopback).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int execute(String... args) {
        return execute(null, null, args);
    }

    /** As {@link #execute(String...)}, writing to the given streams (null: standard out/err). */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        if (out != null) {
            cl.setOut(out);
        }
        if (err != null) {
            cl.setErr(err);
        }
        cl.setExitCodeExceptionMapper(e -> e instanceof CliException c ? c.exitCode : ExitCodes.ERROR);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliException) {
                cmd.getErr().println("promotiond: " + e.getMessage());
            } else {
                cmd.getErr().println("promotiond: internal error: " + e);
                e.printStackTrace(cmd.getErr());
            }
            return cmd.getExitCodeExceptionMapper().getExitCode(e);
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("promotiond: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return ExitCodes.ERROR;
        });
        return cl.execute(args);
    }

    /**
     * The command tree with the version provider on every command, so {@code --version} (or
     * {@code -V}) prints the same line on each; the man pages and completion scripts are made from it.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        withVersion(cl);
        return cl;
    }

    private static void withVersion(CommandLine cl) {
        if (cl.getCommandSpec().versionProvider() == null) {
            cl.getCommandSpec().versionProvider(new Version());
        }
        cl.getSubcommands().values().forEach(Main::withVersion);
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"promotiond " + version() + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}

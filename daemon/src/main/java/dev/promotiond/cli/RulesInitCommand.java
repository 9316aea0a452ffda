package dev.promotiond.cli;

import dev.promotiond.engine.BundledRules;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code promotiond rules init DIR [--force]}: writes the rules bundled in the jar (every DRL and
 * policy file and the tests/ scenarios) into DIR for editing. An existing file is left alone and
 * the command exits 2 naming it, before anything is written, unless {@code --force}.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Write the bundled default rules (DRL, policy, tests/ scenarios) into DIR to edit them.",
            "Then set `rules: DIR` in the config. Exit 2 when a file exists (nothing is written) unless --force."})
final class RulesInitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1", paramLabel = "DIR", description = "folder to write the rules into (created when missing)")
    Path dir;

    @Option(names = "--force", description = "overwrite files of the same name in DIR")
    boolean force;

    @Override
    public Integer call() {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CliException(ExitCodes.ERROR, dir + ": exists and is not a folder");
        }
        List<Path> written;
        try {
            written = BundledRules.write(dir, force);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof FileAlreadyExistsException exists) {
                throw new CliException(ExitCodes.ERROR, exists.getFile()
                        + ": already exists; nothing was written (--force overwrites the bundled files in " + dir + ")");
            }
            throw new CliException(ExitCodes.ERROR, "cannot write the rules into " + dir + ": " + e.getCause());
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Path f : written) {
            out.println("wrote " + f);
        }
        out.printf("%d files written to %s. Next: set `rules: %s` in the config (relative to the config's folder),"
                + " edit, then `promotiond rules check %s` and `promotiond rules test %s`; a running daemon"
                + " reloads the folder when it changes.%n", written.size(), dir, dir, dir, dir);
        out.flush();
        return ExitCodes.OK;
    }
}

package dev.promotiond.cli;

import dev.promotiond.app.StoreMigration;
import dev.promotiond.config.PostgresConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code promotiond store migrate --from FILE --to URL}: copies a single-node SQLite store into an
 * empty PostgreSQL database (or SQLite file) and prints, per table, the rows and the checksum that
 * matched on both sides. Exit 0 when committed; 2 on a usage, connection or store error, a target
 * that holds data, or a mismatch (then nothing was committed).
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Copy an SQLite store into an empty PostgreSQL database (or SQLite file);"
                + " print each table's rows and checksum, equal on both sides.")
final class StoreMigrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "the SQLite store file to copy")
    Path from;

    @Option(names = "--to", required = true, paramLabel = "URL",
            description = "postgres://USER@HOST:PORT/DB (no password in it), or an SQLite file")
    String to;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "a file whose first line is the PostgreSQL password (default: the environment variable "
                    + PostgresConfig.DEFAULT_PASSWORD_ENV + ")")
    Path passwordFile;

    @Override
    public Integer call() {
        StoreMigration migration = target();
        PrintWriter out = spec.commandLine().getOut();
        try {
            migration.copy(from, line -> {
                out.println(line);
                out.flush();
            });
        } catch (StoreMigration.Failed e) {
            throw new CliException(ExitCodes.ERROR, e.getMessage());
        }
        return ExitCodes.OK;
    }

    private StoreMigration target() {
        if (!PostgresConfig.isUrl(to)) {
            if (passwordFile != null) {
                throw new CliException(ExitCodes.ERROR, "--password-file is for a PostgreSQL --to, not the file " + to);
            }
            return StoreMigration.toFile(Path.of(to));
        }
        PostgresConfig pg;
        try {
            pg = PostgresConfig.of(to);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.ERROR, "--to: " + e.getMessage());
        }
        return StoreMigration.toPostgres(pg, password(pg));
    }

    /** From --password-file, else the environment; null when neither gives one (the server may not ask). */
    private String password(PostgresConfig pg) {
        if (passwordFile == null) {
            return System.getenv(pg.passwordEnv());
        }
        try {
            List<String> lines = Files.readAllLines(passwordFile);
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                throw new CliException(ExitCodes.ERROR, "--password-file " + passwordFile + ": the first line is empty");
            }
            return lines.get(0);
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "--password-file: cannot read " + passwordFile + ": " + e.getMessage());
        }
    }
}

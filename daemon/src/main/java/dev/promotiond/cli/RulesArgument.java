package dev.promotiond.cli;

import dev.promotiond.engine.RulesFolder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rules folder of a {@code rules} subcommand whose DIR was left out: {@code ./rules} when there is
 * one (as before), else the rules bundled in the jar, which the command then says it uses.
 */
final class RulesArgument {
    static final Path DEFAULT = Path.of("rules");

    private RulesArgument() {
    }

    /** {@code dir}, or the default; the caller closes the answer (it deletes a bundled copy). */
    static RulesFolder resolve(Path dir, PrintWriter out) {
        if (dir != null) {
            return RulesFolder.of(dir);
        }
        if (Files.isDirectory(DEFAULT)) {
            return RulesFolder.of(DEFAULT);
        }
        out.println("no DIR given and no ./rules folder: using " + RulesFolder.BUNDLED + "; " + RulesFolder.HOW_TO_EDIT);
        return RulesFolder.bundled();
    }
}

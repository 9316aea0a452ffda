package dev.promotiond.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the shell completion and the man pages from the picocli model, so they never drift from the
 * commands. The build runs it (exec-maven-plugin, phase process-test-classes) with the output folder
 * as its argument; it lives with the tests because picocli-codegen is a test-scoped dependency and
 * must not ship in the jar.
 *
 * <p>Output, under the folder given: {@code completion/promotiond.bash} (bash; zsh sources the
 * same script through bashcompinit), {@code completion/promotiond.zsh}, {@code man/man1/*.1} (roff,
 * one page per command, for {@code man}) and {@code man/adoc/*.adoc} (picocli's AsciiDoc pages).
 */
public final class CliDocs {
    private CliDocs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CliDocs OUTPUT_DIR");
        }
        write(Path.of(args[0]));
    }

    static void write(Path out) throws IOException {
        CommandLine cl = Main.commandLine();
        Path completion = Files.createDirectories(out.resolve("completion"));
        String bash = AutoComplete.bash("promotiond", cl);
        Files.writeString(completion.resolve("promotiond.bash"), bash, StandardCharsets.UTF_8);
        Files.writeString(completion.resolve("promotiond.zsh"), """
                # zsh completion for promotiond: source this file from ~/.zshrc.
                # picocli's script runs under zsh through bashcompinit.
                autoload -U +X compinit && compinit
                autoload -U +X bashcompinit && bashcompinit
                """ + bash, StandardCharsets.UTF_8);
        Path adoc = Files.createDirectories(out.resolve("man").resolve("adoc"));
        List<CommandLine.Model.CommandSpec> specs = new ArrayList<>();
        collect(cl, specs);
        int exit = ManPageGenerator.generateManPage(adoc.toFile(), null, new boolean[0], false,
                specs.toArray(CommandLine.Model.CommandSpec[]::new));
        if (exit != 0) {
            throw new IOException("picocli's ManPageGenerator exited " + exit);
        }
        Path man1 = Files.createDirectories(out.resolve("man").resolve("man1"));
        for (CommandLine.Model.CommandSpec spec : specs) {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(man1.resolve(RoffPage.fileName(spec))))) {
                RoffPage.write(w, spec, Main.version());
            }
        }
    }

    private static void collect(CommandLine cl, List<CommandLine.Model.CommandSpec> out) {
        out.add(cl.getCommandSpec());
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                collect(sub, out);
            }
        });
    }
}

package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command answers {@code --help} with its usage and exit 0, whatever its own options are called. */
class HelpTest {
    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            out.add(p);
            collect(e.getValue(), p, out);
        }
    }

    @Test
    void everyCommandPrintsItsUsage() {
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of());
        collect(new CommandLine(new Main()), List.of(), commands);
        assertThat(commands).extracting(c -> String.join(" ", c))
                .contains("deployment record", "evidence push", "rules replay", "check");
        for (List<String> c : commands) {
            List<String> args = new ArrayList<>(c);
            args.add("--help");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
            assertThat(exit).as(String.join(" ", args) + ": " + err).isZero();
            assertThat(out.toString()).as(String.join(" ", args)).startsWith("Usage: promotiond");
        }
    }

    @Test
    void everyCommandThatTalksToTheDaemonDocumentsHttpsAndCaFile() {
        List<List<String>> commands = new ArrayList<>();
        collect(new CommandLine(new Main()), List.of(), commands);
        List<String> talking = new ArrayList<>();
        for (List<String> c : commands) {
            List<String> args = new ArrayList<>(c);
            args.add("--help");
            StringWriter out = new StringWriter();
            Main.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), args.toArray(String[]::new));
            if (out.toString().contains("--url=URL")) {
                talking.add(String.join(" ", c));
                assertThat(out.toString()).as(String.join(" ", c)).contains("--ca-file=FILE").contains("https")
                        .contains("private CA");
            }
        }
        assertThat(talking).contains("check", "evidence push", "deployment record", "report");
    }
}

package dev.promotiond.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promotiond.evidence.MaturityHeader;
import dev.promotiond.evidence.MaturityReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code promotiond maturity}: what components' MATURITY.md files declare. */
@Command(name = "maturity", mixinStandardHelpOptions = true,
        description = "Read the stage that MATURITY.md files declare.",
        subcommands = {MaturityCommand.Read.class})
final class MaturityCommand {

    /**
     * {@code promotiond maturity read FILE...}: one line (tsv) or object (json) per readable file. Exits 0
     * when every file was read, whether or not it declares a stage; 2 when a file could not be read,
     * after reporting the others.
     */
    @Command(name = "read", mixinStandardHelpOptions = true,
            description = "Print stage, entry date, functional group and owner declared by each MATURITY.md header.")
    static final class Read implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "MATURITY.md files")
        List<Path> files;

        @Option(names = {"-o", "--output"}, defaultValue = "tsv", paramLabel = "FORMAT",
                description = "tsv (file, stage, since, group, owner) or json (default: ${DEFAULT-VALUE})")
        String output;

        @Override
        public Integer call() {
            if (!output.equals("tsv") && !output.equals("json")) {
                throw new CliException(ExitCodes.ERROR, "--output must be tsv or json, not " + output);
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ArrayNode array = JSON.createArrayNode();
            boolean unreadable = false;
            for (Path file : files) {
                MaturityHeader h;
                try {
                    h = MaturityReader.read(file);
                } catch (UncheckedIOException e) {
                    err.println("promotiond: " + e.getMessage());
                    unreadable = true;
                    continue;
                }
                if (output.equals("tsv")) {
                    out.println(h.tsvLine());
                } else {
                    array.add(json(h));
                }
            }
            if (output.equals("json")) {
                out.println(array.toPrettyString());
            }
            out.flush();
            err.flush();
            return unreadable ? ExitCodes.ERROR : ExitCodes.OK;
        }

        private static ObjectNode json(MaturityHeader h) {
            ObjectNode o = JSON.createObjectNode();
            o.put("file", h.file());
            o.put("stage", h.known() ? h.stage().title() : "unknown");
            o.put("since", h.since() == null ? null : h.since().toString());
            o.put("group", h.group());
            o.put("owner", h.owner());
            o.put("note", h.note());
            return o;
        }
    }
}

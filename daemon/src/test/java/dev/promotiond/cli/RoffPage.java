package dev.promotiond.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One man(7) page in roff for one command of the picocli model: NAME, SYNOPSIS, DESCRIPTION,
 * OPTIONS, ARGUMENTS, COMMANDS, EXIT STATUS. (picocli-codegen writes AsciiDoc, which needs
 * asciidoctor to become roff; these few macros are what {@code man} reads.)
 */
final class RoffPage {
    private RoffPage() {
    }

    /** {@code promotiond-rules-check.1} for {@code promotiond rules check}. */
    static String fileName(CommandSpec spec) {
        return spec.qualifiedName("-") + ".1";
    }

    static void write(PrintWriter w, CommandSpec spec, String version) {
        String name = spec.qualifiedName("-");
        String date = LocalDate.now(ZoneOffset.UTC).toString();
        w.println(".TH \"" + name.toUpperCase() + "\" \"1\" \"" + date + "\" \"promotiond " + escape(version)
                + "\" \"promotiond Manual\"");
        w.println(".SH NAME");
        String summary = spec.usageMessage().description().length == 0 ? "" : spec.usageMessage().description()[0];
        w.println(escape(name) + " \\- " + escape(summary));
        w.println(".SH SYNOPSIS");
        w.println(".nf");
        String synopsis = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                .synopsis(0).stripTrailing();
        w.println(escape(synopsis));
        w.println(".fi");
        w.println(".SH DESCRIPTION");
        for (String line : spec.usageMessage().description()) {
            w.println(escape(line.replace("%n", "\n")));
            w.println(".PP");
        }
        if (!spec.options().isEmpty()) {
            w.println(".SH OPTIONS");
            for (OptionSpec o : spec.options()) {
                w.println(".TP");
                String label = o.typeInfo().isBoolean() || o.arity().max() == 0 ? "" : "=" + o.paramLabel();
                w.println("\\fB" + escape(String.join(", ", o.names())) + "\\fR" + escape(label));
                w.println(escape(String.join(" ", o.description()).replace("%n", "\n").replace("${DEFAULT-VALUE}",
                        String.valueOf(o.defaultValue()))));
            }
        }
        if (!spec.positionalParameters().isEmpty()) {
            w.println(".SH ARGUMENTS");
            for (PositionalParamSpec p : spec.positionalParameters()) {
                w.println(".TP");
                w.println("\\fI" + escape(p.paramLabel()) + "\\fR");
                w.println(escape(String.join(" ", p.description())));
            }
        }
        if (!spec.subcommands().isEmpty()) {
            w.println(".SH COMMANDS");
            spec.subcommands().forEach((sub, cl) -> {
                if (!sub.equals("help")) {
                    w.println(".TP");
                    w.println("\\fB" + escape(sub) + "\\fR");
                    String[] d = cl.getCommandSpec().usageMessage().description();
                    w.println(escape(d.length == 0 ? "" : d[0]) + " See \\fB" + escape(cl.getCommandSpec().qualifiedName("-"))
                            + "\\fR(1).");
                }
            });
        }
        w.println(".SH EXIT STATUS");
        spec.root().usageMessage().exitCodeList().forEach((code, text) -> {
            w.println(".TP");
            w.println("\\fB" + escape(code.strip()) + "\\fR");
            w.println(escape(text));
        });
    }

    /** Text safe in a roff line: backslashes and hyphens escaped, no line starting a request. */
    static String escape(String text) {
        String s = text.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder out = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            if (line.startsWith(".") || line.startsWith("'")) {
                out.append("\\&");
            }
            out.append(line);
        }
        return out.toString();
    }
}

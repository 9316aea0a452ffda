package dev.promotiond.cli;

import dev.promotiond.evidence.EvidenceException;
import dev.promotiond.evidence.EvidenceKind;
import dev.promotiond.evidence.ParsedReport;
import dev.promotiond.evidence.ReportParsers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code promotiond evidence push}: uploads CI reports for a component's version. */
@Command(name = "evidence", mixinStandardHelpOptions = true, description = "Send CI evidence to a running daemon.",
        subcommands = {EvidenceCommand.Push.class})
final class EvidenceCommand {

    @Command(name = "push",
            description = {"Upload report files (JUnit XML, Cobertura/JaCoCo XML, coverage.py JSON, bandit, ruff,"
                    + " pyright JSON, or promotiond's generic check JSON) as one piece of evidence.",
                "The files are checked locally first; the daemon checks them again and stores all or nothing.",
                "The bearer token comes from --token-file or the PROMOTIOND_TOKEN environment variable."})
    static final class Push implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        UploadOptions upload;

        @Mixin
        DaemonTarget daemon;

        @Option(names = "--version", required = true, paramLabel = "VERSION",
                description = "the version (or build) the reports were produced for")
        String version;

        @Option(names = "--commit", paramLabel = "SHA", description = "the commit the reports were produced from")
        String commit;

        @Option(names = "--kind", required = true, paramLabel = "KIND",
                description = "unit, integration, e2e, lint, types, security, docs, rollback-test, load-test,"
                        + " vulnerabilities, outdated or blockers")
        String kind;


        @Parameters(arity = "1..*", paramLabel = "FILE")
        List<Path> files;

        @Override
        public Integer call() {
            EvidenceKind k = EvidenceKind.parse(kind).orElseThrow(() -> new CliException(ExitCodes.ERROR,
                    "--kind " + kind + " is not one of unit, integration, e2e, lint, types, security, docs,"
                            + " rollback-test, load-test, vulnerabilities, outdated, blockers"));
            List<byte[]> contents = new ArrayList<>();
            List<ParsedReport> reports = new ArrayList<>();
            for (Path f : files) {
                try {
                    byte[] bytes = Files.readAllBytes(f);
                    contents.add(bytes);
                    reports.add(ReportParsers.parse(k, f.getFileName().toString(), bytes));
                } catch (IOException e) {
                    throw new CliException(ExitCodes.ERROR, "cannot read " + f + ": " + e.getMessage());
                } catch (EvidenceException e) {
                    throw new CliException(ExitCodes.ERROR, "rejected " + e.getMessage() + "; nothing was sent");
                }
            }
            try {
                ReportParsers.combine(k, reports);
            } catch (EvidenceException e) {
                throw new CliException(ExitCodes.ERROR, "rejected " + e.getMessage() + "; nothing was sent");
            }
            try (DaemonClient client = upload.client(daemon)) {
                DaemonClient.Answer a = client.postMultipart(client.url("components", daemon.component, "evidence").build(),
                        List.of(new String[] {"version", version}, new String[] {"commit", commit},
                                new String[] {"kind", k.label()}), files, contents);
                if (a.status() != 201) {
                    throw new CliException(ExitCodes.ERROR, "daemon refused the evidence (HTTP " + a.status() + "): "
                            + a.error());
                }
                PrintWriter out = spec.commandLine().getOut();
                out.printf("accepted %s evidence #%s for %s %s (%s, sha256 %s)%n", a.body().path("kind").asText(),
                        a.body().path("id").asText(), daemon.component, version, a.body().path("tool").asText(),
                        a.body().path("sha256").asText().substring(0, Math.min(12, a.body().path("sha256").asText().length())));
                a.body().path("values").properties().forEach(e -> out.printf("  %s = %s%n", e.getKey(),
                        e.getValue().asText()));
                out.flush();
                return ExitCodes.OK;
            }
        }
    }
}

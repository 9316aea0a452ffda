package dev.promotiond.cli;

import dev.promotiond.engine.RulesFolder;
import dev.promotiond.rulestest.ScenarioRunner;
import dev.promotiond.config.ConfigProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code promotiond rules test [DIR]}: runs the scenarios in {@code DIR/tests/*.yaml} against the
 * DRL in {@code DIR} on simulated time and prints every expectation the rules did not meet, with
 * what they said instead and why. Exit 0 when all pass, 1 when any fails (or the rules do not
 * compile), 2 when a scenario file is malformed.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run the rule-test scenarios of a rules folder (DIR/tests/*.yaml) offline, on simulated time.",
            "Each failing expectation is printed as file:line:col with expected and actual; exit 0 when all pass,"
                    + " 1 when any fails, 2 on a malformed scenario file."})
final class RulesTestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR",
            description = "rules folder (default: ./rules, or the bundled default rules and their tests when there is none)")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (RulesFolder rules = RulesArgument.resolve(dir, out)) {
            return test(rules.dir(), rules.label(), out);
        }
    }

    private static Integer test(Path folder, String label, PrintWriter out) {
        ScenarioRunner.Report report = ScenarioRunner.run(folder);
        try {
            if (!report.compileErrors().isEmpty()) {
                report.compileErrors().forEach(out::println);
                out.printf("%d error%s in %s: no scenario ran%n", report.compileErrors().size(),
                        report.compileErrors().size() == 1 ? "" : "s", label);
                return ExitCodes.NOT_READY;
            }
            for (ScenarioRunner.Report.Result r : report.results()) {
                r.failures().forEach(out::println);
                out.printf("%s: %s: %d expectation%s, %s%n", r.file(), r.name(), r.expectations(),
                        r.expectations() == 1 ? "" : "s", r.failures().isEmpty() ? "ok" : r.failures().size() + " failed");
            }
            for (ConfigProblem p : report.malformed()) {
                out.println(p);
            }
            out.println(report.summary() + (report.malformed().isEmpty() ? ""
                    : ", " + report.malformed().size() + " problem" + (report.malformed().size() == 1 ? "" : "s")
                    + " in scenario files"));
            if (!report.malformed().isEmpty()) {
                return ExitCodes.ERROR;
            }
            return report.failed() > 0 ? ExitCodes.NOT_READY : ExitCodes.OK;
        } finally {
            out.flush();
        }
    }
}

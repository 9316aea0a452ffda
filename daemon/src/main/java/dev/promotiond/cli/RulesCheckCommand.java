package dev.promotiond.cli;

import dev.promotiond.engine.RulesFolder;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.engine.RuleProblem;
import dev.promotiond.engine.RulesException;
import dev.promotiond.facts.Component;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Verdicts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code promotiond rules check [DIR]}: compiles the rules (DIR, else ./rules, else the bundled ones) as the daemon would and prints each error
 * as {@code file:line:col: message}; exit 1 on errors, 0 when clean. It also runs the rules once over
 * a component in each stage and warns when no rule produces a criterion for a target stage (a
 * gate that judges nothing would always say "unknown").
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Compile the DRL files of a folder offline; print file:line:col: message per error.")
final class RulesCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR",
            description = "rules folder (default: ./rules, or the bundled default rules when there is none)")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (RulesFolder rules = RulesArgument.resolve(dir, out)) {
            return check(rules.dir(), rules.label(), out);
        }
    }

    private static Integer check(Path folder, String label, PrintWriter out) {
        DroolsRuleEngine engine;
        try {
            engine = DroolsRuleEngine.compile(folder);
        } catch (RulesException e) {
            for (RuleProblem p : e.problems()) {
                out.println(p);
            }
            long errors = e.problems().stream().filter(RuleProblem::error).count();
            out.printf("%d error%s in %s%n", errors, errors == 1 ? "" : "s", label);
            out.flush();
            return ExitCodes.NOT_READY;
        }
        List<String> warnings = warnings(engine);
        for (String w : warnings) {
            out.println(label + ": warning: " + w);
        }
        out.printf("%s: %d file%s compiled, no errors%s%n", label, engine.sha256().size(),
                engine.sha256().size() == 1 ? "" : "s", warnings.isEmpty() ? "" : ", " + warnings.size() + " warning(s)");
        out.flush();
        return ExitCodes.OK;
    }

    /** Targets for which a Development (→ Staging) or Staging (→ Production) component gets no criterion. */
    static List<String> warnings(DroolsRuleEngine engine) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Component dev = new Component("probe-development", "", Stage.DEVELOPMENT, "1", List.of(), true, 60);
        Component stg = new Component("probe-staging", "", Stage.STAGING, "1", List.of(), true, 60);
        Verdicts v = engine.evaluate(new Snapshot(now, List.of(dev, stg), List.of(), List.of(), List.of()));
        List<String> out = new java.util.ArrayList<>();
        if (v.criteria().stream().noneMatch(c -> is(c, dev, Stage.STAGING))) {
            out.add("no rule produces a criterion for target staging (a Development component would always be unknown for Staging)");
        }
        if (v.criteria().stream().noneMatch(c -> is(c, stg, Stage.PRODUCTION))) {
            out.add("no rule produces a criterion for target production (a Staging component would always be unknown for Production)");
        }
        return out;
    }

    private static boolean is(CriterionResult c, Component who, Stage target) {
        return c.component().equals(who.name()) && c.target() == target;
    }
}

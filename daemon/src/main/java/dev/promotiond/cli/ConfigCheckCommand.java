package dev.promotiond.cli;

import dev.promotiond.engine.RulesFolder;
import dev.promotiond.config.ConfigCheck;
import dev.promotiond.config.ConfigProblem;
import dev.promotiond.config.Policy;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.engine.RuleProblem;
import dev.promotiond.engine.RulesException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code promotiond config check FILE}: everything {@code run} would refuse, found without starting
 * anything: the config file's problems, the secret files read at start, the rules (the folder named
 * by {@code rules:}, else the bundled rules) with their policy, and the policy's uptime windows
 * against {@code retention:}. Prints every problem as {@code file:line:col: path: message}, then a
 * summary; exit 0 when clean, 2 otherwise (a configuration error, as {@code run} exits).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check a config file as `run` would load it (rules, policy windows, secret files included);"
                + " print every problem as file:line:col: path: message. Exit 0 when clean, 2 otherwise.")
final class ConfigCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the YAML config file")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ConfigCheck.Outcome outcome = ConfigCheck.check(file);
        List<String> problems = new ArrayList<>();
        outcome.problems().forEach(p -> problems.add(p.toString()));
        String rulesLabel = null;
        int ruleFiles = 0;
        if (outcome.rulesKnown()) {
            try (RulesFolder rules = outcome.rules() == null ? RulesFolder.bundled() : RulesFolder.of(outcome.rules())) {
                rulesLabel = rules.isBundled() ? RulesFolder.BUNDLED : rules.dir().toString();
                try {
                    DroolsRuleEngine engine = DroolsRuleEngine.compile(rules.dir());
                    ruleFiles = engine.sha256().size();
                    Policy policy = engine.policy();
                    if (policy != null) {
                        // the bundled copy is a temporary folder: name the policy by what the operator knows
                        policy.windowsWithin(outcome.retention()).forEach(p -> problems.add(rules.isBundled()
                                ? bundled(p) : p.toString()));
                    }
                } catch (RulesException e) {
                    for (RuleProblem p : e.problems()) {
                        if (p.error()) {
                            problems.add(rules.isBundled() ? RulesFolder.BUNDLED + ": " + p : p.toString());
                        }
                    }
                }
            }
        }
        outcome.warnings().forEach(w -> out.println(w.file() + ":" + w.line() + ":" + w.column() + ": " + w.path()
                + ": warning: " + w.message()));
        problems.forEach(out::println);
        if (problems.isEmpty()) {
            out.printf("%s: OK: %d component%s; rules: %s (%d file%s compiled)%s%n", file,
                    outcome.config().components().size(), outcome.config().components().size() == 1 ? "" : "s",
                    rulesLabel, ruleFiles, ruleFiles == 1 ? "" : "s",
                    outcome.warnings().isEmpty() ? "" : "; " + outcome.warnings().size() + " warning(s)");
        } else {
            out.printf("%s: %d problem%s found%s%n", file, problems.size(), problems.size() == 1 ? "" : "s",
                    outcome.rulesKnown() ? "" : " (the rules were not checked: fix rules: first)");
        }
        out.flush();
        return problems.isEmpty() ? ExitCodes.OK : ExitCodes.ERROR;
    }

    private static String bundled(ConfigProblem p) {
        return RulesFolder.BUNDLED + " policy.yaml:" + p.line() + ":" + p.column() + ": " + p.path() + ": " + p.message();
    }
}

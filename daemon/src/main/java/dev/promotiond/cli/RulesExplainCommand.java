package dev.promotiond.cli;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.ConfigException;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.config.Policy;
import dev.promotiond.config.PolicyKey;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.engine.RuleProblem;
import dev.promotiond.engine.RulesException;
import dev.promotiond.facts.Component;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Threshold;
import dev.promotiond.facts.Uptime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code promotiond rules explain [DIR] [--component NAME] [--target production]}: the effective
 * policy. The rules run once over the component with no evidence, so every criterion they produce
 * is listed as the daemon would judge it: its threshold with the threshold's source (default,
 * group or component, policy.yaml:line:col) and the rule (file:line) that produces it. The
 * settings that are no criterion of their own (error budget, close watch, breach duration) follow.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Print the effective policy for a component: every criterion, its threshold, where the"
                + " threshold comes from (default, group, component; policy.yaml:line:col) and the rule that judges it.")
final class RulesExplainCommand implements Callable<Integer> {
    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "rules folder (default: the config's rules, else ./rules)")
    Path dir;

    @Option(names = "--component", paramLabel = "NAME", description = "the component (default: one in no group)")
    String component;

    @Option(names = "--group", paramLabel = "GROUP", description = "its group, when --config does not say")
    String group;

    @Option(names = "--config", paramLabel = "FILE", description = "the daemon's config, for the component's group and rules")
    Path config;

    @Option(names = "--target", paramLabel = "STAGE",
            description = "staging or production (default: both, and what a component in Production keeps)")
    String target;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT", description = "text or json")
    String output;

    /** One line of the explanation. */
    record Line(String section, String criterion, String threshold, String rule, String ruleAt) {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!output.equals("text") && !output.equals("json")) {
            err.println("--output: expected text or json, found \"" + output + "\"");
            err.flush();
            return ExitCodes.ERROR;
        }
        List<Stage> targets;
        try {
            targets = targets();
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return ExitCodes.ERROR;
        }
        Path folder = dir;
        String name = component == null ? "any-component" : component;
        String grp = group;
        if (config != null) {
            DaemonConfig c;
            try {
                c = ConfigLoader.load(config);
            } catch (ConfigException e) {
                e.problems().forEach(err::println);
                err.flush();
                return ExitCodes.ERROR;
            }
            folder = folder == null ? c.rules() : folder;  // null: the config uses the bundled rules
            if (component != null && grp == null) {
                ComponentConfig cc = c.components().stream().filter(x -> x.name().equals(component)).findFirst()
                        .orElse(null);
                if (cc == null) {
                    err.println("--component: no component \"" + component + "\" in " + config);
                    err.flush();
                    return ExitCodes.ERROR;
                }
                grp = cc.group();
            }
        }
        boolean bundled = config != null && folder == null;
        try (dev.promotiond.engine.RulesFolder rules = folder != null ? dev.promotiond.engine.RulesFolder.of(folder)
                : bundled ? dev.promotiond.engine.RulesFolder.bundled() : RulesArgument.resolve(null, err)) {
            DroolsRuleEngine engine;
            try {
                engine = DroolsRuleEngine.compile(rules.dir());
            } catch (RulesException e) {
                e.problems().forEach(err::println);
                err.flush();
                return ExitCodes.ERROR;
            }
            Policy policy = engine.policy();
            List<Line> lines = explain(engine, ruleLines(engine), name, grp == null ? "" : grp, targets);
            if (policy != null) {
                lines.addAll(settings(policy, name, grp));
            }
            if (output.equals("json")) {
                out.println(json(rules.dir(), name, grp, lines));
            } else {
                text(out, rules.dir(), policy, name, grp, lines);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private List<Stage> targets() {
        if (target == null) {
            return List.of(Stage.STAGING, Stage.PRODUCTION);
        }
        Stage s = Stage.parse(target.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new IllegalArgumentException("--target: expected staging or production, found \""
                        + target + "\""));
        if (s == Stage.DEVELOPMENT) {
            throw new IllegalArgumentException("--target: nothing is promoted to development; use staging or production");
        }
        return List.of(s);
    }

    /**
     * Runs the rules over the component one stage below each target (and, for Production, in
     * Production), with empty uptime windows and no evidence: each criterion the rules produce appears,
     * most of them unknown, each with its threshold.
     */
    static List<Line> explain(DroolsRuleEngine engine, Map<String, String> ruleAt, String name, String group,
                              List<Stage> targets) {
        List<Line> out = new ArrayList<>();
        for (Stage t : targets) {
            Stage from = t == Stage.STAGING ? Stage.DEVELOPMENT : Stage.STAGING;
            out.addAll(run(engine, ruleAt, name, group, from, t, from.title() + " → " + t.title()));
            if (t == Stage.PRODUCTION) {
                out.addAll(run(engine, ruleAt, name, group, Stage.PRODUCTION, t, "In Production"));
            }
        }
        return out;
    }

    private static List<Line> run(DroolsRuleEngine engine, Map<String, String> ruleAt, String name, String group,
                                  Stage stage, Stage target, String section) {
        Component c = new Component(name, group, stage, "explain", List.of(), true, 60);
        TreeSet<Duration> windows = new TreeSet<>(List.of(Duration.ofHours(1), Duration.ofHours(24)));
        if (engine.policy() != null) {
            windows.addAll(engine.policy().windows());
        }
        List<Uptime> uptimes = new ArrayList<>();
        for (Duration w : windows) {
            uptimes.add(new Uptime(name, dev.promotiond.facts.UptimeWindows.name(w), w.toSeconds(), 0, 0, 0, 60, null));
        }
        List<CriterionResult> criteria = new ArrayList<>(engine.evaluate(
                new Snapshot(AT, List.of(c), List.of(), uptimes, List.of())).criteria());
        criteria.removeIf(r -> r.target() != target || !r.component().equals(name));
        criteria.sort(Comparator.comparing(CriterionResult::name));
        List<Line> out = new ArrayList<>();
        for (CriterionResult r : criteria) {
            out.add(new Line(section, r.name(), r.threshold(), r.rule(), ruleAt.getOrDefault(r.rule(), "")));
        }
        return out;
    }

    /** Policy settings that feed no criterion of their own (or feed one indirectly), resolved for the component. */
    static List<Line> settings(Policy policy, String name, String group) {
        List<Line> out = new ArrayList<>();
        for (PolicyKey k : List.of(PolicyKey.ERROR_BUDGET, PolicyKey.CLOSE_WATCH, PolicyKey.BREACH_FOR,
                PolicyKey.ROLLBACKS_PER_WATCH, PolicyKey.SOURCE_DOWN_FOR)) {
            Threshold t = policy.threshold(k, name, group);
            if (t != null) {
                out.add(new Line("Settings", k.path(), t.describe(), k.criterion(), k.meaning()));
            }
        }
        return out;
    }

    /** Each rule's name → "file.drl:line", read from the compiled files. */
    static Map<String, String> ruleLines(DroolsRuleEngine engine) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path f : engine.files()) {
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = RULE.matcher(lines.get(i));
                if (m.find()) {
                    out.putIfAbsent(m.group(1).replace("\\\"", "\""), f.getFileName() + ":" + (i + 1));
                }
            }
        }
        return out;
    }

    private static void text(PrintWriter out, Path folder, Policy policy, String name, String group, List<Line> lines) {
        out.println("Effective policy for " + name + (group == null || group.isEmpty() ? "" : " (group " + group + ")")
                + ", rules " + folder + (policy == null ? " (no policy.yaml: thresholds are in the DRL)" : ""));
        out.println("Precedence: component > group > default; each threshold names where it comes from.");
        String section = null;
        for (Line l : lines) {
            if (!l.section().equals(section)) {
                section = l.section();
                out.println();
                out.println(section + ":");
            }
            if (section.equals("Settings")) {
                out.printf("  %-36s %s%n  %-36s used by %s: %s%n", l.criterion(), l.threshold(), "", l.rule(), l.ruleAt());
            } else {
                out.printf("  %-28s %s%n  %-28s rule \"%s\"%s%n", l.criterion(), l.threshold(), "", l.rule(),
                        l.ruleAt().isEmpty() ? "" : " (" + l.ruleAt() + ")");
            }
        }
    }

    private static String json(Path folder, String name, String group, List<Line> lines) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Line l : lines) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("section", l.section());
            m.put(l.section().equals("Settings") ? "setting" : "criterion", l.criterion());
            m.put("threshold", l.threshold());
            m.put(l.section().equals("Settings") ? "used_by" : "rule", l.rule());
            m.put(l.section().equals("Settings") ? "meaning" : "rule_at", l.ruleAt());
            items.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("rules", folder.toString());
        doc.put("component", name);
        doc.put("group", group == null ? "" : group);
        doc.put("criteria", items);
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

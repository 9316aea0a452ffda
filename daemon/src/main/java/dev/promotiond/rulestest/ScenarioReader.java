package dev.promotiond.rulestest;

import dev.promotiond.rulestest.Scenario.ActionSpec;
import dev.promotiond.rulestest.Scenario.Check;
import dev.promotiond.rulestest.Scenario.Event;
import dev.promotiond.rulestest.Scenario.Outcome;
import dev.promotiond.rulestest.Scenario.Part;
import dev.promotiond.rulestest.Scenario.ProbeRun;
import dev.promotiond.rulestest.Scenario.Subject;
import dev.promotiond.rulestest.Scenario.Where;
import dev.promotiond.config.ConfigException;
import dev.promotiond.config.ConfigProblem;
import dev.promotiond.config.Durations;
import dev.promotiond.config.Fields;
import dev.promotiond.config.Problems;
import dev.promotiond.config.PromqlTemplate;
import dev.promotiond.config.RollbackConfig;
import dev.promotiond.evidence.EvidenceKind;
import dev.promotiond.facts.Stage;
import dev.promotiond.store.EvidenceStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one scenario file strictly, reporting every problem at once as {@code file:line:col:
 * field.path: message}, like the daemon's config: unknown keys, duplicates, bad durations, states,
 * stages, unknown components and SLIs. Not thread-safe; one instance per file.
 */
final class ScenarioReader {
    static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");
    /** Bounds the work of one scenario: a year of 10 s probes of one component is 3.2 million. */
    static final long MAX_PROBES = 2_000_000;
    private static final List<String> TOP = List.of("name", "start", "evaluation_interval", "alertmanagers",
            "components", "timeline", "expect");
    /** How often the daemon loop runs in a scenario that acts, unless the scenario says otherwise. */
    static final Duration DEFAULT_ACTING_INTERVAL = Duration.ofMinutes(1);
    private static final List<String> COMPONENT = List.of("name", "group", "stage", "version", "probe_interval",
            "dependencies", "metrics", "rollback");
    private static final List<String> EVENT = List.of("at", "from", "to", "for", "probes", "version", "slis", "source",
            "evidence", "deploy", "hold", "clear_hold", "rollback", "restart");
    private static final List<String> EXPECT = List.of("at", "component", "target", "readiness", "criteria",
            "reason_contains", "soak", "stage", "version", "breaches", "actions", "rollbacks", "firing", "firing_since");
    private static final List<String> STATES = List.of("met", "unmet", "unknown", "absent");

    private final Path file;
    private final Problems problems;
    private final Map<String, Part> parts = new LinkedHashMap<>();
    private final java.util.Set<String> misdeclared = new java.util.HashSet<>();
    private Instant start = DEFAULT_START;
    private long probes;

    private ScenarioReader(Path file) {
        this.file = file;
        this.problems = new Problems(file);
    }

    static Scenario read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, 0, 0, "", "no such file")));
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, 0, 0, "", "not valid UTF-8 text")));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, 0, 0, "", "cannot read: " + e.getMessage())));
        }
        return parse(text, file);
    }

    /** @param file names the file in messages */
    static Scenario parse(String text, Path file) throws ConfigException {
        return new ScenarioReader(file).scenario(text);
    }

    private Scenario scenario(String text) throws ConfigException {
        Node root = problems.compose(text);
        problems.throwIfAny();
        if (root == null) {
            throw new ConfigException(List.of(new ConfigProblem(file, 1, 1, "",
                    "the file is empty; a scenario needs name, components, timeline and expect")));
        }
        Fields top = Fields.of(root, "", TOP, problems);
        if (top == null) {
            throw problems.exception();
        }
        String name = top.required("name", "what the scenario shows", ScenarioValues::nonBlank);
        if (top.has("start")) {
            Instant s = top.scalar("start", ScenarioValues::instant);
            start = s == null ? start : s;
        }
        int alertmanagers = 0;
        if (top.has("alertmanagers")) {
            Integer n = top.scalar("alertmanagers", ScenarioReader::alertmanagers);
            alertmanagers = n == null ? 0 : n;
        }
        components(top);
        List<Event> events = new ArrayList<>();
        List<ProbeRun> runs = new ArrayList<>();
        List<Node> timeline = top.list("timeline");
        for (int i = 0; timeline != null && i < timeline.size(); i++) {
            event(timeline.get(i), "timeline[" + i + "]", events, runs);
        }
        List<Check> checks = new ArrayList<>();
        List<Node> expect = top.list("expect");
        if (expect == null || expect.isEmpty()) {
            problems.at(top.place("expect"), "expect", "missing; a scenario needs at least one expectation");
        }
        for (int i = 0; expect != null && i < expect.size(); i++) {
            expectation(expect.get(i), "expect[" + i + "]", checks);
        }
        Duration interval = top.scalar("evaluation_interval", ScenarioValues::interval);
        if (problems.any()) {
            throw problems.exception();
        }
        boolean acts = interval != null || events.stream().anyMatch(e -> e instanceof Scenario.Restart)
                || checks.stream().anyMatch(c -> c.subject() == Subject.ROLLBACKS || c.subject() == Subject.FIRING
                || c.subject() == Subject.FIRING_SINCE);
        events.sort(Comparator.comparing(Event::at)); // stable: file order within one instant
        checks.sort(Comparator.comparing(Check::at));
        return new Scenario(file, name, start, List.copyOf(parts.values()), events, runs, checks,
                acts ? (interval == null ? DEFAULT_ACTING_INTERVAL : interval) : null, alertmanagers);
    }

    /** A count of Alertmanagers, 0..10. */
    private static Integer alertmanagers(String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 0 && n <= 10) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("expected a count of Alertmanagers from 0 to 10, not \"" + text + "\"");
    }

    // ---- components ----

    private void components(Fields top) {
        List<Node> items = top.list("components");
        if (items == null || items.isEmpty()) {
            problems.at(top.place("components"), "components", "missing; a scenario needs at least one component");
            return;
        }
        Map<String, List<Node>> dependencies = new LinkedHashMap<>();
        Map<String, String> pathOf = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "components[" + i + "]";
            int before = problems.count();
            Fields f = Fields.of(items.get(i), path, COMPONENT, problems);
            if (f == null) {
                continue;
            }
            String name = f.required("name", "[a-z0-9-]+", ScenarioValues::componentName);
            Stage stage = f.required("stage", "Development, Staging or Production", ScenarioValues::stage);
            String version = f.scalar("version", ScenarioValues::nonBlank);
            Duration interval = f.scalar("probe_interval", ScenarioValues::interval);
            List<String> slis = metrics(f);
            RollbackConfig rollback = rollback(f);
            List<Node> deps = f.list("dependencies");
            if (name == null) {
                continue;
            }
            if (parts.containsKey(name)) {
                problems.at(f.place("name"), f.path("name"), "duplicate component \"" + name + "\"");
                continue;
            }
            if (problems.count() > before) {
                misdeclared.add(name); // registered anyway, so references to it report only their own problems
            }
            dependencies.put(name, deps == null ? List.of() : deps);
            pathOf.put(name, f.path("dependencies"));
            parts.put(name, new Part(name, f.scalar("group", t -> t), stage, version, interval, List.of(),
                    slis == null ? List.of() : slis, rollback));
        }
        for (Map.Entry<String, List<Node>> e : dependencies.entrySet()) {
            List<String> names = new ArrayList<>();
            for (int j = 0; j < e.getValue().size(); j++) {
                String path = pathOf.get(e.getKey()) + "[" + j + "]";
                String d = Fields.text(e.getValue().get(j), path, problems);
                if (d != null && d.equals(e.getKey())) {
                    problems.at(e.getValue().get(j), path, "a component cannot depend on itself");
                } else if (d != null && knownComponent(d, e.getValue().get(j), path)) {
                    names.add(d);
                }
            }
            Part p = parts.get(e.getKey());
            parts.put(p.name(), new Part(p.name(), p.group(), p.stage(), p.version(), p.probeInterval(), names, p.slis(),
                    p.rollback()));
        }
    }

    /** {@code metrics: true} gives the built-in SLIs; a list names the component's own. */
    private List<String> metrics(Fields f) {
        if (!f.has("metrics")) {
            return List.of();
        }
        Node node = f.node("metrics");
        if (node instanceof SequenceNode seq) {
            List<String> out = new ArrayList<>();
            for (int j = 0; j < seq.getValue().size(); j++) {
                String s = Fields.parse(seq.getValue().get(j), f.path("metrics") + "[" + j + "]", ScenarioValues::sliName, problems);
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }
        Boolean on = f.scalar("metrics", ScenarioValues::bool);
        return Boolean.TRUE.equals(on) ? List.copyOf(PromqlTemplate.BUILT_INS.keySet()) : List.of();
    }

    private RollbackConfig rollback(Fields f) {
        if (!f.has("rollback")) {
            return null;
        }
        Fields r = Fields.of(f.node("rollback"), f.path("rollback"), List.of("command", "webhook", "dry_run"), problems);
        if (r == null) {
            return null;
        }
        List<String> command = null;
        List<Node> argv = r.list("command");
        if (argv != null) {
            command = new ArrayList<>();
            for (int j = 0; j < argv.size(); j++) {
                String a = Fields.text(argv.get(j), r.path("command") + "[" + j + "]", problems);
                command.add(a == null ? "" : a);
            }
            if (command.isEmpty()) {
                problems.at(r.node("command"), r.path("command"), "must name a program");
            }
        }
        URI webhook = r.scalar("webhook", URI::create);
        if ((command == null) == (webhook == null)) {
            problems.at(f.node("rollback"), f.path("rollback"), "give exactly one of command or webhook");
            return null;
        }
        Boolean dryRun = r.scalar("dry_run", ScenarioValues::bool);
        return new RollbackConfig(command, webhook, null, RollbackConfig.DEFAULT_TIMEOUT, 0, Boolean.TRUE.equals(dryRun));
    }

    // ---- timeline ----

    private void event(Node node, String path, List<Event> events, List<ProbeRun> runs) {
        Fields f = Fields.of(node, path, EVENT, problems);
        if (f == null) {
            return;
        }
        Instant at = f.scalar("at", this::offset);
        boolean happens = false;
        for (String k : List.of("version", "slis", "source", "evidence", "deploy", "hold", "clear_hold", "rollback",
                "restart")) {
            happens |= f.has(k);
        }
        if (!happens && !f.has("probes")) {
            problems.at(node, path, "nothing happens: give probes, version, slis, source, evidence, deploy, hold,"
                    + " clear_hold, rollback or restart");
            return;
        }
        for (String k : List.of("from", "to", "for")) {
            if (f.has(k) && !f.has("probes")) {
                problems.at(f.key(k), f.path(k), k + " only goes with probes");
            }
        }
        if (happens && !f.has("at")) {
            problems.at(node, path + ".at", "missing; required (when it happens, an offset from start such as 3d)");
        }
        if (f.has("probes")) {
            probeRuns(f, at, runs);
        }
        if (at == null) {
            return;
        }
        f.entries("version", (k, v, p) -> {
            if (probedComponent(k, p)) {
                String version = Fields.parse(v, p, ScenarioValues::nonBlank, problems);
                if (version != null) {
                    events.add(new Scenario.VersionChange(at, where(k), k.getValue(), version));
                }
            }
        });
        f.entries("slis", (k, v, p) -> {
            if (!knownComponent(k.getValue(), k, p)) {
                return;
            }
            Part part = parts.get(k.getValue());
            Fields slis = Fields.of(v, p, null, problems);
            if (slis == null) {
                return;
            }
            slis.entries(null, (s, value, sp) -> {
                if (misdeclared.contains(part.name())) {
                    return;
                }
                if (!part.slis().contains(s.getValue())) {
                    problems.at(s, sp, part.slis().isEmpty() ? k.getValue() + " has no SLIs (set metrics: true)"
                            : "unknown SLI \"" + s.getValue() + "\" of " + k.getValue() + " (known: "
                            + String.join(", ", part.slis()) + ")");
                    return;
                }
                String text = Fields.text(value, sp, problems);
                if (text == null) {
                    return;
                }
                Double d = text.equals("unknown") ? null
                        : Fields.parse(value, sp, t -> ScenarioValues.number(t, "a number or unknown"), problems);
                if (d != null || text.equals("unknown")) {
                    events.add(new Scenario.SliChange(at, where(s), k.getValue(), s.getValue(), d));
                }
            });
        });
        f.entries("source", (k, v, p) -> {
            if (!k.getValue().equals("prometheus")) {
                problems.at(k, p, "unknown source \"" + k.getValue() + "\" (known: prometheus)");
                return;
            }
            String state = Fields.parse(v, p, t -> ScenarioValues.oneOf(t, List.of("up", "down")), problems);
            if (state != null) {
                events.add(new Scenario.SourceChange(at, where(k), k.getValue(), state.equals("up")));
            }
        });
        List<Node> uploads = f.list("evidence");
        for (int i = 0; uploads != null && i < uploads.size(); i++) {
            evidence(uploads.get(i), f.path("evidence") + "[" + i + "]", at, events);
        }
        if (f.has("deploy")) {
            Fields d = Fields.of(f.node("deploy"), f.path("deploy"), List.of("component", "stage", "version", "type"), problems);
            if (d != null) {
                String c = d.required("component", "a component of this scenario", t -> t);
                Stage stage = d.required("stage", "Development, Staging or Production", ScenarioValues::stage);
                String version = d.required("version", "the deployed version", ScenarioValues::nonBlank);
                String type = d.scalar("type", t -> ScenarioValues.oneOf(t, List.copyOf(new java.util.TreeSet<>(
                        EvidenceStore.DEPLOYMENT_KINDS))));
                if (c != null && knownComponent(c, d.node("component"), d.path("component")) && stage != null
                        && version != null) {
                    events.add(new Scenario.Deployment(at, where(f.key("deploy")), c, stage.title(), version,
                            type));
                }
            }
        }
        if (f.has("hold")) {
            Fields h = Fields.of(f.node("hold"), f.path("hold"), List.of("component", "version", "reason"), problems);
            if (h != null) {
                String c = h.required("component", "a component of this scenario", t -> t);
                String version = h.required("version", "the held version", ScenarioValues::nonBlank);
                String reason = h.scalar("reason", t -> t);
                if (c != null && knownComponent(c, h.node("component"), h.path("component")) && version != null) {
                    events.add(new Scenario.HoldPlaced(at, where(f.key("hold")), c, version,
                            reason == null ? "rolled back in the scenario" : reason));
                }
            }
        }
        if (f.has("restart")) {
            Boolean restart = f.scalar("restart", ScenarioValues::bool);
            if (Boolean.TRUE.equals(restart)) {
                events.add(new Scenario.Restart(at, where(f.key("restart"))));
            } else if (restart != null) {
                problems.at(f.key("restart"), f.path("restart"), "only restart: true means something");
            }
        }
        if (f.has("rollback")) {
            Fields r = Fields.of(f.node("rollback"), f.path("rollback"), List.of("component", "version", "reason"), problems);
            if (r != null) {
                String c = r.required("component", "a component of this scenario", t -> t);
                String version = r.required("version", "the version rolled back", ScenarioValues::nonBlank);
                String reason = r.scalar("reason", t -> t);
                if (c != null && knownComponent(c, r.node("component"), r.path("component")) && version != null) {
                    events.add(new Scenario.RollbackDone(at, where(f.key("rollback")), c, version,
                            reason == null ? "rolled back in the scenario" : reason));
                }
            }
        }
        if (f.has("clear_hold")) {
            Node n = f.node("clear_hold");
            List<Node> names = n instanceof SequenceNode seq ? seq.getValue() : List.of(n);
            for (int i = 0; i < names.size(); i++) {
                String p = f.path("clear_hold") + (n instanceof SequenceNode ? "[" + i + "]" : "");
                String c = Fields.text(names.get(i), p, problems);
                if (c != null && knownComponent(c, names.get(i), p)) {
                    events.add(new Scenario.HoldCleared(at, where(names.get(i)), c));
                }
            }
        }
    }

    private void probeRuns(Fields f, Instant at, List<ProbeRun> runs) {
        Instant from;
        Instant to;
        if (f.has("from") || f.has("to")) {
            if (f.has("at") || f.has("for")) {
                problems.at(f.key(f.has("at") ? "at" : "for"), f.path(f.has("at") ? "at" : "for"),
                        "probes take either from and to, or at and for");
                return;
            }
            from = f.required("from", "an offset such as 0s", this::offset);
            to = f.required("to", "an offset such as 7d", this::offset);
        } else {
            from = at;
            Duration span = f.required("for", "how long, such as 2h (or give from and to)", Durations::parse);
            to = at == null || span == null ? null : at.plus(span);
            if (!f.has("at")) {
                problems.at(f.node("probes"), f.path("at"),
                        "missing; probes take either from and to, or at and for");
            }
        }
        if (from == null || to == null) {
            return;
        }
        if (!to.isAfter(from)) {
            problems.at(f.node("probes"), f.path("probes"), "the probe run is empty: it must end after it starts");
            return;
        }
        f.entries("probes", (k, v, p) -> {
            if (!probedComponent(k, p)) {
                return;
            }
            String outcome = Fields.parse(v, p, t -> ScenarioValues.oneOf(t, List.of("up", "down", "none")), problems);
            if (outcome == null) {
                return;
            }
            Duration interval = parts.get(k.getValue()).probeInterval();
            probes += Duration.between(from, to).dividedBy(interval) + 1;
            if (probes > MAX_PROBES) {
                problems.at(k, p, "more than " + MAX_PROBES + " probes in this scenario; use a longer"
                        + " probe_interval");
                probes = Long.MIN_VALUE; // report once
            }
            runs.add(new ProbeRun(from, to, k.getValue(), Outcome.valueOf(outcome.toUpperCase(java.util.Locale.ROOT)),
                    where(k)));
        });
    }

    private void evidence(Node node, String path, Instant at, List<Event> events) {
        Fields e = Fields.of(node, path, List.of("component", "version", "commit", "kind", "tool", "values", "notes"), problems);
        if (e == null) {
            return;
        }
        String c = e.required("component", "a component of this scenario", t -> t);
        String version = e.required("version", "the version it was produced for", ScenarioValues::nonBlank);
        String kind = e.required("kind", kinds(), t -> EvidenceKind.parse(t).map(EvidenceKind::label)
                .orElseThrow(() -> new IllegalArgumentException("unknown kind \"" + t + "\" (use " + kinds() + ")")));
        Map<String, Double> values = new HashMap<>();
        if (!e.has("values")) {
            problems.at(node, e.path("values"),
                    "missing; required (the report's values, e.g. {tests: 10, failures: 0})");
        }
        e.entries("values", (k, v, p) -> {
            Double d = Fields.parse(v, p, t -> t.equals("true") ? Double.valueOf(1) : t.equals("false") ? Double.valueOf(0)
                    : ScenarioValues.number(t, "a number, true or false"), problems);
            if (d != null) {
                values.put(k.getValue(), d);
            }
        });
        List<String> notes = new ArrayList<>();
        List<Node> noteNodes = e.list("notes");
        for (int i = 0; noteNodes != null && i < noteNodes.size(); i++) {
            String n = Fields.text(noteNodes.get(i), e.path("notes") + "[" + i + "]", problems);
            if (n != null) {
                notes.add(n);
            }
        }
        if (c != null && knownComponent(c, e.node("component"), e.path("component")) && version != null
                && kind != null) {
            events.add(new Scenario.EvidenceUpload(at, where(node), c, version, e.scalar("commit", t -> t),
                    kind, e.scalar("tool", t -> t), values, notes));
        }
    }

    // ---- expectations ----

    private void expectation(Node node, String path, List<Check> checks) {
        Fields f = Fields.of(node, path, EXPECT, problems);
        if (f == null) {
            return;
        }
        Instant at = f.required("at", "an offset from start such as 7d1h", this::offset);
        String atText = f.has("at") ? Fields.text(f.node("at"), f.path("at"), problems) : null;
        String component = f.scalar("component", t -> t);
        if (component != null) {
            knownComponent(component, f.node("component"), f.path("component")); // reported; reading goes on
        }
        Stage target = f.scalar("target", ScenarioValues::target);
        boolean perTarget = f.has("readiness") || f.has("criteria") || f.has("reason_contains");
        if (perTarget && !f.has("target")) {
            problems.at(node, f.path("target"), "missing; readiness, criteria and reason_contains need a target"
                    + " (staging or production)");
        }
        if (f.has("target") && !perTarget) {
            problems.at(f.key("target"), f.path("target"),
                    "target is used only with readiness, criteria or reason_contains");
        }
        boolean any = perTarget;
        for (String k : List.of("soak", "stage", "version", "breaches", "actions", "rollbacks", "firing",
                "firing_since")) {
            any |= f.has(k);
        }
        if (!any) {
            problems.at(node, path, "expects nothing: give readiness, criteria, reason_contains, soak, stage, version,"
                    + " breaches, actions, rollbacks, firing or firing_since");
        }
        if (component == null && !f.has("component") && (perTarget || f.has("soak") || f.has("stage")
                || f.has("version") || f.has("breaches") || f.has("rollbacks") || f.has("firing")
                || f.has("firing_since"))) {
            problems.at(node, f.path("component"), "missing; only actions can be expected without a component");
        }
        if (at == null || component == null && !f.has("actions")) {
            return;
        }
        Expect e = new Expect(at, atText, component, target, checks);
        if (f.has("readiness")) {
            e.add(f.key("readiness"), Subject.READINESS, null,
                    f.scalar("readiness", t -> ScenarioValues.oneOf(t, List.of("ready", "not_ready", "unknown", "not_applicable"))));
        }
        f.entries("criteria", (k, v, p) -> e.add(k, Subject.CRITERION, k.getValue(),
                Fields.parse(v, p, t -> ScenarioValues.oneOf(t, STATES), problems)));
        f.entries("reason_contains", (k, v, p) -> e.add(k, Subject.REASON, k.getValue(),
                Fields.parse(v, p, ScenarioValues::nonBlank, problems)));
        if (f.has("soak")) {
            e.add(f.key("soak"), Subject.SOAK, null,
                    f.scalar("soak", t -> ScenarioValues.oneOf(t, List.of("ok", "at_risk", "failed", "none"))));
        }
        if (f.has("stage")) {
            Stage s = f.scalar("stage", ScenarioValues::stage);
            e.add(f.key("stage"), Subject.STAGE, null, s == null ? null : s.title());
        }
        if (f.has("version")) {
            e.add(f.key("version"), Subject.VERSION, null, f.scalar("version", ScenarioValues::nonBlank));
        }
        List<Node> breaches = f.list("breaches");
        if (breaches != null) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < breaches.size(); i++) {
                String b = Fields.parse(breaches.get(i), f.path("breaches") + "[" + i + "]", ScenarioValues::sliName, problems);
                names.add(b == null ? "" : b);
            }
            names.sort(null);
            e.add(f.key("breaches"), Subject.BREACHES, null, names.toString());
        }
        List<Node> rollbacks = f.list("rollbacks");
        if (rollbacks != null) {
            List<String> done = new ArrayList<>();
            for (int i = 0; i < rollbacks.size(); i++) {
                String p = f.path("rollbacks") + "[" + i + "]";
                Fields r = Fields.of(rollbacks.get(i), p, List.of("from", "to"), problems);
                if (r != null) {
                    String from = r.required("from", "the version rolled back", ScenarioValues::nonBlank);
                    String to = r.scalar("to", ScenarioValues::nonBlank);
                    done.add(rollback(from, to));
                }
            }
            e.add(f.key("rollbacks"), Subject.ROLLBACKS, null, done.toString());
        }
        List<Node> firing = f.list("firing");
        if (firing != null) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < firing.size(); i++) {
                String n = Fields.parse(firing.get(i), f.path("firing") + "[" + i + "]", ScenarioValues::nonBlank, problems);
                names.add(n == null ? "" : n);
            }
            names.sort(null);
            e.add(f.key("firing"), Subject.FIRING, null, names.toString());
        }
        f.entries("firing_since", (k, v, p) -> {
            Instant since = Fields.parse(v, p, this::offset, problems);
            e.add(k, Subject.FIRING_SINCE, k.getValue(), since == null ? null
                    : Durations.format(Duration.between(start, since)));
        });
        List<Node> actions = f.list("actions");
        if (actions != null) {
            List<ActionSpec> specs = new ArrayList<>();
            for (int i = 0; i < actions.size(); i++) {
                ActionSpec a = action(actions.get(i), f.path("actions") + "[" + i + "]", component);
                if (a != null) {
                    specs.add(a);
                }
            }
            checks.add(new Check(at, atText, where(f.key("actions")), component, null, Subject.ACTIONS,
                    null, specs.toString(), specs));
        }
    }

    private ActionSpec action(Node node, String path, String component) {
        Fields a = Fields.of(node, path, List.of("kind", "name", "component", "severity", "for"), problems);
        if (a == null) {
            return null;
        }
        String kind = a.required("kind", "alert or rollback",
                t -> ScenarioValues.oneOf(t, List.of("alert", "rollback")));
        String name = a.required("name", "e.g. PromotionSoakFailed", ScenarioValues::nonBlank);
        String who = a.scalar("component", t -> t);
        if (who != null && component != null && !who.equals(component)) {
            problems.at(a.node("component"), a.path("component"), "this expectation is about " + component
                    + "; expect actions of " + who + " in an expectation about " + who);
            return null;
        }
        if (who != null && !who.isEmpty() && !knownComponent(who, a.node("component"), a.path("component"))) {
            return null;
        }
        String severity = a.scalar("severity", t -> ScenarioValues.oneOf(t, List.of("page", "warning")));
        Duration forDuration = a.scalar("for", Durations::parse);
        if (kind == null || name == null) {
            return null;
        }
        return new ActionSpec(kind, name, who != null ? who : component != null ? component : "", severity,
                forDuration == null ? null : forDuration.toSeconds());
    }

    /** Collects the checks of one expectation, skipping values already reported as bad. */
    private record Expect(Instant at, String atText, String component, Stage target, List<Check> checks) {
        void add(Node key, Subject subject, String name, String expected) {
            if (expected != null) {
                Stage t = subject == Subject.READINESS || subject == Subject.CRITERION || subject == Subject.REASON
                        ? target : null;
                checks.add(new Check(at, atText, where(key), component, t, subject, name, expected, null));
            }
        }
    }

    // ---- values ----

    /** How a carried-out rollback reads in expectations and failures: {@code 15.6 → 15.5}, {@code 15.4 → ?}. */
    static String rollback(String from, String to) {
        return from + " → " + (to == null ? "?" : to);
    }

    private Instant offset(String text) {
        return start.plus(Durations.parse(text));
    }

    private static String kinds() {
        List<String> out = new ArrayList<>();
        for (EvidenceKind k : EvidenceKind.values()) {
            out.add(k.label());
        }
        return String.join(", ", out);
    }

    private boolean knownComponent(String name, Node node, String path) {
        if (parts.containsKey(name)) {
            return true;
        }
        problems.at(node, path, "unknown component \"" + name + "\""
                + (parts.isEmpty() ? "" : " (components: " + String.join(", ", parts.keySet()) + ")"));
        return false;
    }

    private boolean probedComponent(ScalarNode key, String path) {
        if (!knownComponent(key.getValue(), key, path)) {
            return false;
        }
        if (misdeclared.contains(key.getValue())) {
            return false;
        }
        if (parts.get(key.getValue()).probeInterval() == null) {
            problems.at(key, path, key.getValue() + " is not probed (give it a probe_interval)");
            return false;
        }
        return true;
    }

    /** Where a node starts, for a check's or event's report. */
    private static Where where(Node node) {
        return new Where(Fields.line(node), Fields.column(node));
    }
}

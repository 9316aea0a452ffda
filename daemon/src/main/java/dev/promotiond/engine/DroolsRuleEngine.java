package dev.promotiond.engine;

import dev.promotiond.facts.ActionRequest;
import dev.promotiond.facts.AlertDataMissing;
import dev.promotiond.facts.Breach;
import dev.promotiond.facts.Component;
import dev.promotiond.facts.Evidence;
import dev.promotiond.facts.EvidenceSet;
import dev.promotiond.facts.CriterionResult;
import dev.promotiond.facts.Question;
import dev.promotiond.facts.Snapshot;
import dev.promotiond.facts.SoakVerdict;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.Verdicts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.ClassObjectFilter;
import org.kie.api.runtime.KieSession;
import org.kie.internal.definition.rule.InternalRule;

/**
 * Classic-mode Drools over the {@code *.drl} files of one folder. Each evaluation runs in a fresh
 * session made from the compiled KieBase, so no state leaks between cycles and a later reload can
 * never break a session in use.
 */
public final class DroolsRuleEngine implements RuleEngine {
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;?", Pattern.MULTILINE);
    private static final AtomicLong BUILDS = new AtomicLong();
    /** "[ERR 101] Line 5:29 no viable alternative …": the parser's line and 0-based column. */
    private static final Pattern PARSER_POSITION = Pattern.compile("^\\[ERR \\d+] Line (\\d+):(\\d+)");
    private static final Stage[] TARGETS = {Stage.STAGING, Stage.PRODUCTION};

    private final KieBase kieBase;
    private final List<Path> files;
    private final Map<Path, String> sha256;
    private final Map<Path, List<String>> rulesByFile;
    /** The session evaluating now and the rule it is firing, for {@link #halt()} from another thread. */
    private volatile KieSession running;
    private volatile String firing;

    private DroolsRuleEngine(KieBase kieBase, List<Path> files, Map<Path, String> sha256, Map<Path, List<String>> rulesByFile) {
        this.kieBase = kieBase;
        this.files = files;
        this.sha256 = sha256;
        this.rulesByFile = rulesByFile;
    }

    /** Compiles every {@code *.drl} directly in {@code dir}; throws with every error's file:line:col. */
    public static DroolsRuleEngine compile(Path dir) throws RulesException {
        List<Path> drl;
        if (!Files.isDirectory(dir)) {
            throw new RulesException(List.of(new RuleProblem(dir, 0, 0, Files.exists(dir)
                    ? "the rules path is not a folder" : "no such rules folder", true)));
        }
        try {
            drl = drlFiles(dir);
        } catch (IOException e) {
            throw new RulesException(List.of(new RuleProblem(dir, 0, 0, "cannot read rules folder: " + e, true)));
        }
        if (drl.isEmpty()) {
            throw new RulesException(List.of(new RuleProblem(dir, 0, 0, "no .drl files in rules folder", true)));
        }
        KieServices ks = KieServices.Factory.get();
        ReleaseId id = ks.newReleaseId("dev.promotiond.rules", "rules", "1." + BUILDS.incrementAndGet());
        KieFileSystem kfs = ks.newKieFileSystem().generateAndWritePomXML(id);
        Map<String, Path> byResource = new HashMap<>();
        Map<Path, String> hashes = new LinkedHashMap<>();
        for (Path file : drl) {
            String text;
            try {
                byte[] bytes = Files.readAllBytes(file);
                hashes.put(file, sha256(bytes));
                text = new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new RulesException(List.of(new RuleProblem(file, 0, 0, "cannot read: " + e, true)));
            }
            Matcher m = PACKAGE.matcher(text);
            String folder = m.find() ? m.group(1).replace('.', '/') + "/" : "";
            String resource = "src/main/resources/" + folder + file.getFileName();
            byResource.put(resource, file);
            byResource.put(folder + file.getFileName(), file); // messages name the path below resources/
            kfs.write(resource, text);
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<RuleProblem> errors = new ArrayList<>();
        for (Message msg : builder.getResults().getMessages()) {
            if (msg.getLevel() == Message.Level.ERROR) {
                Path file = byResource.getOrDefault(msg.getPath(), msg.getPath() == null ? null : Path.of(msg.getPath()));
                String text = msg.getText().strip().replaceAll("\\s*\\R\\s*", " ");
                int line = Math.max(0, msg.getLine());
                int column = Math.max(0, msg.getColumn());
                Matcher at = PARSER_POSITION.matcher(text);
                if (column == 0 && at.find()) {  // the parser's own position, 0-based column
                    line = Integer.parseInt(at.group(1));
                    column = Integer.parseInt(at.group(2)) + 1;
                }
                errors.add(new RuleProblem(file, line, column, text, true));
            }
        }
        if (!errors.isEmpty()) {
            throw new RulesException(rootCauses(dir, errors));
        }
        KieBase base = ks.newKieContainer(id).getKieBase();
        return new DroolsRuleEngine(base, drl, java.util.Collections.unmodifiableMap(hashes), rulesByFile(base, drl, byResource));
    }

    /**
     * When a file does not parse, Drools also reports every use, in the other files, of the types
     * the unparsed file declared; those follow from the parse error and hide it. Keeps the parse
     * errors and says how many others were left out.
     */
    static List<RuleProblem> rootCauses(Path dir, List<RuleProblem> errors) {
        java.util.Set<Path> unparsed = new java.util.HashSet<>();
        for (RuleProblem p : errors) {
            if (p.message().startsWith("[ERR ")) {
                unparsed.add(p.file());
            }
        }
        if (unparsed.isEmpty()) {
            return errors;
        }
        List<RuleProblem> out = new ArrayList<>();
        for (RuleProblem p : errors) {
            if (p.message().startsWith("[ERR ")) {
                out.add(p);
            }
        }
        int left = errors.size() - out.size();
        if (left > 0) {
            out.add(new RuleProblem(dir, 0, 0, left + " more error" + (left == 1 ? "" : "s")
                    + " not listed: they follow from the parse error" + (out.size() == 1 ? "" : "s") + " above", false));
        }
        return out;
    }

    /** The {@code *.drl} files {@link #compile} reads from {@code dir}, each with the SHA-256 of its content now. */
    public static Map<Path, String> sha256(Path dir) throws IOException {
        Map<Path, String> out = new LinkedHashMap<>();
        for (Path file : drlFiles(dir)) {
            out.put(file, sha256(Files.readAllBytes(file)));
        }
        return out;
    }

    private static List<Path> drlFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".drl") && Files.isRegularFile(p)).sorted().toList();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Each file's rule names, sorted; a rule whose source Drools does not name is listed under the folder. */
    private static Map<Path, List<String>> rulesByFile(KieBase base, List<Path> drl, Map<String, Path> byResource) {
        Map<Path, List<String>> out = new LinkedHashMap<>();
        drl.forEach(f -> out.put(f, new ArrayList<>()));
        for (KiePackage p : base.getKiePackages()) {
            for (Rule r : p.getRules()) {
                Path file = null;
                if (r instanceof InternalRule ir && ir.getResource() != null) {
                    file = byResource.get(ir.getResource().getSourcePath());
                }
                Path key = file != null ? file : drl.get(0).getParent();
                out.computeIfAbsent(key, k -> new ArrayList<>()).add(r.getName());
            }
        }
        out.replaceAll((f, names) -> names.stream().sorted().toList());
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The compiled files, in the order they were read. */
    public List<Path> files() {
        return files;
    }

    /** SHA-256 (hex) of each compiled file's content, exactly as compiled. */
    public Map<Path, String> sha256() {
        return sha256;
    }

    /**
     * The rule names each compiled file declares, sorted, in compile order; a rule whose source Drools
     * does not name comes last, under the folder.
     */
    public Map<Path, List<String>> rulesByFile() {
        return rulesByFile;
    }

    /** How many rules the KieBase holds. */
    public int ruleCount() {
        return rulesByFile.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public Verdicts evaluate(Snapshot snapshot) {
        KieSession session = kieBase.newKieSession();
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                firing = event.getMatch().getRule().getName();
            }

            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                firing = null;
            }
        });
        running = session;
        try {
            for (Component c : snapshot.components()) {
                session.insert(c);
                for (Stage target : TARGETS) {
                    session.insert(new Question(c.name(), target));
                }
            }
            snapshot.dependencies().forEach(session::insert);
            snapshot.uptimes().forEach(session::insert);
            snapshot.soaks().forEach(session::insert);
            snapshot.slis().forEach(session::insert);
            snapshot.sources().forEach(session::insert);
            snapshot.holds().forEach(session::insert);
            snapshot.evidence().forEach(session::insert);
            Map<String, List<Evidence>> byComponent = new HashMap<>();
            for (Evidence e : snapshot.evidence()) {
                byComponent.computeIfAbsent(e.component(), k -> new ArrayList<>()).add(e);
            }
            for (Component c : snapshot.components()) {
                session.insert(new EvidenceSet(c.name(), byComponent.getOrDefault(c.name(), List.of())));
            }
            snapshot.stageRecords().forEach(session::insert);
            snapshot.rollbackPlans().forEach(session::insert);
            snapshot.rollbacks().forEach(session::insert);
            snapshot.monitoring().forEach(session::insert);
            long facts = session.getFactCount();
            int limit = (int) Math.min(Integer.MAX_VALUE - 1, 100 * facts + 10_000);
            int fired = session.fireAllRules(limit + 1);
            if (fired > limit) {
                throw new IllegalStateException("rules fired more than " + limit + " times for " + facts
                        + " facts; a rule probably re-triggers itself");
            }
            List<CriterionResult> criteria = new ArrayList<>();
            for (Object o : session.getObjects(new ClassObjectFilter(CriterionResult.class))) {
                criteria.add((CriterionResult) o);
            }
            List<SoakVerdict> soaks = new ArrayList<>();
            for (Object o : session.getObjects(new ClassObjectFilter(SoakVerdict.class))) {
                soaks.add((SoakVerdict) o);
            }
            List<Breach> breaches = new ArrayList<>();
            for (Object o : session.getObjects(new ClassObjectFilter(Breach.class))) {
                breaches.add((Breach) o);
            }
            List<ActionRequest> actions = new ArrayList<>();
            for (Object o : session.getObjects(new ClassObjectFilter(ActionRequest.class))) {
                actions.add((ActionRequest) o);
            }
            List<AlertDataMissing> dataMissing = new ArrayList<>();
            for (Object o : session.getObjects(new ClassObjectFilter(AlertDataMissing.class))) {
                dataMissing.add((AlertDataMissing) o);
            }
            return new Verdicts(criteria, soaks, breaches, actions, dataMissing);
        } finally {
            running = null;
            firing = null;
            session.dispose();
        }
    }

    @Override
    public void halt() {
        KieSession s = running;
        if (s != null) {
            s.halt();
        }
    }

    @Override
    public String firingRule() {
        return firing;
    }
}

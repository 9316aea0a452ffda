package dev.promotiond.engine;

import dev.promotiond.config.ConfigException;
import dev.promotiond.config.ConfigProblem;
import dev.promotiond.config.Policy;
import dev.promotiond.config.PolicyReader;
import dev.promotiond.facts.ActionRequest;
import dev.promotiond.facts.AlertPolicy;
import dev.promotiond.facts.InProductionPolicy;
import dev.promotiond.facts.SlaPolicy;
import dev.promotiond.facts.ToProductionPolicy;
import dev.promotiond.facts.ToStagingPolicy;
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
import dev.promotiond.facts.StageRecord;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.drools.core.impl.InternalRuleBase;
import org.drools.core.reteoo.ObjectTypeNode;
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
 * Classic-mode Drools over the {@code *.drl} files of one folder. Each evaluation runs in fresh
 * sessions made from the compiled KieBase, one per partition of the components, so no state leaks
 * between cycles and a later reload can never break a session in use.
 */
public final class DroolsRuleEngine implements RuleEngine {
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;?", Pattern.MULTILINE);
    private static final AtomicLong BUILDS = new AtomicLong();
    /** "[ERR 101] Line 5:29 no viable alternative …": the parser's line and 0-based column. */
    private static final Pattern PARSER_POSITION = Pattern.compile("^\\[ERR \\d+] Line (\\d+):(\\d+)");
    private static final Stage[] TARGETS = {Stage.STAGING, Stage.PRODUCTION};

    /**
     * Components per partition. A session of 1,000 components took 75 ms on this machine while one
     * of 10,000 took 1.4 s (BENCHMARKS.md): a small session's tuples stay in cache and die young,
     * a large one's are copied by every young collection. Much smaller partitions pay the fixed
     * cost of a session (policy facts, agenda) too often.
     */
    public static final int PARTITION_SIZE = 1_000;
    private static final AtomicLong ENGINES = new AtomicLong();

    private final KieBase kieBase;
    private final List<Path> files;
    private final Map<Path, String> sha256;
    private final Map<Path, List<String>> rulesByFile;
    /** The folder's policy.yaml, or null when it has none (rules written without policy facts). */
    private final Policy policy;
    /** Whether Evidence and StageRecord facts reach any pattern; see {@link #matched}. */
    private final boolean evidenceMatched;
    private final boolean stageRecordsMatched;
    /** The evaluation in progress, for {@link #halt()} and {@link #firingRule()} from another thread. */
    private volatile Run current;
    private ExecutorService pool;

    private DroolsRuleEngine(KieBase kieBase, List<Path> files, Map<Path, String> sha256, Map<Path, List<String>> rulesByFile,
                             Policy policy) {
        this.kieBase = kieBase;
        this.policy = policy;
        this.files = files;
        this.sha256 = sha256;
        this.rulesByFile = rulesByFile;
        this.evidenceMatched = matched(kieBase, Evidence.class);
        this.stageRecordsMatched = matched(kieBase, StageRecord.class);
    }

    /**
     * Whether some pattern of the rules can match a fact of {@code type} (a node for it or for one of
     * its supertypes, such as {@code Object()}). Facts no pattern matches change no result, so they
     * are not inserted: the bundled rules read evidence through {@code EvidenceSet} and never match
     * {@code Evidence} or {@code StageRecord} themselves, which saves 8,000 of the inserts of a
     * 10,000-component cycle. When the KieBase is not the expected kind, says yes.
     */
    static boolean matched(KieBase base, Class<?> type) {
        if (!(base instanceof InternalRuleBase rules)) {
            return true;
        }
        for (ObjectTypeNode node : rules.getRete().getObjectTypeNodes()) {
            if (node.getObjectType().isAssignableFrom(type)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some pattern names {@code type} itself (not only a supertype such as {@code Object()}). */
    static boolean matchedExactly(KieBase base, Class<?> type) {
        if (!(base instanceof InternalRuleBase rules)) {
            return false;
        }
        for (ObjectTypeNode node : rules.getRete().getObjectTypeNodes()) {
            if (node.getObjectType().isAssignableFrom(type) && !node.getObjectType().isAssignableFrom(Object.class)) {
                return true;
            }
        }
        return false;
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
        Policy policy = readPolicy(dir);
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
        if (policy == null) {
            // rules that read thresholds would silently judge nothing without them: fewer criteria, a
            // wrong "ready"; refuse instead
            for (Class<?> type : List.<Class<?>>of(ToStagingPolicy.class, ToProductionPolicy.class, SlaPolicy.class,
                    InProductionPolicy.class, AlertPolicy.class)) {
                if (matchedExactly(base, type)) {
                    throw new RulesException(List.of(new RuleProblem(dir.resolve(PolicyReader.FILE_NAME), 0, 0,
                            "no such file: the rules read " + type.getSimpleName() + " facts, whose thresholds come"
                                    + " from policy.yaml (write one with `promotiond rules init DIR`)", true)));
                }
            }
        }
        Path policyFile = dir.resolve(PolicyReader.FILE_NAME);
        if (policy != null) {
            try {
                hashes.put(policyFile, sha256(Files.readAllBytes(policyFile)));
            } catch (IOException e) {
                throw new RulesException(List.of(new RuleProblem(policyFile, 0, 0, "cannot read: " + e, true)));
            }
        }
        Map<Path, List<String>> byFile = rulesByFile(base, drl, byResource);
        if (policy != null) {  // listed with the rule files, so the API shows its hash; it declares no rule
            java.util.TreeMap<Path, List<String>> sorted = new java.util.TreeMap<>(
                    java.util.Comparator.comparing((Path p) -> String.valueOf(p.getFileName())));
            sorted.putAll(byFile);
            sorted.put(policyFile, List.of());
            byFile = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
        }
        DroolsRuleEngine engine = new DroolsRuleEngine(base, drl, java.util.Collections.unmodifiableMap(hashes),
                byFile, policy);
        // no warm-up evaluation here: it would run the operator's rules outside the evaluation
        // thread's budget, and a consequence that loops would hang the compile (BadRulesIsolationTest)
        return engine;
    }

    /**
     * The folder's policy.yaml (every threshold the rules read), or null when the folder has none.
     * Every problem in it is reported at its file:line:col before any DRL is compiled.
     */
    private static Policy readPolicy(Path dir) throws RulesException {
        Path file = dir.resolve(PolicyReader.FILE_NAME);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return PolicyReader.read(file);
        } catch (ConfigException e) {
            List<RuleProblem> problems = new ArrayList<>();
            for (ConfigProblem p : e.problems()) {
                problems.add(new RuleProblem(p.file(), p.line(), p.column(),
                        p.path().isEmpty() ? p.message() : p.path() + ": " + p.message(), true));
            }
            throw new RulesException(problems);
        }
    }

    /** The folder's policy, or null when it has no policy.yaml. */
    public Policy policy() {
        return policy;
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

    /** The files {@link #compile} reads from {@code dir} (every {@code *.drl} and policy.yaml), each with the SHA-256 of its content now. */
    public static Map<Path, String> sha256(Path dir) throws IOException {
        Map<Path, String> out = new LinkedHashMap<>();
        for (Path file : drlFiles(dir)) {
            out.put(file, sha256(Files.readAllBytes(file)));
        }
        Path policy = dir.resolve(PolicyReader.FILE_NAME);
        if (Files.isRegularFile(policy)) {
            out.put(policy, sha256(Files.readAllBytes(policy)));
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

    /**
     * Evaluates in partitions of {@link #PARTITION_SIZE} components, in parallel on the available
     * cores; the result equals one session's over the whole snapshot (see {@link Partitions} for
     * what the rules may join).
     */
    @Override
    public Verdicts evaluate(Snapshot snapshot) {
        return evaluate(snapshot, PARTITION_SIZE);
    }

    /**
     * Evaluates in partitions of at most {@code partitionSize} components ({@code Integer.MAX_VALUE}:
     * one session over the whole snapshot, as before partitions existed). A partition that throws,
     * exceeds its fire limit or is halted fails the whole evaluation: there is never a partial result.
     */
    public Verdicts evaluate(Snapshot snapshot, int partitionSize) {
        Partitions partitions = Partitions.split(snapshot, partitionSize);
        List<Snapshot> parts = partitions.parts();
        Run run = new Run(parts.size());
        current = run;
        try {
            if (parts.size() == 1) {
                return evaluatePartition(run, 0, parts.get(0));
            }
            return partitions.merge(inParallel(run, parts));
        } finally {
            current = null;
        }
    }

    /**
     * Runs every partition on the pool and waits for all. On the first failure the others are halted
     * (those not started yet do not start) and awaited, so no session of this evaluation runs on
     * once it has thrown; an interrupted caller halts them and returns at once.
     */
    private List<Verdicts> inParallel(Run run, List<Snapshot> parts) {
        ExecutorCompletionService<Verdicts> done = new ExecutorCompletionService<>(pool());
        Map<Future<Verdicts>, Integer> index = new HashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            int p = i;
            index.put(done.submit(() -> evaluatePartition(run, p, parts.get(p))), p);
        }
        Verdicts[] out = new Verdicts[parts.size()];
        Throwable failure = null;
        try {
            for (int left = parts.size(); left > 0; left--) {
                Future<Verdicts> f = done.take();
                try {
                    out[index.get(f)] = f.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                        run.halt();
                    }
                }
            }
        } catch (InterruptedException e) {
            run.halt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the evaluation was interrupted");
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException("a partition of the evaluation failed", failure);
        }
        return List.of(out);
    }

    /**
     * The evaluation threads, made on first use: as many as the machine has processors; an idle
     * thread ends after a while, so an engine replaced by a reload leaves no threads behind.
     */
    private synchronized ExecutorService pool() {
        if (pool == null) {
            int cores = Runtime.getRuntime().availableProcessors();
            long engine = ENGINES.incrementAndGet();
            AtomicLong threads = new AtomicLong();
            ThreadPoolExecutor p = new ThreadPoolExecutor(cores, cores, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "promotiond-rules-" + engine + "-" + threads.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            p.allowCoreThreadTimeOut(true);
            pool = p;
        }
        return pool;
    }

    /** One partition in a fresh session, confined to the calling thread. */
    private Verdicts evaluatePartition(Run run, int partition, Snapshot snapshot) {
        KieSession session = kieBase.newKieSession();
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                run.firing.set(partition, event.getMatch().getRule().getName());
            }

            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                run.firing.set(partition, null);
            }
        });
        run.sessions.add(session);
        try {
            if (run.halted) {
                throw new IllegalStateException("the evaluation was halted");
            }
            int skipped = insert(session, snapshot);
            long facts = session.getFactCount() + skipped;  // the fire limit as if every fact were in
            int limit = (int) Math.min(Integer.MAX_VALUE - 1, 100 * facts + 10_000);
            int fired = session.fireAllRules(limit + 1);
            if (fired > limit) {
                throw new IllegalStateException("rules fired more than " + limit + " times for " + facts
                        + " facts; a rule probably re-triggers itself");
            }
            if (run.halted) {
                throw new IllegalStateException("the evaluation was halted");
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
            run.sessions.remove(session);
            run.firing.set(partition, null);
            session.dispose();
        }
    }

    /** Inserts the snapshot's facts; returns how many it left out because no pattern matches them. */
    private int insert(KieSession session, Snapshot snapshot) {
        int skipped = 0;
        for (Component c : snapshot.components()) {
            session.insert(c);
            for (Stage target : TARGETS) {
                session.insert(new Question(c.name(), target));
            }
            if (policy != null) {
                policy.facts(c.name(), c.group()).forEach(session::insert);
            }
        }
        if (policy != null) {
            session.insert(policy.alerts());
        }
        snapshot.dependencies().forEach(session::insert);
        snapshot.uptimes().forEach(session::insert);
        snapshot.soaks().forEach(session::insert);
        snapshot.slis().forEach(session::insert);
        snapshot.sources().forEach(session::insert);
        snapshot.holds().forEach(session::insert);
        if (evidenceMatched) {
            snapshot.evidence().forEach(session::insert);
        } else {
            skipped += snapshot.evidence().size();
        }
        Map<String, List<Evidence>> byComponent = new HashMap<>();
        for (Evidence e : snapshot.evidence()) {
            byComponent.computeIfAbsent(e.component(), k -> new ArrayList<>()).add(e);
        }
        for (Component c : snapshot.components()) {
            session.insert(new EvidenceSet(c.name(), byComponent.getOrDefault(c.name(), List.of())));
        }
        if (stageRecordsMatched) {
            snapshot.stageRecords().forEach(session::insert);
        } else {
            skipped += snapshot.stageRecords().size();
        }
        snapshot.rollbackPlans().forEach(session::insert);
        snapshot.rollbacks().forEach(session::insert);
        snapshot.monitoring().forEach(session::insert);
        return skipped;
    }

    /** Halts every partition's session of the evaluation in progress, and keeps the others from starting. */
    @Override
    public void halt() {
        Run r = current;
        if (r != null) {
            r.halt();
        }
    }

    /** One of the rules firing now in the evaluation in progress (the lowest partition's), or null. */
    @Override
    public String firingRule() {
        Run r = current;
        if (r == null) {
            return null;
        }
        for (int i = 0; i < r.firing.length(); i++) {
            String rule = r.firing.get(i);
            if (rule != null) {
                return rule;
            }
        }
        return null;
    }

    /** The sessions of one {@link #evaluate} call, for {@link #halt()} and {@link #firingRule()} from another thread. */
    private static final class Run {
        final Set<KieSession> sessions = ConcurrentHashMap.newKeySet();
        /** Partition → the rule whose consequence it runs now. */
        final AtomicReferenceArray<String> firing;
        volatile boolean halted;

        Run(int partitions) {
            firing = new AtomicReferenceArray<>(partitions);
        }

        /** Sets the flag before halting, so a session registered after the sweep sees the flag. */
        void halt() {
            halted = true;
            sessions.forEach(KieSession::halt);
        }
    }
}

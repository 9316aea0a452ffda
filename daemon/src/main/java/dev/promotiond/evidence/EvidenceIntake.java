package dev.promotiond.evidence;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.facts.StageRecord;
import dev.promotiond.store.EvidenceStore;
import dev.promotiond.store.HistoryEvent;
import dev.promotiond.store.Ledger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evidence uploads and deployment records, and the stage each component is judged in: the API's
 * {@link Intake}, and the cycle's source of evidence and stage records. Keeps the ledger in step
 * with the effective stage.
 */
public final class EvidenceIntake implements Intake {
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceIntake.class);

    private final List<ComponentConfig> components;
    private final Clock clock;
    private final Ledger ledger;
    private final EvidenceStore store;
    private final EvidenceBook evidence;
    private final StageBook stages;

    /** Reads the stored evidence and deployment records; starts nothing. */
    public EvidenceIntake(List<ComponentConfig> components, Clock clock, Ledger ledger, EvidenceStore store,
                   int keepVersions) {
        this.components = List.copyOf(components);
        this.clock = clock;
        this.ledger = ledger;
        this.store = store;
        this.evidence = new EvidenceBook(store, clock, keepVersions);
        this.evidence.load();
        this.stages = new StageBook(components, store, clock);
        this.stages.load();
    }

    private String seen;

    /**
     * Reloads evidence and deployment records when another replica (or this one) stored some since
     * the last call; the leader calls this before each evaluation. True when it reloaded.
     */
    public boolean reloadIfChanged() {
        String mark = store.changeMark();
        if (mark.equals(seen)) {
            return false;
        }
        boolean first = seen == null;
        seen = mark;
        if (first) {
            return false; // loaded by the constructor
        }
        Map<String, HistoryEvent> before = stages.deployments();
        evidence.load();
        stages.load();
        stages.deployments().forEach((component, e) -> {
            if (!e.equals(before.get(component)) && owns.test(component)) {
                moveSoak(e); // recorded at another replica: this one probes the component, so it moves the soak
            }
        });
        return true;
    }

    /** Whether this replica probes the component (its ledger is the one that counts the soak). */
    private java.util.function.Predicate<String> owns = c -> true;

    /** Which components this replica probes; a deployment record moves a soak only where it is probed. */
    public void owns(java.util.function.Predicate<String> owns) {
        this.owns = java.util.Objects.requireNonNull(owns, "owns");
    }

    private boolean moveSoak(HistoryEvent e) {
        boolean moved = ledger.startSoakAt(e.component(), e.stage(), e.version(), e.at(), clock.instant());
        if (moved) {
            LOG.info("soak of {} {} now starts at {} (deployment record)", e.component(), e.version(), e.at());
        }
        return moved;
    }

    /** Reloads evidence and deployment records from the store (a replica that starts leading). */
    public void reload() {
        seen = store.changeMark();
        evidence.load();
        stages.load();
    }

    /** The newest evidence of each (component, version, kind), for the kept versions. */
    public List<dev.promotiond.facts.Evidence> evidence() {
        return evidence.current();
    }

    /**
     * Every component's declared and recorded stage; the ledger follows the effective one (a changed
     * MATURITY.md or a deployment record moves the component, and its next probe starts a new soak).
     */
    public Map<String, StageRecord> stageRecords() {
        Map<String, StageRecord> records = stages.records();
        Instant now = clock.instant();
        for (ComponentConfig c : components) {
            ledger.declare(c.name(), records.get(c.name()).effective(),
                    c.health() == null ? 0 : c.health().interval().toSeconds(), now);
        }
        return records;
    }

    @Override
    public EvidenceBook.Accepted evidence(String component, String version, String commit, String kind,
                                          List<EvidenceBook.Upload> files) throws EvidenceException {
        return evidence.accept(component, version, commit, kind, files);
    }

    @Override
    public List<EvidenceStore.Stored> evidenceLog(String component, long beforeId, int limit) {
        return store.list(component, beforeId, limit);
    }

    /**
     * Records a deployment; when it is for the running version (or the version cannot be read), the
     * component's soak — and so its production watch window — starts at the recorded time.
     */
    @Override
    public HistoryEvent deploy(String component, String stage, String version, String type, Instant at) {
        HistoryEvent e = stages.deploy(component, stage, version, type, at);
        stageRecords();
        // where another replica probes the component, it moves the soak when it sees the record
        boolean moved = owns.test(component) && ledger.startSoakAt(component, e.stage(), e.version(), e.at(),
                clock.instant());
        LOG.info("deployment of {} {} to {} recorded ({}){}", component, e.version(), e.stage().title(), e.kind(),
                moved ? "; soak starts at " + e.at() : "");
        return e;
    }
}

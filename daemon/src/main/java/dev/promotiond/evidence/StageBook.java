package dev.promotiond.evidence;

import dev.promotiond.config.ComponentConfig;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.StageRecord;
import dev.promotiond.store.EvidenceStore;
import dev.promotiond.store.HistoryEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each component's stage by source: declared (config, or its MATURITY.md, re-read when the file
 * changes) and recorded (deployment records). The recorded stage wins; a disagreement is drift.
 *
 * <p>Thread-safe: the API records deployments while cycles read.
 */
public final class StageBook {
    /** Deployment records may be back-dated (for history imports), but not by more than this. */
    static final Duration MAX_BACKDATE = Duration.ofDays(400);

    private final Map<String, ComponentConfig> components = new HashMap<>();
    private final EvidenceStore store;
    private final Clock clock;
    private final Map<String, HistoryEvent> deployments = new ConcurrentHashMap<>();
    private final Map<Path, Read> maturity = new ConcurrentHashMap<>();

    public StageBook(List<ComponentConfig> components, EvidenceStore store, Clock clock) {
        components.forEach(c -> this.components.put(c.name(), c));
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private record Read(FileTime modified, long size, MaturityHeader header) {
    }

    /** Reads the latest deployment records from the store. */
    /** The latest deployment record of each component, as loaded or recorded. */
    public Map<String, HistoryEvent> deployments() {
        return Map.copyOf(deployments);
    }

    public void load() {
        deployments.clear();
        deployments.putAll(store.latestDeployments());
        deployments.keySet().retainAll(components.keySet());
    }

    /** Every component's record now; MATURITY.md files are re-read only when they changed. */
    public Map<String, StageRecord> records() {
        Map<String, StageRecord> out = new HashMap<>();
        for (ComponentConfig c : components.values()) {
            out.put(c.name(), record(c));
        }
        return out;
    }

    public StageRecord record(String component) {
        ComponentConfig c = components.get(component);
        return c == null ? null : record(c);
    }

    private StageRecord record(ComponentConfig c) {
        Stage declared = c.stage();
        String source = "config";
        String note = null;
        java.time.LocalDate since = null;
        if (c.maturity() != null) {
            MaturityHeader h = maturity(c.maturity());
            if (h.known()) {
                declared = h.stage();
                source = c.maturity().toString();
                since = h.since();
                note = h.note();
            } else {
                note = c.maturity().getFileName() + " declares no stage (" + h.note() + "); using the configured "
                        + c.stage().title();
            }
        }
        HistoryEvent d = deployments.get(c.name());
        return new StageRecord(c.name(), declared, source, note, since, d == null ? null : d.stage(),
                d == null ? null : d.version(), d == null ? null : d.at());
    }

    private MaturityHeader maturity(Path file) {
        FileTime modified;
        long size;
        try {
            modified = Files.getLastModifiedTime(file);
            size = Files.size(file);
        } catch (IOException e) {
            return MaturityReader.parse(file.getFileName().toString(), "");
        }
        Read cached = maturity.get(file);
        if (cached != null && cached.modified().equals(modified) && cached.size() == size) {
            return cached.header();
        }
        MaturityHeader h;
        try {
            h = MaturityReader.read(file);
        } catch (java.io.UncheckedIOException e) {
            return MaturityReader.parse(file.getFileName().toString(), ""); // vanished between stat and read
        }
        maturity.put(file, new Read(modified, size, h));
        return h;
    }

    /**
     * Records a deployment: {@code version} is now in {@code stage}. The type (promotion, demotion,
     * rollback, deployment) is derived from the stage it was in unless given.
     *
     * @param at when it happened; null for now
     * @throws IllegalArgumentException naming the field when something is malformed
     */
    public HistoryEvent deploy(String component, String stageText, String version, String type, Instant at) {
        ComponentConfig c = components.get(component);
        if (c == null) {
            throw new IllegalArgumentException("unknown component: " + component);
        }
        if (stageText == null || stageText.isBlank()) {
            throw new IllegalArgumentException("missing field stage (Development, Staging or Production)");
        }
        Optional<Stage> stage = Stage.parse(stageText);
        if (stage.isEmpty()) {
            throw new IllegalArgumentException("bad field stage \"" + stageText + "\": use Development, Staging or Production");
        }
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("missing field version");
        }
        if (!EvidenceBook.VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("bad field version \"" + version
                    + "\": use letters, digits and . _ + : / @ - (at most 128 characters)");
        }
        Instant now = clock.instant();
        Instant when = at == null ? now : at;
        if (when.isAfter(now.plusSeconds(60))) {
            throw new IllegalArgumentException("bad field at " + when + ": it is in the future");
        }
        if (when.isBefore(now.minus(MAX_BACKDATE))) {
            throw new IllegalArgumentException("bad field at " + when + ": more than 400 days ago");
        }
        Stage before = record(c).effective();
        String kind = type == null || type.isBlank() ? derive(before, stage.get()) : type;
        if (!EvidenceStore.DEPLOYMENT_KINDS.contains(kind)) {
            throw new IllegalArgumentException("bad field type \"" + type + "\": use promotion, demotion, rollback or deployment");
        }
        HistoryEvent e = new HistoryEvent(component, when, kind, stage.get(), version);
        store.recordDeployment(e);
        deployments.merge(component, e, (old, neu) -> neu.at().isBefore(old.at()) ? old : neu);
        return e;
    }

    private static String derive(Stage before, Stage after) {
        if (after.compareTo(before) > 0) {
            return "promotion";
        }
        return after.compareTo(before) < 0 ? "demotion" : "deployment";
    }
}

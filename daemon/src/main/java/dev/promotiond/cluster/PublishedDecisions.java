package dev.promotiond.cluster;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.promotiond.config.ComponentConfig;
import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.TargetStatus;
import dev.promotiond.facts.Breach;
import dev.promotiond.facts.Component;
import dev.promotiond.facts.Evidence;
import dev.promotiond.facts.Sli;
import dev.promotiond.facts.SoakVerdict;
import dev.promotiond.facts.Stage;
import dev.promotiond.facts.StageRecord;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.Decisions;
import dev.promotiond.store.LedgerView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The leader's evaluations in the shared store, and every replica's view of them. The leader
 * {@link #publish}es each evaluation (only the components whose status changed are written); a
 * follower {@link #follow}s: it reads what changed since its last read and rebuilds the same
 * {@link Evaluation}, which its API, {@code check}, status page and gauges then serve exactly as the
 * leader's would. Each component's status is stored without its configuration, which every replica
 * has: a follower joins its own {@link ComponentConfig} by name (a component it does not know is
 * left out). The actions an evaluation asked for are not published: only the leader acts.
 *
 * <p>Used from one thread (the evaluation timer's).
 */
public final class PublishedDecisions {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One component's status as stored: {@link ComponentStatus} without its configuration. */
    record Stored(String name, LedgerView ledger, SoakVerdict soakVerdict, Map<Stage, TargetStatus> targets,
                  List<Sli> slis, List<Breach> breaches, Component stage, StageRecord stageRecord,
                  List<Evidence> evidence) {
        static Stored of(ComponentStatus c) {
            return new Stored(c.name(), c.ledger(), c.soakVerdict(), c.targets(), c.slis(), c.breaches(), c.stage(),
                    c.stageRecord(), c.evidence());
        }

        ComponentStatus with(ComponentConfig config) {
            return new ComponentStatus(config, ledger, soakVerdict, targets == null ? Map.of() : targets,
                    slis == null ? List.of() : slis, breaches == null ? List.of() : breaches, stage, stageRecord,
                    evidence == null ? List.of() : evidence);
        }
    }

    /** The evaluation as a whole: when, how long, and its components in order. */
    record Header(Instant evaluatedAt, long tookMillis, List<String> components) {
    }

    private final Decisions store;
    private final Map<String, ComponentConfig> configs = new LinkedHashMap<>();
    /**
     * A 64-bit digest of each component's body as this replica last wrote it (leading): enough to
     * tell a change, at 8 bytes instead of a body's ~7 KB.
     */
    private final Map<String, Long> written = new HashMap<>();
    private final Map<String, ComponentStatus> statuses = new HashMap<>();
    private long seq;
    private long publishedAtMillis;

    public PublishedDecisions(Decisions store, List<ComponentConfig> components) {
        this.store = store;
        components.forEach(c -> configs.put(c.name(), c));
    }

    /**
     * Writes {@code e} as the next publication: the header and each component whose status differs
     * from the last one written. False when {@code fence} no longer holds the lease (nothing written).
     */
    public boolean publish(Evaluation e, ActionStore.Fence fence) {
        List<ComponentStatus> components = e.components();
        List<String> names = new ArrayList<>(components.size());
        components.forEach(c -> names.add(c.name()));
        Map<String, Long> digests = new HashMap<>();
        // each body is rendered as the store asks for the next one, so at most one batch of them is held
        Iterable<Map.Entry<String, String>> changed = () -> new java.util.Iterator<>() {
            private int next;
            private Map.Entry<String, String> ahead = advance();

            private Map.Entry<String, String> advance() {
                while (next < components.size()) {
                    ComponentStatus c = components.get(next++);
                    String body = write(Stored.of(c));
                    long digest = digest(body);
                    Long before = written.get(c.name());
                    if (before == null || before != digest) {
                        digests.put(c.name(), digest);
                        return Map.entry(c.name(), body);
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return ahead != null;
            }

            @Override
            public Map.Entry<String, String> next() {
                Map.Entry<String, String> out = ahead;
                if (out == null) {
                    throw new java.util.NoSuchElementException();
                }
                ahead = advance();
                return out;
            }
        };
        String header = write(new Header(e.evaluatedAt(), e.took().toMillis(), names));
        long s = store.publish(fence, e.evaluatedAt().toEpochMilli(), names.size(), header, changed);
        if (s < 0) {
            return false;
        }
        written.putAll(digests);
        seq = s;
        publishedAtMillis = e.evaluatedAt().toEpochMilli();
        return true;
    }

    /**
     * The newest publication as an {@link Evaluation}, reading only what changed since the last
     * call, one component at a time; null when nothing is published yet or nothing changed since.
     */
    public Evaluation follow() {
        Map<String, ComponentStatus> read = new HashMap<>();
        Decisions.Publication p = store.readSince(seq, (name, body) -> {
            ComponentConfig config = configs.get(name);
            if (config != null) {
                read.put(name, read(body, Stored.class).with(config));
            }
        });
        if (p == null) {
            return null;
        }
        Header header = read(p.header(), Header.class);
        if (p.seq() < seq) {
            statuses.clear();
        }
        statuses.putAll(read);
        List<ComponentStatus> components = new ArrayList<>();
        for (String name : header.components()) {
            ComponentStatus c = statuses.get(name);
            if (c != null) {
                components.add(c);
            }
        }
        seq = p.seq();
        publishedAtMillis = p.publishedAtMillis();
        return new Evaluation(header.evaluatedAt(), Duration.ofMillis(header.tookMillis()), components);
    }

    /** Forgets what was written or read, so the next {@link #publish} writes every component (a new leader). */
    public void reset() {
        written.clear();
        statuses.clear();
        seq = 0;
    }

    /** When the evaluation last published or read was made, in epoch milliseconds; 0 before any. */
    long publishedAtMillis() {
        return publishedAtMillis;
    }

    /** FNV-1a over the body's characters, 64 bits: a changed body is told apart with probability 1 - 2^-64. */
    static long digest(String body) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < body.length(); i++) {
            h ^= body.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(String text, Class<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

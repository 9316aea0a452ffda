package dev.promotiond.evidence;

import dev.promotiond.facts.Evidence;
import dev.promotiond.store.EvidenceStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Accepts uploads of CI reports: parse every file, merge them into one piece of evidence, store it,
 * and keep the newest of each (component, version, kind) in memory for the cycles, for the last
 * {@code keepVersions} versions of each (component, kind). Evidence belongs to its version: CI
 * pushing reports for a version not yet deployed changes nothing for the running one, and those
 * reports count as soon as that version runs. An upload is all or nothing: if any file is
 * rejected, nothing is stored and earlier evidence stays as it was.
 *
 * <p>Thread-safe.
 */
public final class EvidenceBook {
    /** Versions and commits: what tags, semver and hashes look like; no spaces or control characters. */
    static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+:/@-]{0,127}");
    /** At most this many bytes in one upload, all files together. */
    public static final long MAX_UPLOAD_BYTES = 64L * 1024 * 1024;
    /** Versions of each (component, kind) whose evidence is kept unless configured otherwise. */
    public static final int DEFAULT_KEEP_VERSIONS = 10;

    private final EvidenceStore store;
    private final Clock clock;
    private final int keepVersions;
    /** Per (component, kind): the newest evidence of each version, most recently pushed version first. */
    private final Map<String, List<Evidence>> latest = new ConcurrentHashMap<>();

    public EvidenceBook(EvidenceStore store, Clock clock) {
        this(store, clock, DEFAULT_KEEP_VERSIONS);
    }

    /** @param keepVersions how many versions of each (component, kind) to judge and keep, at least 1 */
    public EvidenceBook(EvidenceStore store, Clock clock, int keepVersions) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (keepVersions < 1) {
            throw new IllegalArgumentException("keepVersions must be at least 1, got " + keepVersions);
        }
        this.keepVersions = keepVersions;
    }

    public int keepVersions() {
        return keepVersions;
    }

    /** One uploaded file. */
    public record Upload(String fileName, byte[] content) {
        public Upload {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(content, "content");
        }
    }

    /** What an accepted upload became. */
    public record Accepted(long id, Evidence evidence, List<ParsedReport> reports) {
    }

    /** A field of the upload (not a file) is wrong; the message names the field. */
    public static final class BadUpload extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public BadUpload(String message) {
            super(message);
        }
    }

    /** Reads the newest evidence of each (component, version, kind) from the store, for the kept versions. */
    public synchronized void load() {
        latest.clear();
        for (Evidence e : store.latest(keepVersions)) {
            latest.computeIfAbsent(key(e.component(), e.kind()), k -> new ArrayList<>()).add(e);
        }
        latest.replaceAll((k, v) -> List.copyOf(v));
    }

    /**
     * Parses, merges and stores one upload.
     *
     * @throws BadUpload        when version, commit or kind is missing or malformed
     * @throws EvidenceException when a file is rejected (it names the file and the reason)
     */
    public Accepted accept(String component, String version, String commit, String kindLabel, List<Upload> files)
            throws EvidenceException {
        checkVersion("version", version, true);
        checkVersion("commit", commit, false);
        if (kindLabel == null || kindLabel.isBlank()) {
            throw new BadUpload("missing kind (" + kinds() + ")");
        }
        EvidenceKind kind = EvidenceKind.parse(kindLabel)
                .orElseThrow(() -> new BadUpload("unknown kind \"" + kindLabel + "\" (use " + kinds() + ")"));
        if (files.isEmpty()) {
            throw new BadUpload("no report file in the upload");
        }
        long total = 0;
        for (Upload u : files) {
            total += u.content().length;
        }
        if (total > MAX_UPLOAD_BYTES) {
            throw new BadUpload("upload is " + total + " bytes; the limit is " + MAX_UPLOAD_BYTES / (1024 * 1024) + " MiB");
        }
        List<ParsedReport> reports = new ArrayList<>();
        MessageDigest all = sha256();
        List<String> described = new ArrayList<>();
        Set<String> tools = new LinkedHashSet<>();
        for (Upload u : files) {
            ParsedReport r = ReportParsers.parse(kind, u.fileName(), u.content());
            reports.add(r);
            tools.add(r.tool());
            all.update(u.content());
            described.add(u.fileName() + " " + r.format().label() + " " + hex(sha256().digest(u.content())));
        }
        Map<String, Double> values = ReportParsers.combine(kind, reports);
        Evidence e = new Evidence(component, version, commit, kind.label(), String.join("+", tools), clock.instant(),
                hex(all.digest()), values, Notes.merge(reports));
        long id = remember(e, described);
        return new Accepted(id, e, List.copyOf(reports));
    }

    /**
     * Stores the upload and puts it first among its (component, kind), replacing the same version's
     * older evidence. Synchronized so that memory keeps the store's order of arrival.
     */
    private synchronized long remember(Evidence e, List<String> described) {
        long id = store.save(e, described);
        latest.compute(key(e.component(), e.kind()), (k, old) -> {
            List<Evidence> versions = new ArrayList<>();
            versions.add(e);
            for (Evidence x : old == null ? List.<Evidence>of() : old) {
                if (!x.version().equals(e.version()) && versions.size() < keepVersions) {
                    versions.add(x);
                }
            }
            return List.copyOf(versions);
        });
        return id;
    }

    /**
     * The newest evidence of each (component, version, kind) for the kept versions: what the cycle
     * hands to the rules, which pick the running version's.
     */
    public List<Evidence> current() {
        List<Evidence> out = new ArrayList<>();
        latest.values().forEach(out::addAll);
        return List.copyOf(out);
    }

    private static void checkVersion(String field, String value, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                throw new BadUpload("missing " + field + ": the version the evidence was produced for");
            }
            return;
        }
        if (!VERSION.matcher(value).matches()) {
            throw new BadUpload("bad " + field + " \"" + printable(value) + "\": use letters, digits and . _ + : / @ -"
                    + " (at most 128 characters)");
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return new String(cut.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?");
    }

    private static String kinds() {
        List<String> labels = new ArrayList<>();
        for (EvidenceKind k : EvidenceKind.values()) {
            labels.add(k.label());
        }
        return String.join(", ", labels);
    }

    private static String key(String component, String kind) {
        return component + "\u0000" + kind;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}

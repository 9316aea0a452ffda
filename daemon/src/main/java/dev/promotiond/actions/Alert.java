package dev.promotiond.actions;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One alert as Alertmanager's v2 API takes it. Labels identify the alert (at least one, names as
 * Prometheus allows them); annotations carry the text. Both are kept as immutable, sorted copies.
 *
 * @param startsAt     when it started firing; null lets the client stamp the send time, once per send,
 *                     so every Alertmanager of an HA set gets the same value
 * @param endsAt       null while firing until further notice; a past or present instant resolves it
 * @param generatorURL link back to whatever raised the alert; may be null
 */
public record Alert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt,
                    String generatorURL) {
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final long FNV64_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV64_PRIME = 0x100000001b3L;
    private static final int SEPARATOR = 0xff;

    public Alert {
        Objects.requireNonNull(labels, "labels");
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("an alert needs at least one label");
        }
        labels.forEach((name, value) -> {
            if (name == null || !LABEL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("label name must match " + LABEL_NAME + ", was " + name);
            }
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("label " + name + " has no value (Alertmanager treats it as absent)");
            }
        });
        labels = sortedCopy(labels);
        annotations = annotations == null ? Collections.emptySortedMap() : sortedCopy(annotations);
        annotations.forEach((name, value) -> Objects.requireNonNull(value, () -> "annotation " + name + " has no value"));
        if (startsAt != null && endsAt != null && endsAt.isBefore(startsAt)) {
            throw new IllegalArgumentException("endsAt " + endsAt + " is before startsAt " + startsAt);
        }
    }

    public String alertname() {
        return labels.get("alertname");
    }

    /**
     * The identity of this alert: the same labels give the same fingerprint in any order, across
     * resends and restarts. It is Alertmanager's own fingerprint (FNV-1a 64 over the sorted label
     * pairs, 0xff-separated, 16 hex digits), so it matches the {@code fingerprint} in its API.
     */
    public String fingerprint() {
        long hash = FNV64_OFFSET;
        for (Map.Entry<String, String> label : labels.entrySet()) {  // sorted by name
            hash = add(hash, label.getKey());
            hash = add(hash, label.getValue());
        }
        return String.format("%016x", hash);
    }

    /** This alert, resolved at {@code at}. */
    public Alert resolvedAt(Instant at) {
        return new Alert(labels, annotations, startsAt, Objects.requireNonNull(at, "at"), generatorURL);
    }

    private static long add(long hash, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * FNV64_PRIME;
        }
        return (hash ^ SEPARATOR) * FNV64_PRIME;
    }

    private static SortedMap<String, String> sortedCopy(Map<String, String> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }
}

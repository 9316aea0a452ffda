package dev.promotiond.actions;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.facts.AlertDataMissing;
import dev.promotiond.http.Backoff;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.StoredAlert;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts that are active, as Prometheus keeps them: a new alert is sent at once; while it stays
 * wanted it is resent every resend interval with endsAt = now + 4 × that interval. An alert that is
 * no longer wanted resolves only when its condition is known to be clear: while the rules say its
 * facts are missing ({@link AlertDataMissing}) it keeps firing, annotated {@code data_missing_since};
 * otherwise it is sent once more with endsAt = now (resolved) and forgotten. A send that fails is
 * retried with backoff. Every change is written to the store, and alerts restored from it at
 * start-up are resent at once with their original startsAt, so a restart never resolves one.
 * Not thread-safe: the action pipeline calls it from one thread.
 */
final class AlertBook {
    private static final Logger LOG = LoggerFactory.getLogger(AlertBook.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String DATA_MISSING_SINCE = "data_missing_since";

    private final ActionStore store;
    private final AlertmanagerClient client;
    private final Duration resend;
    private final DoubleSupplier jitter;
    private final Consumer<Audit> audit;
    private final Map<String, Active> active = new LinkedHashMap<>();

    /** One line for the audit log. */
    record Audit(String component, String alertname, String outcome, String detail) {
    }

    private static final class Active {
        Alert alert;
        Instant startsAt;
        Instant lastSentAt;
        boolean delivered;
        boolean announced;
        boolean resolving;
        /** Sent on the next reconcile whatever the resend interval: restored, or its annotations changed. */
        boolean sendNow;
        /** When its facts went missing while it was firing; null while the rules ask for it. */
        Instant missingSince;
        String missingReason;
        int attempts;
        Instant nextAttempt = Instant.MIN;

        /** The alert as sent: while its data is missing, the annotations say since when and why. */
        Alert outgoing(Instant startsAt, Instant endsAt) {
            Map<String, String> annotations = new LinkedHashMap<>(alert.annotations());
            if (missingSince != null) {
                annotations.put(DATA_MISSING_SINCE, missingSince.toString());
                String description = annotations.getOrDefault("description", "");
                annotations.put("description", (description.isEmpty() ? "" : description + " ") + "[data missing since "
                        + missingSince + ": " + missingReason + "; firing until the condition is known to be clear]");
            }
            return new Alert(alert.labels(), annotations, startsAt, endsAt, alert.generatorURL());
        }
    }

    /** @param client null when no Alertmanager is configured: alerts are tracked and audited only */
    AlertBook(ActionStore store, AlertmanagerClient client, Duration resend, Consumer<Audit> audit) {
        this(store, client, resend, audit, Backoff.RANDOM);
    }

    /** @param jitter where in each backoff step a resend falls, a fraction in [0, 1] */
    AlertBook(ActionStore store, AlertmanagerClient client, Duration resend, Consumer<Audit> audit,
              DoubleSupplier jitter) {
        this.jitter = jitter;
        this.store = store;
        this.client = client;
        this.resend = resend;
        this.audit = audit;
        for (StoredAlert s : store.activeAlerts()) {
            Active a = decode(s.payload());
            a.startsAt = s.startsAt();
            a.lastSentAt = s.lastSentAt();
            a.delivered = s.delivered();
            a.announced = true;
            a.sendNow = true;  // its last endsAt may have passed while the daemon was down
            active.put(s.fingerprint(), a);
        }
    }

    /** Whether the alert with this fingerprint is firing (not being resolved). */
    boolean firing(String fingerprint) {
        Active a = active.get(fingerprint);
        return a != null && !a.resolving;
    }

    /**
     * Makes the active set equal {@code wanted}, except that an active alert whose facts are missing
     * keeps firing: sends what is new or due, resolves what is known to be clear.
     */
    void reconcile(Instant now, List<Alert> wanted, List<AlertDataMissing> dataMissing) {
        Map<String, Alert> byFingerprint = new LinkedHashMap<>();
        wanted.forEach(a -> byFingerprint.put(a.fingerprint(), a));
        Map<String, String> missing = new HashMap<>();
        dataMissing.forEach(m -> missing.putIfAbsent(m.key(), m.reason()));
        List<String> due = new ArrayList<>();
        byFingerprint.forEach((fp, alert) -> {
            Active a = active.get(fp);
            if (a == null || a.resolving) {
                a = new Active();
                a.startsAt = now;
                a.lastSentAt = Instant.EPOCH;
                active.put(fp, a);
            }
            a.alert = alert;
            if (a.missingSince != null) {
                a.missingSince = null;  // known again, and still firing
                a.missingReason = null;
                a.sendNow = true;
            }
            if (isDue(a, now)) {
                due.add(fp);
            }
        });
        for (Map.Entry<String, Active> e : active.entrySet()) {
            if (!byFingerprint.containsKey(e.getKey())) {
                Active a = e.getValue();
                String reason = a.resolving ? null
                        : missing.get(a.alert.alertname() + "/" + a.alert.labels().getOrDefault("component", ""));
                if (reason != null) {
                    keepFiring(now, a, reason);
                    if (isDue(a, now)) {
                        due.add(e.getKey());
                    }
                    continue;
                }
                if (!a.resolving) {
                    a.resolving = true;
                    a.delivered = false;
                    a.attempts = 0;
                    a.nextAttempt = Instant.MIN;
                }
                if (!now.isBefore(a.nextAttempt)) {
                    due.add(e.getKey());
                }
            }
        }
        if (!due.isEmpty()) {
            send(now, due);
        }
        active.forEach((fp, a) -> {
            if (!a.resolving) {
                persist(fp, a);
            }
        });
    }

    /** A firing alert whose facts are unknown: not clear, so it stays; the first cycle says so at once. */
    private void keepFiring(Instant now, Active a, String reason) {
        if (a.missingSince == null) {
            a.missingSince = now;
            a.sendNow = true;
            audit.accept(new Audit(a.alert.labels().getOrDefault("component", ""), a.alert.alertname(), "data_missing",
                    "kept firing: " + reason));
        }
        a.missingReason = reason;
    }

    private boolean isDue(Active a, Instant now) {
        if (!a.delivered) {
            return !now.isBefore(a.nextAttempt);
        }
        return a.sendNow || !now.isBefore(a.lastSentAt.plus(resend));
    }

    private void send(Instant now, List<String> fingerprints) {
        List<Alert> batch = new ArrayList<>();
        for (String fp : fingerprints) {
            Active a = active.get(fp);
            Instant endsAt = a.resolving ? now : now.plus(resend.multipliedBy(4));
            batch.add(a.outgoing(a.startsAt, endsAt));
        }
        String failure = null;
        Duration retryAfter = null;
        if (client != null) {
            for (DeliveryResult r : client.send(batch)) {
                if (!r.ok()) {
                    failure = r.alertmanager() + ": " + (r.error() != null ? r.error() : "HTTP " + r.httpStatus());
                    if (r.retryAfter() != null && (retryAfter == null || r.retryAfter().compareTo(retryAfter) > 0)) {
                        retryAfter = r.retryAfter();
                    }
                }
            }
        }
        for (String fp : fingerprints) {
            Active a = active.get(fp);
            String component = a.alert.labels().getOrDefault("component", "");
            if (failure == null) {
                a.delivered = true;
                a.sendNow = false;
                a.attempts = 0;
                a.lastSentAt = now;
                if (a.resolving) {
                    active.remove(fp);
                    store.deleteAlert(fp);
                    audit.accept(new Audit(component, a.alert.alertname(), "resolved", labels(a.alert)));
                    continue;
                }
                if (!a.announced) {
                    a.announced = true;
                    audit.accept(new Audit(component, a.alert.alertname(), client == null ? "recorded" : "sent",
                            labels(a.alert) + " " + a.alert.annotations().getOrDefault("description", "")));
                }
            } else {
                if (a.attempts == 0) {
                    LOG.warn("alert {} not delivered, will retry: {}", a.alert.alertname(), failure);
                    audit.accept(new Audit(component, a.alert.alertname(), "send_failed", failure));
                }
                a.delivered = false;
                a.attempts++;
                a.nextAttempt = now.plus(AlertmanagerClient.BACKOFF.delay(a.attempts, retryAfter, jitter));
            }
            persist(fp, a);
        }
    }

    private void persist(String fp, Active a) {
        if (a == null) {
            return;
        }
        store.saveAlert(new StoredAlert(fp, a.alert.alertname(), a.alert.labels().getOrDefault("component", ""),
                encode(a), a.startsAt, a.lastSentAt, a.delivered));
    }

    /** Active (not resolving) alerts by alert name. */
    Map<String, Long> activeByName() {
        Map<String, Long> out = new TreeMap<>();
        active.values().stream().filter(a -> !a.resolving)
                .forEach(a -> out.merge(a.alert.alertname(), 1L, Long::sum));
        return out;
    }

    /** The active (not resolving) alerts, each with the startsAt it is sent with. */
    List<Alert> firing() {
        List<Alert> out = new ArrayList<>();
        active.values().stream().filter(a -> !a.resolving).forEach(a -> out.add(new Alert(a.alert.labels(),
                a.alert.annotations(), a.startsAt, null, a.alert.generatorURL())));
        return out;
    }

    private static String labels(Alert a) {
        return a.labels().toString();
    }

    /** The alert as last asked for, and since when its data is missing (so a restart keeps both). */
    private static String encode(Active active) {
        Alert a = active.alert;
        Map<String, Object> m = new HashMap<>();
        m.put("labels", a.labels());
        m.put("annotations", a.annotations());
        m.put("generatorURL", a.generatorURL());
        if (active.missingSince != null) {
            m.put("missingSince", active.missingSince.toString());
            m.put("missingReason", active.missingReason);
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Active decode(String payload) {
        try {
            Map<String, Object> m = JSON.readValue(payload, new TypeReference<Map<String, Object>>() { });
            @SuppressWarnings("unchecked")
            Map<String, String> labels = (Map<String, String>) m.get("labels");
            @SuppressWarnings("unchecked")
            Map<String, String> annotations = (Map<String, String>) m.get("annotations");
            Active a = new Active();
            a.alert = new Alert(labels, annotations, null, null, (String) m.get("generatorURL"));
            if (m.get("missingSince") instanceof String since) {
                a.missingSince = Instant.parse(since);
                a.missingReason = String.valueOf(m.get("missingReason"));
            }
            return a;
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalStateException("stored alert has an unreadable missingSince: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("stored alert is not readable: " + e.getMessage(), e);
        }
    }
}

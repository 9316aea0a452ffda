package dev.promotiond.actions;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts that are active, as Prometheus keeps them: a new alert is sent at once; while it stays
 * wanted it is resent every resend interval with endsAt = now + 4 × that interval; when it is no
 * longer wanted it is sent once more with endsAt = now (resolved) and forgotten. A send that fails
 * is retried with backoff. Every change is written to the store, so alerts survive a restart.
 * Not thread-safe: the action pipeline calls it from one thread.
 */
final class AlertBook {
    private static final Logger LOG = LoggerFactory.getLogger(AlertBook.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ActionStore store;
    private final AlertmanagerClient client;
    private final Duration resend;
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
        int attempts;
        Instant nextAttempt = Instant.MIN;
    }

    /** @param client null when no Alertmanager is configured: alerts are tracked and audited only */
    AlertBook(ActionStore store, AlertmanagerClient client, Duration resend, Consumer<Audit> audit) {
        this.store = store;
        this.client = client;
        this.resend = resend;
        this.audit = audit;
        for (StoredAlert s : store.activeAlerts()) {
            Active a = new Active();
            a.alert = decode(s.payload());
            a.startsAt = s.startsAt();
            a.lastSentAt = s.lastSentAt();
            a.delivered = s.delivered();
            a.announced = true;
            active.put(s.fingerprint(), a);
        }
    }

    /** Makes the active set equal {@code wanted}: sends what is new or due, resolves what is gone. */
    void reconcile(Instant now, List<Alert> wanted) {
        Map<String, Alert> byFingerprint = new LinkedHashMap<>();
        wanted.forEach(a -> byFingerprint.put(a.fingerprint(), a));
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
            if (isDue(a, now)) {
                due.add(fp);
            }
        });
        for (Map.Entry<String, Active> e : active.entrySet()) {
            if (!byFingerprint.containsKey(e.getKey())) {
                Active a = e.getValue();
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
        byFingerprint.keySet().forEach(fp -> persist(fp, active.get(fp)));
    }

    private boolean isDue(Active a, Instant now) {
        if (!a.delivered) {
            return !now.isBefore(a.nextAttempt);
        }
        return !now.isBefore(a.lastSentAt.plus(resend));
    }

    private void send(Instant now, List<String> fingerprints) {
        List<Alert> batch = new ArrayList<>();
        for (String fp : fingerprints) {
            Active a = active.get(fp);
            Instant endsAt = a.resolving ? now : now.plus(resend.multipliedBy(4));
            batch.add(new Alert(a.alert.labels(), a.alert.annotations(), a.startsAt, endsAt, a.alert.generatorURL()));
        }
        String failure = null;
        if (client != null) {
            for (DeliveryResult r : client.send(batch)) {
                if (!r.ok()) {
                    failure = r.alertmanager() + ": " + (r.error() != null ? r.error() : "HTTP " + r.httpStatus());
                }
            }
        }
        for (String fp : fingerprints) {
            Active a = active.get(fp);
            String component = a.alert.labels().getOrDefault("component", "");
            if (failure == null) {
                a.delivered = true;
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
                a.nextAttempt = now.plus(AlertmanagerClient.backoff(a.attempts));
            }
            persist(fp, a);
        }
    }

    private void persist(String fp, Active a) {
        if (a == null) {
            return;
        }
        store.saveAlert(new StoredAlert(fp, a.alert.alertname(), a.alert.labels().getOrDefault("component", ""),
                encode(a.alert), a.startsAt, a.lastSentAt, a.delivered));
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

    private static String encode(Alert a) {
        Map<String, Object> m = new HashMap<>();
        m.put("labels", a.labels());
        m.put("annotations", a.annotations());
        m.put("generatorURL", a.generatorURL());
        try {
            return JSON.writeValueAsString(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Alert decode(String payload) {
        try {
            Map<String, Object> m = JSON.readValue(payload, new TypeReference<Map<String, Object>>() { });
            @SuppressWarnings("unchecked")
            Map<String, String> labels = (Map<String, String>) m.get("labels");
            @SuppressWarnings("unchecked")
            Map<String, String> annotations = (Map<String, String>) m.get("annotations");
            return new Alert(labels, annotations, null, null, (String) m.get("generatorURL"));
        } catch (IOException e) {
            throw new UncheckedIOException("stored alert is not readable: " + e.getMessage(), e);
        }
    }
}

package dev.promotiond.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.facts.Hold;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.StoreException;
import dev.promotiond.store.StoredAlert;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the status page reads from the store besides the published evaluation: the alerts the
 * leader's action pipeline keeps active and the versions held after a rollback. Both live in the
 * store the replicas share, so a follower shows the leader's. A store that cannot be read is shown
 * as such ({@link #unreadable}), never as "nothing is firing".
 *
 * @param alerts     active alerts, pages first, then by start
 * @param holds      held versions, by component then version
 * @param unreadable why the store could not be read, or null
 */
record Attention(List<ActiveAlert> alerts, List<Hold> holds, String unreadable) {
    static final Attention NONE = new Attention(List.of(), List.of(), null);
    private static final ObjectMapper JSON = new ObjectMapper();

    Attention {
        alerts = List.copyOf(alerts);
        holds = List.copyOf(holds);
    }

    /**
     * One active alert as the action pipeline stored it.
     *
     * @param missingSince when its facts went missing while it fired (it keeps firing), or null
     */
    record ActiveAlert(String alertname, String component, String severity, String summary, String description,
                       Instant startsAt, Instant missingSince) {
        boolean page() {
            return "page".equals(severity);
        }
    }

    /** Reads both lists now; a store failure becomes {@link #unreadable} with the store's message. */
    static Attention read(ActionStore actions) {
        if (actions == null) {
            return NONE;
        }
        try {
            List<ActiveAlert> alerts = new ArrayList<>();
            for (StoredAlert s : actions.activeAlerts()) {
                alerts.add(decode(s));
            }
            alerts.sort(Comparator.comparing((ActiveAlert a) -> !a.page()).thenComparing(ActiveAlert::startsAt)
                    .thenComparing(ActiveAlert::component).thenComparing(a -> a.alertname() == null ? "" : a.alertname()));
            List<Hold> holds = new ArrayList<>(actions.holds());
            holds.sort(Comparator.comparing(Hold::component).thenComparing(Hold::version));
            return new Attention(alerts, holds, null);
        } catch (StoreException e) {
            return new Attention(List.of(), List.of(), e.getMessage());
        }
    }

    /**
     * The stored payload is the pipeline's own (labels, annotations, and since when its data is
     * missing); a payload this page cannot read still shows the alert by its name and component.
     */
    static ActiveAlert decode(StoredAlert s) {
        JsonNode labels = JSON.missingNode();
        JsonNode annotations = JSON.missingNode();
        Instant missingSince = null;
        try {
            JsonNode p = JSON.readTree(s.payload() == null ? "{}" : s.payload());
            labels = p.path("labels");
            annotations = p.path("annotations");
            if (p.path("missingSince").isTextual()) {
                missingSince = Instant.parse(p.path("missingSince").asText());
            }
        } catch (IOException | RuntimeException e) {
            // shown with what the row itself says
        }
        String severity = labels.path("severity").asText("");
        return new ActiveAlert(s.alertname(), s.component() == null ? "" : s.component(),
                severity.isEmpty() ? "unknown" : severity, annotations.path("summary").asText(s.alertname()),
                annotations.path("description").asText(""), s.startsAt(), missingSince);
    }
}

package dev.promotiond.api;

import dev.promotiond.store.ActionRecord;

/** One audited action (an alert sent, a rollback run) and how it went. */
record ActionEntry(long id, String at, String kind, String component, String name, String outcome, String detail,
                   double durationSeconds) {

    static ActionEntry of(ActionRecord r) {
        return new ActionEntry(r.id(), ApiTime.text(r.at()), r.kind(), r.component(), r.name(), r.outcome(), r.detail(),
                r.took().toMillis() / 1000.0);
    }
}

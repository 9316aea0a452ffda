package dev.promotiond.api;

import dev.promotiond.store.HistoryEvent;

/** One stage or version change, or deployment record, of a component. */
record HistoryEntry(String at, String kind, String stage, String version) {

    static HistoryEntry of(HistoryEvent h) {
        return new HistoryEntry(ApiTime.text(h.at()), h.kind(), h.stage().label(), h.version());
    }
}

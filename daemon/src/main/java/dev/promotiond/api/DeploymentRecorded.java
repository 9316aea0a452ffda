package dev.promotiond.api;

import dev.promotiond.store.HistoryEvent;

/** The 201 answer to a deployment record. */
record DeploymentRecorded(String component, String kind, String stage, String version, String at) {

    static DeploymentRecorded of(HistoryEvent e) {
        return new DeploymentRecorded(e.component(), e.kind(), e.stage().label(), e.version(), e.at().toString());
    }
}

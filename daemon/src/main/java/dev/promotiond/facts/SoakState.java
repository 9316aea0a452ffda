package dev.promotiond.facts;

import java.util.Locale;

/** How a soak is going: failed when its error budget is spent, at risk when the burn rate would spend it. */
public enum SoakState {
    OK, AT_RISK, FAILED, UNKNOWN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

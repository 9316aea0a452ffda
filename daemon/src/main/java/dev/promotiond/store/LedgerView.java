package dev.promotiond.store;

import dev.promotiond.facts.Soak;
import dev.promotiond.facts.Uptime;
import java.time.Instant;
import java.util.List;

/**
 * What the ledger knows of one component at one instant.
 *
 * @param version   the running version last read from a probe, or null
 * @param uptimes   the trailing windows, shortest first: "1h", "24h" and "7d" unless the policy asks for others
 * @param soak      the current soak in the declared stage, or null when none has started
 * @param lastProbeAt when the last probe ran, or null
 */
public record LedgerView(String component, String version, List<Uptime> uptimes, Soak soak, Instant lastProbeAt,
                         boolean lastProbeUp, String lastProbeReason) {

    public Uptime uptime(String window) {
        for (Uptime u : uptimes) {
            if (u.window().equals(window)) {
                return u;
            }
        }
        throw new IllegalArgumentException("no window " + window);
    }
}

package dev.promotiond.probe;

/** What a probe concluded, before it is stamped with component, time and latency. */
record Verdict(boolean up, String reason, String version) {
    static Verdict down(String reason) {
        return new Verdict(false, reason, null);
    }
}

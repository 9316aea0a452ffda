package dev.promotiond.api;

/** Liveness: the daemon answers; {@code evaluatedAt} is null before the first evaluation. */
record Healthz(String status, String evaluatedAt) {
}

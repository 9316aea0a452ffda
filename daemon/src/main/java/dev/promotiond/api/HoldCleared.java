package dev.promotiond.api;

import java.util.List;

/** The answer to a hold clear: the versions cleared, and those still held. */
record HoldCleared(String component, List<String> cleared, List<String> held) {
}

package dev.promotiond.store;

import dev.promotiond.facts.Stage;
import java.time.Instant;

/**
 * One entry of a component's record of stages and versions.
 *
 * @param kind "stage" when the declared stage changed, "version" when a new running version was seen
 */
public record HistoryEvent(String component, Instant at, String kind, Stage stage, String version) {
}

package dev.promotiond.facts;

/** "May this component move to this target stage?" — one per component and target, asked every cycle. */
public record Question(String component, Stage target) {
}

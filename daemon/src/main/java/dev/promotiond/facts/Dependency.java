package dev.promotiond.facts;

/**
 * A declared dependency and the stage it is at now.
 *
 * @param stage the dependency's current stage, or null when the dependency is not a known component
 */
public record Dependency(String component, String dependency, Stage stage) {
}

/**
 * Reads promotiond.yaml into an immutable {@link dev.promotiond.config.DaemonConfig}, validating the
 * whole file and reporting every problem at once with file:line:column and the field path. Its YAML
 * reader ({@link dev.promotiond.config.Fields} with {@link dev.promotiond.config.Problems}) is public:
 * the rule-scenario reader uses it too, so every YAML file the daemon reads reports alike. Imports
 * facts (for {@code Stage}) and SnakeYAML's node API only; nothing here starts threads or touches
 * the network.
 */
package dev.promotiond.config;

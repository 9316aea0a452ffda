/**
 * Reads promotiond.yaml into an immutable {@link dev.promotiond.config.DaemonConfig}, validating the
 * whole file and reporting every problem at once with file:line:column and the field path. Imports
 * facts (for {@code Stage}) and SnakeYAML's node API only; nothing here starts threads or touches
 * the network.
 */
package dev.promotiond.config;

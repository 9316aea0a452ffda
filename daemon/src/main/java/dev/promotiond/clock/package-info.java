/**
 * A clock that only moves when told, for the offline rule-scenario runner and for tests: time in
 * promotiond enters through one injected {@link java.time.Clock}, and this is the one that is driven
 * instead of waited for. Imports nothing of promotiond.
 */
package dev.promotiond.clock;

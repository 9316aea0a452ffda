/**
 * The composition root ({@link dev.promotiond.app.Daemon}): builds every part by hand from config,
 * starts in order, stops in reverse. Its few calls for tests and the demo (deploy, push evidence,
 * observe, evaluate) hand over to the parts it built. May import every package but cli and the
 * offline tools (rulestest, replay, demo), which sit beside it.
 */
package dev.promotiond.app;

/**
 * The composition root ({@link dev.promotiond.app.Daemon}): builds every part by hand from config,
 * starts in order, stops in reverse. It offers no operations of its own: tests and the demo reach
 * the parts that own them through one accessor each (intake, evaluations, actions, observations,
 * sources, windows). May import every package but cli and the offline tools (rulestest, replay,
 * demo), which sit beside it.
 */
package dev.promotiond.app;

/**
 * The composition root ({@link dev.promotiond.app.Daemon}) and the embedded demo: builds every part
 * by hand from config, starts in order, stops in reverse. May import every package but cli.
 */
package dev.promotiond.app;

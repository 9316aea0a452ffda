/**
 * Health probing: turns one HTTP call to a component's health endpoint into one UP or DOWN
 * {@link dev.promotiond.facts.Observation}, and schedules those calls per component.
 * Endpoint failures become DOWN observations with a short reason (see {@link dev.promotiond.probe.ProbeReasons});
 * they are never thrown. Imports http, config and facts only (plus OkHttp, Jackson and SLF4J).
 */
package dev.promotiond.probe;

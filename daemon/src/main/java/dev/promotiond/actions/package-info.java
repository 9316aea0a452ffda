/**
 * actions: carries out what the rules decided — alerts to Alertmanager, rollbacks through
 * executors, with audit. May import http, config, store and facts (plus OkHttp, Jackson and SLF4J);
 * nothing imports actions except the composition root and the offline rule-scenario runner.
 */
package dev.promotiond.actions;

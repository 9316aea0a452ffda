-- Schema 1: probe outcomes in minute buckets (converted to runs and dropped by version 4),
-- soaks, each component's last probe, and its stage and version history.
CREATE TABLE probe_buckets (component TEXT NOT NULL, minute INTEGER NOT NULL, up INTEGER NOT NULL,
    down INTEGER NOT NULL, PRIMARY KEY (component, minute)) WITHOUT ROWID;
CREATE TABLE soaks (component TEXT NOT NULL, stage TEXT NOT NULL, version TEXT, started_at INTEGER NOT NULL,
    up INTEGER NOT NULL, down INTEGER NOT NULL, last_at INTEGER NOT NULL,
    PRIMARY KEY (component, started_at)) WITHOUT ROWID;
CREATE TABLE last_probe (component TEXT PRIMARY KEY, at INTEGER NOT NULL, up INTEGER NOT NULL,
    reason TEXT NOT NULL, version TEXT);
CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, component TEXT NOT NULL, at INTEGER NOT NULL,
    kind TEXT NOT NULL, stage TEXT NOT NULL, version TEXT);
CREATE INDEX history_by_component ON history (component, at);

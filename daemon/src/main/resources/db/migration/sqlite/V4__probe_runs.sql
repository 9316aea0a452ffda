-- Schema 4: probe outcomes as runs (consecutive probes with one outcome, version and stage).
-- V4_1 converts the minute buckets of versions 1 to 3 into runs and drops them.
CREATE TABLE probe_runs (component TEXT NOT NULL, started_at INTEGER NOT NULL, ended_at INTEGER NOT NULL,
    up INTEGER NOT NULL, probes INTEGER NOT NULL, version TEXT, stage TEXT NOT NULL,
    PRIMARY KEY (component, started_at)) WITHOUT ROWID;
CREATE INDEX probe_runs_by_end ON probe_runs (ended_at);
-- each component's open run, with its last probe's reason: a small table the per-second flush
-- rewrites, instead of one row in every page of probe_runs (and of last_probe)
CREATE TABLE open_runs (component TEXT PRIMARY KEY, started_at INTEGER NOT NULL, ended_at INTEGER NOT NULL,
    up INTEGER NOT NULL, probes INTEGER NOT NULL, version TEXT, stage TEXT NOT NULL, reason TEXT NOT NULL) WITHOUT ROWID;

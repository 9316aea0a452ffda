-- Schema 5: replicas sharing one store. See store.Lease, store.Members and store.Decisions.
-- The leader's lease: one row per lease name; epoch grows by one at every change of holder.
CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, epoch INTEGER NOT NULL,
    acquired_at INTEGER NOT NULL, renewed_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
-- Live replicas: each writes its row every heartbeat; probing is shared among the live ones.
CREATE TABLE replicas (id TEXT PRIMARY KEY, address TEXT NOT NULL, version TEXT NOT NULL,
    started_at INTEGER NOT NULL, heartbeat_at INTEGER NOT NULL);
-- Actions that happen at most once per (component, version, kind), each claimed by a leader in
-- the transaction that checks its epoch is still current.
CREATE TABLE actions_once (component TEXT NOT NULL, version TEXT NOT NULL, kind TEXT NOT NULL,
    at INTEGER NOT NULL, holder TEXT NOT NULL, epoch INTEGER NOT NULL,
    PRIMARY KEY (component, version, kind)) WITHOUT ROWID;
INSERT INTO actions_once (component, version, kind, at, holder, epoch)
    SELECT component, version, 'rollback', at, 'before schema 5', 0 FROM rollbacks;
-- The leader's last published decisions, read by every replica's API: one row per component
-- (seq: the publication that last changed it) and one row for the whole evaluation.
CREATE TABLE decisions (component TEXT PRIMARY KEY, seq INTEGER NOT NULL, body TEXT NOT NULL);
CREATE INDEX decisions_by_seq ON decisions (seq);
CREATE TABLE publications (name TEXT PRIMARY KEY, seq INTEGER NOT NULL, published_at INTEGER NOT NULL,
    holder TEXT NOT NULL, epoch INTEGER NOT NULL, components INTEGER NOT NULL, body TEXT NOT NULL);
-- Action requests waiting out their "for": when each was first asked for, so that a new leader
-- continues every timer where the last one left it.
CREATE TABLE pending_actions (request TEXT PRIMARY KEY, first_asked_at INTEGER NOT NULL) WITHOUT ROWID;

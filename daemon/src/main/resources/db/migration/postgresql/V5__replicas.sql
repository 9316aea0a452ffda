-- Schema 5: replicas sharing one store. See store.Lease, store.Members and store.Decisions.
-- The leader's lease: one row per lease name; epoch grows by one at every change of holder.
CREATE TABLE leases (name TEXT COLLATE "C" PRIMARY KEY, holder TEXT NOT NULL, epoch BIGINT NOT NULL,
    acquired_at BIGINT NOT NULL, renewed_at BIGINT NOT NULL, expires_at BIGINT NOT NULL);
-- Live replicas: each writes its row every heartbeat; probing is shared among the live ones.
CREATE TABLE replicas (id TEXT COLLATE "C" PRIMARY KEY, address TEXT NOT NULL, version TEXT NOT NULL,
    started_at BIGINT NOT NULL, heartbeat_at BIGINT NOT NULL);
-- Actions that happen at most once per (component, version, kind), each claimed by a leader in
-- the transaction that checks its epoch is still current.
CREATE TABLE actions_once (component TEXT COLLATE "C" NOT NULL, version TEXT NOT NULL, kind TEXT NOT NULL,
    at BIGINT NOT NULL, holder TEXT NOT NULL, epoch BIGINT NOT NULL,
    PRIMARY KEY (component, version, kind));
INSERT INTO actions_once (component, version, kind, at, holder, epoch)
    SELECT component, version, 'rollback', at, 'before schema 5', 0 FROM rollbacks;
-- The leader's last published decisions, read by every replica's API: one row per component
-- (seq: the publication that last changed it) and one row for the whole evaluation.
CREATE TABLE decisions (component TEXT COLLATE "C" PRIMARY KEY, seq BIGINT NOT NULL, body TEXT NOT NULL);
CREATE INDEX decisions_by_seq ON decisions (seq);
CREATE TABLE publications (name TEXT COLLATE "C" PRIMARY KEY, seq BIGINT NOT NULL, published_at BIGINT NOT NULL,
    holder TEXT NOT NULL, epoch BIGINT NOT NULL, components BIGINT NOT NULL, body TEXT NOT NULL);
-- Action requests waiting out their "for": when each was first asked for, so that a new leader
-- continues every timer where the last one left it.
CREATE TABLE pending_actions (request TEXT COLLATE "C" PRIMARY KEY, first_asked_at BIGINT NOT NULL);

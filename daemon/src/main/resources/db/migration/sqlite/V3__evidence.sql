-- Schema 3: CI evidence (deployment records live in history with the kinds promotion, demotion,
-- rollback and deployment).
CREATE TABLE evidence (id INTEGER PRIMARY KEY AUTOINCREMENT, component TEXT NOT NULL, version TEXT NOT NULL,
    commit_id TEXT, kind TEXT NOT NULL, tool TEXT NOT NULL, received_at INTEGER NOT NULL, sha256 TEXT NOT NULL,
    vals TEXT NOT NULL, files TEXT NOT NULL);
CREATE INDEX evidence_by_component ON evidence (component, kind, id);

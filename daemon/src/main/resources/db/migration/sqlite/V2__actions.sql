-- Schema 2: the actions' audit log, active alerts, rollbacks claimed and holds.
CREATE TABLE action_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, kind TEXT NOT NULL,
    component TEXT NOT NULL, name TEXT NOT NULL, outcome TEXT NOT NULL, detail TEXT NOT NULL,
    duration_ms INTEGER NOT NULL);
CREATE INDEX action_log_by_component ON action_log (component, id);
CREATE TABLE active_alerts (fingerprint TEXT PRIMARY KEY, alertname TEXT NOT NULL, component TEXT NOT NULL,
    payload TEXT NOT NULL, starts_at INTEGER NOT NULL, last_sent_at INTEGER NOT NULL, delivered INTEGER NOT NULL);
CREATE TABLE rollbacks (component TEXT NOT NULL, version TEXT NOT NULL, at INTEGER NOT NULL,
    outcome TEXT NOT NULL, PRIMARY KEY (component, version)) WITHOUT ROWID;
CREATE TABLE holds (component TEXT NOT NULL, version TEXT NOT NULL, since INTEGER NOT NULL,
    reason TEXT NOT NULL, PRIMARY KEY (component, version)) WITHOUT ROWID;

-- The audit log (issue 12): staff actions, who did them, when and from where. `actor_id` has no foreign key, so a
-- row outlives the account; `actor` is what identified them then (an e-mail, or "operator" at the terminal).
-- Rows name objects by id and route, never a child's nickname or any contact data of a child.
CREATE TABLE audit_log (
    id       TEXT PRIMARY KEY,
    at       BIGINT NOT NULL,
    actor_id TEXT,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    target   TEXT NOT NULL,
    status   BIGINT NOT NULL,
    address  TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

-- Attendance: how many of a registration's people came. Setting it again replaces the figure, so a retried
-- request from a phone on a weak network never counts twice.

CREATE TABLE attendance (
    registration_id TEXT PRIMARY KEY REFERENCES registrations (id) ON DELETE CASCADE,
    present         BIGINT NOT NULL CHECK (present >= 0),
    recorded_by     TEXT REFERENCES users (id) ON DELETE SET NULL,
    recorded_at     BIGINT NOT NULL
);

-- Certificates of attendance: one row per certificate issued, found by its random code (what the QR code and
-- the verification page carry). A child's certificate points at a roster position; a class's or a staff
-- member's has no position, stored as -1 rather than NULL: both backends treat NULLs as distinct in a UNIQUE
-- constraint, which would let the same class certificate be issued twice.

CREATE TABLE certificates (
    code            TEXT PRIMARY KEY,
    workshop_id     TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    registration_id TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('child', 'class', 'staff')),
    roster_idx      BIGINT NOT NULL DEFAULT -1 CHECK ((kind = 'child' AND roster_idx >= 0) OR (kind <> 'child' AND roster_idx = -1)),
    recipient       TEXT NOT NULL,
    issued_at       BIGINT NOT NULL,
    UNIQUE (registration_id, kind, roster_idx)
);
CREATE INDEX certificates_workshop ON certificates (workshop_id);

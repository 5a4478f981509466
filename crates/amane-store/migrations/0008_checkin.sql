-- Check-in: a short code per workshop that facilitators type on a phone, and the children of a roster marked
-- present one by one (from the QR code next to their nickname on the printed sheet).

ALTER TABLE workshops ADD COLUMN checkin_code TEXT;
CREATE UNIQUE INDEX workshops_checkin_code ON workshops (checkin_code);

CREATE TABLE attendance_participants (
    registration_id TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    idx             BIGINT NOT NULL,
    present_at      BIGINT NOT NULL,
    PRIMARY KEY (registration_id, idx)
);

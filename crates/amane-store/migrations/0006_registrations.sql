-- Who coordinates which establishments, and registrations to workshops: a class or group of children (with an
-- optional roster of nicknames, never names), staff members (adults: a name and optional e-mail), or parents.
-- A registration takes `seats`; it is confirmed while the workshop has room, else it waits in line.

CREATE TABLE coordinator_establishments (
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    establishment TEXT NOT NULL REFERENCES establishments (code) ON DELETE CASCADE,
    PRIMARY KEY (user_id, establishment)
);

CREATE TABLE registrations (
    id            TEXT PRIMARY KEY,
    workshop_id   TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    establishment TEXT REFERENCES establishments (code),
    kind          TEXT NOT NULL CHECK (kind IN ('group', 'staff', 'parents')),
    label         TEXT NOT NULL,
    age_band      TEXT CHECK (age_band IS NULL OR age_band IN ('8-11', '12-14', '15-17')),
    seats         BIGINT NOT NULL CHECK (seats > 0),
    roster        TEXT NOT NULL,
    staff_email   TEXT,
    status        TEXT NOT NULL CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
    created_by    TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX registrations_workshop ON registrations (workshop_id, status, created_at);
CREATE INDEX registrations_establishment ON registrations (establishment);

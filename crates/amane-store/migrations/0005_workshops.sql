-- Workshops of a campaign, their facilitators and their curriculum modules. Times are UTC milliseconds.

CREATE TABLE workshops (
    id               TEXT PRIMARY KEY,
    campaign_id      TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    title            TEXT NOT NULL,
    establishment    TEXT REFERENCES establishments (code),
    venue_name       TEXT NOT NULL,
    room             TEXT NOT NULL,
    -- venue and room folded (lower case, spaces collapsed), for double-booking checks.
    room_key         TEXT NOT NULL,
    starts_at        BIGINT NOT NULL,
    ends_at          BIGINT NOT NULL,
    capacity         BIGINT NOT NULL,
    audience         TEXT NOT NULL CHECK (audience IN ('8-11', '12-14', '15-17', 'staff', 'parents')),
    lang             TEXT NOT NULL CHECK (lang IN ('fr', 'ar', 'en')),
    modules          TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX workshops_campaign ON workshops (campaign_id, starts_at);
CREATE INDEX workshops_room ON workshops (room_key, starts_at);
CREATE INDEX workshops_establishment ON workshops (establishment, starts_at);

CREATE TABLE workshop_facilitators (
    workshop_id TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (workshop_id, user_id)
);
CREATE INDEX workshop_facilitators_user ON workshop_facilitators (user_id);

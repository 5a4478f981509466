-- Campaigns: titles and themes per language, the period (calendar days in the campaign's time zone), targets,
-- how long children's data is kept after the end, and the status.

CREATE TABLE campaigns (
    id                    TEXT PRIMARY KEY,
    title_fr              TEXT,
    title_ar              TEXT,
    title_en              TEXT,
    theme_fr              TEXT,
    theme_ar              TEXT,
    theme_en              TEXT,
    starts_on             TEXT NOT NULL,
    ends_on               TEXT NOT NULL,
    time_zone             TEXT NOT NULL,
    organizer_id          TEXT REFERENCES users (id) ON DELETE SET NULL,
    partners              TEXT NOT NULL,
    target_children       BIGINT NOT NULL,
    target_staff          BIGINT NOT NULL,
    target_parents        BIGINT NOT NULL,
    target_workshops      BIGINT NOT NULL,
    target_establishments BIGINT NOT NULL,
    retention_days        BIGINT NOT NULL,
    status                TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX campaigns_period ON campaigns (starts_on);

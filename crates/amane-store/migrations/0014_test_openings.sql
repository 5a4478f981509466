-- A test opened on phones for one workshop and one phase: children open /t/<code> (typed from the board or
-- scanned), give a nickname and answer. The code is random; closing the opening stops new answers.
CREATE TABLE assessment_openings (
    code          TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    workshop_id   TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    phase         TEXT NOT NULL CHECK (phase IN ('pre', 'post', 'followup')),
    opened_by     TEXT REFERENCES users (id) ON DELETE SET NULL,
    opened_at     BIGINT NOT NULL,
    closed_at     BIGINT,
    UNIQUE (assessment_id, workshop_id, phase)
);
CREATE INDEX assessment_openings_workshop ON assessment_openings (workshop_id);

-- The satisfaction survey that follows a post-test taken on a phone: one answer per participant and item, on the
-- item's scale (1..3 smileys for children, 1..5 for adults). Countable by everything the participant row carries.
CREATE TABLE survey_answers (
    assessment_id TEXT NOT NULL,
    participant   TEXT NOT NULL,
    item          TEXT NOT NULL CHECK (item IN ('liked', 'learned', 'know_what_to_do', 'useful', 'clear', 'confident', 'recommend')),
    value         BIGINT NOT NULL CHECK (value BETWEEN 1 AND 5),
    recorded_at   BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, participant, item),
    FOREIGN KEY (assessment_id, participant)
        REFERENCES assessment_participants (assessment_id, code) ON DELETE CASCADE
);

-- A campaign's pre/post tests. The code calls them assessments so that they never read as unit tests. A test is
-- an ordered list of questions frozen when it is made, taken before a workshop and after it (and optionally weeks
-- later), on a phone, in a live game or on paper.
CREATE TABLE assessments (
    id          TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    module_id   TEXT NOT NULL,
    audience    TEXT NOT NULL CHECK (audience IN ('8-11', '12-14', '15-17', 'staff', 'parents')),
    -- JSON: the questions as they were when the test was made, in order (position 1 first).
    questions   TEXT NOT NULL,
    n_questions BIGINT NOT NULL CHECK (n_questions > 0),
    created_by  TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX assessments_campaign ON assessments (campaign_id, created_at);

-- Who took a test: a pseudonymous code unique within the test (a roster entry, a live player, a code written on a
-- paper sheet), never a name. What reports break figures down by is kept on the row.
CREATE TABLE assessment_participants (
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    code          TEXT NOT NULL,
    workshop_id   TEXT REFERENCES workshops (id) ON DELETE SET NULL,
    establishment TEXT REFERENCES establishments (code),
    age_band      TEXT CHECK (age_band IS NULL OR age_band IN ('8-11', '12-14', '15-17', 'staff', 'parents')),
    source        TEXT NOT NULL CHECK (source IN ('paper', 'phone', 'live')),
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, code)
);
CREATE INDEX assessment_participants_workshop ON assessment_participants (workshop_id);

-- One answer per participant, phase and question.
CREATE TABLE assessment_answers (
    assessment_id TEXT NOT NULL,
    participant   TEXT NOT NULL,
    phase         TEXT NOT NULL CHECK (phase IN ('pre', 'post', 'followup')),
    position      BIGINT NOT NULL CHECK (position >= 1),
    correct       BIGINT NOT NULL CHECK (correct IN (0, 1)),
    -- The option chosen, when known (a phone knows it, a paper sheet does not).
    choice        BIGINT,
    recorded_at   BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, participant, phase, position),
    FOREIGN KEY (assessment_id, participant)
        REFERENCES assessment_participants (assessment_id, code) ON DELETE CASCADE
);

-- Kept by the transaction that stores answers, so that figures are read from one row per participant and phase
-- instead of every answer: the score (right answers) and how many questions were answered.
CREATE TABLE assessment_scores (
    assessment_id TEXT NOT NULL,
    participant   TEXT NOT NULL,
    phase         TEXT NOT NULL CHECK (phase IN ('pre', 'post', 'followup')),
    score         BIGINT NOT NULL CHECK (score >= 0),
    answered      BIGINT NOT NULL CHECK (answered >= 0),
    PRIMARY KEY (assessment_id, participant, phase),
    FOREIGN KEY (assessment_id, participant)
        REFERENCES assessment_participants (assessment_id, code) ON DELETE CASCADE
);

-- Kept likewise: per question, phase and chosen option (-1 when unknown), how many answered and how many were right.
CREATE TABLE assessment_question_counts (
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    phase         TEXT NOT NULL CHECK (phase IN ('pre', 'post', 'followup')),
    position      BIGINT NOT NULL,
    choice        BIGINT NOT NULL,
    n             BIGINT NOT NULL CHECK (n >= 0),
    n_correct     BIGINT NOT NULL CHECK (n_correct >= 0),
    PRIMARY KEY (assessment_id, phase, position, choice)
);

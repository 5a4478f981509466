-- Live sessions: a game with a PIN, its pseudonymous players and their answers. Every answer can be counted by
-- campaign, workshop, establishment and region (through the workshop), module and age band (the session's),
-- without naming a child: players are nicknames only, and the resume secret is stored hashed.

CREATE TABLE live_sessions (
    id               TEXT PRIMARY KEY,
    pin              TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('lobby', 'running', 'finished')),
    -- The node whose task owns the game's state (several nodes share PostgreSQL).
    node             TEXT NOT NULL,
    owner_id         TEXT NOT NULL REFERENCES users (id),
    workshop_id      TEXT REFERENCES workshops (id) ON DELETE SET NULL,
    module_id        TEXT NOT NULL,
    audience         TEXT NOT NULL CHECK (audience IN ('8-11', '12-14', '15-17', 'staff', 'parents')),
    lang             TEXT NOT NULL CHECK (lang IN ('fr', 'ar', 'en')),
    -- JSON: scoring mode, streaks, teams, no-device, time limit; and the questions frozen at creation.
    settings         TEXT NOT NULL,
    questions        TEXT NOT NULL,
    -- -1 in the lobby, then the index of the question last opened.
    current_question BIGINT NOT NULL DEFAULT -1,
    created_at       BIGINT NOT NULL,
    started_at       BIGINT,
    ended_at         BIGINT
);
-- A PIN identifies one game among those not finished.
CREATE UNIQUE INDEX live_sessions_pin ON live_sessions (pin) WHERE status <> 'finished';
CREATE INDEX live_sessions_workshop ON live_sessions (workshop_id);

CREATE TABLE live_players (
    session_id  TEXT NOT NULL REFERENCES live_sessions (id) ON DELETE CASCADE,
    idx         BIGINT NOT NULL,
    nickname    TEXT NOT NULL,
    resume_hash TEXT NOT NULL,
    switch_code TEXT NOT NULL,
    kicked      BIGINT NOT NULL DEFAULT 0,
    joined_at   BIGINT NOT NULL,
    PRIMARY KEY (session_id, idx)
);

CREATE TABLE live_answers (
    session_id    TEXT NOT NULL,
    player_idx    BIGINT NOT NULL,
    question_idx  BIGINT NOT NULL,
    question_id   TEXT NOT NULL,
    -- JSON as the participant sent it (choices, value, text or taps).
    answer        TEXT NOT NULL,
    -- Correctness in thousandths (1000 = right), points given, and time taken.
    correct_milli BIGINT NOT NULL,
    points        BIGINT NOT NULL,
    elapsed_ms    BIGINT NOT NULL,
    answered_at   BIGINT NOT NULL,
    PRIMARY KEY (session_id, player_idx, question_idx),
    FOREIGN KEY (session_id, player_idx) REFERENCES live_players (session_id, idx) ON DELETE CASCADE
);

-- No-device mode: show-of-hands counts per option, entered by the facilitator (group-level answers).
CREATE TABLE live_group_answers (
    session_id   TEXT NOT NULL REFERENCES live_sessions (id) ON DELETE CASCADE,
    question_idx BIGINT NOT NULL,
    question_id  TEXT NOT NULL,
    option_idx   BIGINT NOT NULL,
    count        BIGINT NOT NULL CHECK (count >= 0),
    recorded_at  BIGINT NOT NULL,
    PRIMARY KEY (session_id, question_idx, option_idx)
);

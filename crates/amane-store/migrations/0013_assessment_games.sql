-- A live game played as a test's pre-test, post-test or follow-up: when it ends, its answers become the test's,
-- each player a participant of the workshop by nickname (the same nickname in the pre and the post game pairs).
CREATE TABLE assessment_games (
    session_id    TEXT PRIMARY KEY REFERENCES live_sessions (id) ON DELETE CASCADE,
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    phase         TEXT NOT NULL CHECK (phase IN ('pre', 'post', 'followup'))
);
CREATE INDEX assessment_games_assessment ON assessment_games (assessment_id);

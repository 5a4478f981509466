-- Question banks imported from GIFT or Moodle XML: custom modules of questions in one language, kept in the
-- database so that every node sees them. A question is stored as JSON in the curriculum's own model.

CREATE TABLE question_banks (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    lang       TEXT NOT NULL CHECK (lang IN ('fr', 'ar', 'en')),
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE bank_questions (
    bank_id     TEXT NOT NULL REFERENCES question_banks (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    position    BIGINT NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (bank_id, question_id)
);

-- Sign-in failures are also counted per account and address pair, and a successful sign-in is remembered per
-- pair, so that guessing from one place slows that place only and a known place keeps its way in (issue 12). Two
-- new scopes; neither backend changes a CHECK in place on both, so the table is made again with its rows.
CREATE TABLE login_failures_new (
    scope   TEXT NOT NULL CHECK (scope IN ('account', 'ip', 'pair', 'known')),
    subject TEXT NOT NULL,
    at      BIGINT NOT NULL
);
INSERT INTO login_failures_new (scope, subject, at) SELECT scope, subject, at FROM login_failures;
DROP TABLE login_failures;
ALTER TABLE login_failures_new RENAME TO login_failures;
CREATE INDEX login_failures_lookup ON login_failures (scope, subject, at);

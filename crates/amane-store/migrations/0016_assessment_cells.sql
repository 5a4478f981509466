-- Kept by the transaction that stores answers, like the scores (D41): per test and cell (workshop × establishment ×
-- age band, '' where the participant has none), the integer sums of the learning figures over the cell's
-- participants. A test's figures then read one row per cell instead of every participant's two scores: a national
-- test has a million participants and about thirty thousand cells. A cell may name a workshop deleted since; the
-- reading query counts it as "no workshop", as the participants' rows now say.
CREATE TABLE assessment_cells (
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    workshop_id   TEXT NOT NULL,
    establishment TEXT NOT NULL,
    age_band      TEXT NOT NULL,
    n_paired      BIGINT NOT NULL,
    n_pre_only    BIGINT NOT NULL,
    n_post_only   BIGINT NOT NULL,
    sum_pre       BIGINT NOT NULL,
    sum_post      BIGINT NOT NULL,
    sum_gain      BIGINT NOT NULL,
    sum_gain_sq   BIGINT NOT NULL,
    n_improved    BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, workshop_id, establishment, age_band)
);

-- The sums of the answers stored before this migration.
INSERT INTO assessment_cells (assessment_id, workshop_id, establishment, age_band, n_paired, n_pre_only, n_post_only,
    sum_pre, sum_post, sum_gain, sum_gain_sq, n_improved)
SELECT p.assessment_id, COALESCE(p.workshop_id, ''), COALESCE(p.establishment, ''), COALESCE(p.age_band, ''),
    SUM(CASE WHEN a.score IS NOT NULL AND b.score IS NOT NULL THEN 1 ELSE 0 END),
    SUM(CASE WHEN a.score IS NOT NULL AND b.score IS NULL THEN 1 ELSE 0 END),
    SUM(CASE WHEN a.score IS NULL AND b.score IS NOT NULL THEN 1 ELSE 0 END),
    COALESCE(SUM(CASE WHEN b.score IS NOT NULL THEN a.score END), 0),
    COALESCE(SUM(CASE WHEN a.score IS NOT NULL THEN b.score END), 0),
    COALESCE(SUM(b.score - a.score), 0),
    COALESCE(SUM((b.score - a.score) * (b.score - a.score)), 0),
    SUM(CASE WHEN b.score > a.score THEN 1 ELSE 0 END)
FROM assessment_participants p
LEFT JOIN assessment_scores a ON a.assessment_id = p.assessment_id AND a.participant = p.code AND a.phase = 'pre'
LEFT JOIN assessment_scores b ON b.assessment_id = p.assessment_id AND b.participant = p.code AND b.phase = 'post'
GROUP BY p.assessment_id, COALESCE(p.workshop_id, ''), COALESCE(p.establishment, ''), COALESCE(p.age_band, '');

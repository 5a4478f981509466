-- Retention (issue 12): when a campaign's children's data was purged, once its retention period after the campaign
-- ended had passed. NULL: not purged.
ALTER TABLE campaigns ADD COLUMN purged_at BIGINT;

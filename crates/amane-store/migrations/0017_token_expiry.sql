-- API tokens end (issue 12): each has an expiry, chosen when it is made. Tokens made before this migration had
-- none; they are given a year from the day they were made, so that no script stops the day amane is upgraded
-- but none lives for ever.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
UPDATE api_tokens SET expires_at = created_at + 31536000000 WHERE expires_at IS NULL;

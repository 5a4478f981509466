-- Question banks have an owner (`created_by`, already there) and a sharing level (issue 12): 'staff' (every staff
-- member sees and uses it, as every bank did before) or 'private' (its owner, administrators and organizers).
-- Only the owner, an administrator or an organizer changes a bank.
ALTER TABLE question_banks ADD COLUMN sharing TEXT NOT NULL DEFAULT 'staff' CHECK (sharing IN ('private', 'staff'));

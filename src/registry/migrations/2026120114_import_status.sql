-- Imports may run after their request has been answered (Prefer: respond-async): each has a
-- status (queued, running, done, refused: nothing imported for the errors of an all-or-nothing
-- import; failed: the file could not be read; interrupted: the server stopped first), its
-- answer once finished (counts and the first errors, no personal values) and when it ended.
-- Imports made before this keep 'done'.
ALTER TABLE registry_imports ADD COLUMN status TEXT NOT NULL DEFAULT 'done';
ALTER TABLE registry_imports ADD COLUMN result TEXT;
ALTER TABLE registry_imports ADD COLUMN finished_at BIGINT;

-- A visit's follow-up is a task until someone records it done: on which day, by whom, with what
-- result. Open follow-ups (needed, not done) are listed for the visitor in 我的走访.
ALTER TABLE visits ADD COLUMN follow_up_done_on BIGINT;
ALTER TABLE visits ADD COLUMN follow_up_done_by BIGINT REFERENCES users(id);
ALTER TABLE visits ADD COLUMN follow_up_result TEXT;
CREATE INDEX visits_follow_up_open ON visits(visitor_id, follow_up_due)
  WHERE follow_up_needed = 1 AND follow_up_done_on IS NULL;

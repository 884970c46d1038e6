-- In-app notices (站内通知): what a feature tells a user (a request dispatched to them, one due
-- soon or overdue, sent back, rated badly ...), with a link to what it concerns, read or not.
-- Notices older than a year are purged by the job notices_purge.
CREATE TABLE notices (
  id @PK@,
  user_id BIGINT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,                                  -- request.assigned, request.overdue, ...
  entity TEXT NOT NULL,                                -- request
  entity_id BIGINT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  read_at BIGINT
);
CREATE INDEX notices_user ON notices(user_id, id);
CREATE INDEX notices_unread ON notices(user_id, read_at);
CREATE INDEX notices_created ON notices(created_at);

-- A password an administrator set must be changed by its owner at the next login; the login
-- before the current one is kept, so that a person sees when they last came in.
ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN previous_login_at BIGINT;

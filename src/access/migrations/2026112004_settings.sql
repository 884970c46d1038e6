-- One row of typed settings shared by every copy of linli; a new setting is a new column.
CREATE TABLE settings (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  site_name TEXT NOT NULL,
  login_max_failures BIGINT NOT NULL,
  login_lock_minutes BIGINT NOT NULL,
  session_idle_minutes BIGINT NOT NULL,
  session_absolute_hours BIGINT NOT NULL,
  audit_retention_days BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
INSERT INTO settings (id, site_name, login_max_failures, login_lock_minutes, session_idle_minutes,
  session_absolute_hours, audit_retention_days, updated_at, version)
  VALUES (1, '邻里社区治理平台', 5, 15, 30, 12, 365, 0, 1);

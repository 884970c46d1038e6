-- Background jobs take a lease so that one copy of linli runs each job at a time.
CREATE TABLE job_leases (
  name TEXT PRIMARY KEY,
  owner TEXT,
  lease_until BIGINT NOT NULL DEFAULT 0,
  last_run_at BIGINT NOT NULL DEFAULT 0
);

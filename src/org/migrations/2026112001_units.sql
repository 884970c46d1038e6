-- The org-unit tree that scopes users: street → community → grid → micro-grid.
CREATE TABLE org_units (
  id @PK@,
  parent_id BIGINT REFERENCES org_units(id),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  path TEXT NOT NULL,            -- '/1/4/9/': ancestors and self, for scope checks by prefix
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX org_units_parent ON org_units(parent_id);
CREATE INDEX org_units_path ON org_units(path);

-- The party service tree (社区党委/党总支 → 小区党支部 → 楼院党小组 → 党员中心户 → 党员先锋岗),
-- a tree of its own whose every node is attached to an org unit: that unit is its scope.
CREATE TABLE party_units (
  id @PK@,
  parent_id BIGINT REFERENCES party_units(id),
  level TEXT NOT NULL,             -- committee, branch, group, centre_household, vanguard_post
  name TEXT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES org_units(id),
  path TEXT NOT NULL,              -- '/1/4/9/': ancestors and self in this tree
  closed_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX party_units_parent ON party_units(parent_id);
CREATE INDEX party_units_unit ON party_units(unit_id);
CREATE INDEX party_units_path ON party_units(path);
-- A party member at a node: an account, a resident of the registry, or both; with their role
-- there (secretary, deputy_secretary, committee, member, centre_head, post_holder).
CREATE TABLE party_members (
  id @PK@,
  party_unit_id BIGINT NOT NULL REFERENCES party_units(id),
  user_id BIGINT REFERENCES users(id),
  resident_id BIGINT REFERENCES residents(id),
  role TEXT NOT NULL,
  since BIGINT NOT NULL,           -- YYYYMMDD
  until BIGINT,                    -- YYYYMMDD; NULL while serving
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  CHECK (user_id IS NOT NULL OR resident_id IS NOT NULL)
);
CREATE INDEX party_members_unit ON party_members(party_unit_id, id);
CREATE INDEX party_members_user ON party_members(user_id);
CREATE UNIQUE INDEX party_members_open_user ON party_members(party_unit_id, user_id)
  WHERE until IS NULL AND user_id IS NOT NULL;
CREATE UNIQUE INDEX party_members_open_resident ON party_members(party_unit_id, resident_id)
  WHERE until IS NULL AND resident_id IS NOT NULL;
-- The key households a member looks after (联系户): at most five open at a time.
CREATE TABLE party_links (
  id @PK@,
  member_id BIGINT NOT NULL REFERENCES party_members(id),
  household_id BIGINT NOT NULL REFERENCES households(id),
  since BIGINT NOT NULL,           -- YYYYMMDD
  until BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX party_links_member ON party_links(member_id, id);
CREATE INDEX party_links_household ON party_links(household_id);
CREATE UNIQUE INDEX party_links_open ON party_links(member_id, household_id) WHERE until IS NULL;

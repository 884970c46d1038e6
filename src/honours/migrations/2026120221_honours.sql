-- Resident points and honours (居民积分制, 文明户, 五好家庭, 幸福之家).
-- A community's rules for what participation earns a household; each award is a movement of the
-- points ledger (holder kind "household", linked to the award), never edited: a correction
-- reverses it with a new movement.
CREATE TABLE honour_point_rules (
  id @PK@,
  community_id BIGINT NOT NULL REFERENCES org_units(id),
  name TEXT NOT NULL,                              -- 参加议事, 志愿服务, 垃圾分类达标 ...
  points BIGINT NOT NULL,                          -- per time, or per hour when per = 'hour'
  per TEXT NOT NULL,                               -- time | hour
  year_cap BIGINT NOT NULL DEFAULT 0,              -- the most a household earns by it a year; 0: none
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX honour_point_rules_name ON honour_point_rules(community_id, name);
CREATE TABLE honour_point_awards (
  id @PK@,
  rule_id BIGINT NOT NULL REFERENCES honour_point_rules(id),
  community_id BIGINT NOT NULL REFERENCES org_units(id),
  household_id BIGINT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES org_units(id),  -- the household's unit (a grid), for scope
  address TEXT NOT NULL,                           -- the household's address when awarded
  on_date BIGINT NOT NULL,                         -- YYYYMMDD of the participation
  year BIGINT NOT NULL,
  quantity BIGINT NOT NULL,                        -- times, or minutes for a rule per hour
  points BIGINT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  movement_id BIGINT,                              -- the ledger's movement
  reversal_id BIGINT,                              -- the movement that reversed it, if any
  reversal_note TEXT,
  operator_id BIGINT,
  operator TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX honour_point_awards_household ON honour_point_awards(household_id, id);
CREATE INDEX honour_point_awards_community ON honour_point_awards(community_id, year, household_id);
CREATE INDEX honour_point_awards_rule ON honour_point_awards(rule_id, household_id, year);
-- The honours an administrator lists.
CREATE TABLE honour_kinds (
  id @PK@,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX honour_kinds_name ON honour_kinds(name);
INSERT INTO honour_kinds (name, description, created_at, updated_at) VALUES ('文明户', '文明家庭户评选', 0, 0);
INSERT INTO honour_kinds (name, description, created_at, updated_at) VALUES ('五好家庭', '爱国守法、尊老爱幼、勤俭持家、邻里团结、移风易俗', 0, 0);
INSERT INTO honour_kinds (name, description, created_at, updated_at) VALUES ('幸福之家', '', 0, 0);
INSERT INTO honour_kinds (name, description, created_at, updated_at) VALUES ('最美志愿服务家庭', '', 0, 0);
-- A yearly rating of one honour in one community: nominating → announcing (公示, start_at ..
-- end_at) → published (the result, award_date).
CREATE TABLE honour_ratings (
  id @PK@,
  community_id BIGINT NOT NULL REFERENCES org_units(id),
  kind_id BIGINT NOT NULL REFERENCES honour_kinds(id),
  year BIGINT NOT NULL,
  state TEXT NOT NULL,                             -- nominating | announcing | published
  notice_start BIGINT,                             -- the announcement period, times
  notice_end BIGINT,
  award_date BIGINT,                               -- YYYYMMDD of the result
  published_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX honour_ratings_year ON honour_ratings(community_id, kind_id, year);
CREATE INDEX honour_ratings_state ON honour_ratings(state, community_id);
-- A household nominated in a rating: nominated → announced (in 公示) → awarded | withdrawn.
-- address and head are what the notice board shows, taken when nominated (the head masked).
CREATE TABLE honour_nominations (
  id @PK@,
  rating_id BIGINT NOT NULL REFERENCES honour_ratings(id),
  household_id BIGINT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES org_units(id),  -- the household's unit (a grid), for scope
  address TEXT NOT NULL,
  head TEXT NOT NULL,
  reason TEXT NOT NULL,
  points BIGINT NOT NULL DEFAULT 0,                -- the household's points in the year, when nominated
  state TEXT NOT NULL,
  withdrawn_reason TEXT,
  nominated_by BIGINT,
  nominator TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX honour_nominations_household ON honour_nominations(rating_id, household_id);
CREATE INDEX honour_nominations_hh ON honour_nominations(household_id, state);
-- An objection (异议) lodged on the public board during 公示: open → upheld | dismissed.
CREATE TABLE honour_objections (
  id @PK@,
  nomination_id BIGINT NOT NULL REFERENCES honour_nominations(id),
  rating_id BIGINT NOT NULL REFERENCES honour_ratings(id),
  reason TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  phone_sealed TEXT,
  phone_masked TEXT,
  phone_hash TEXT,                                 -- keyed lookup hash: the hourly limit per phone
  state TEXT NOT NULL,
  reply TEXT,
  resolved_by BIGINT,
  resolver TEXT,
  resolved_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX honour_objections_rating ON honour_objections(rating_id, state);
CREATE INDEX honour_objections_nomination ON honour_objections(nomination_id);
CREATE INDEX honour_objections_phone ON honour_objections(phone_hash, created_at);

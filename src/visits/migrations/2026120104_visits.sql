-- Home visits (走访): what was seen at each visit, the plans that say how often a household or
-- a resident is to be visited, and the one-to-one pairings (一对一帮扶) of a volunteer or a party
-- member with a resident. Households and residents are the registry's: only their ids are kept
-- here, with the org unit they were in when last seen (unit_id), which the lists are scoped by
-- and which the daily job keeps in step with the registry.
CREATE TABLE visits (
  id @PK@,
  household_id BIGINT REFERENCES households(id),       -- the household visited (or the resident's)
  resident_id BIGINT REFERENCES residents(id),         -- the resident, when the visit was theirs
  unit_id BIGINT NOT NULL REFERENCES org_units(id),    -- the subject's unit: the list's scope
  mode TEXT NOT NULL,                                   -- in_person, phone, video
  visited_on BIGINT NOT NULL,                           -- YYYYMMDD, Asia/Shanghai
  visited_time TEXT,                                    -- HH:MM, when given
  visitor_id BIGINT NOT NULL REFERENCES users(id),
  findings TEXT NOT NULL,
  follow_up_needed BIGINT NOT NULL DEFAULT 0,
  follow_up_note TEXT,
  follow_up_due BIGINT,                                 -- YYYYMMDD
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX visits_household ON visits(household_id, visited_on);
CREATE INDEX visits_resident ON visits(resident_id, visited_on);
CREATE INDEX visits_unit ON visits(unit_id, id);
CREATE INDEX visits_visitor ON visits(visitor_id, id);
-- How often a household or a resident is visited. A rule plan follows the resident's tags
-- (visits/rules.c); a manual one is set by staff and wins over the rule while active.
CREATE TABLE visit_plans (
  id @PK@,
  household_id BIGINT REFERENCES households(id),       -- exactly one of household_id, resident_id
  resident_id BIGINT REFERENCES residents(id),
  subject TEXT NOT NULL,                                -- 'h<id>' or 'r<id>': one active plan each
  unit_id BIGINT NOT NULL REFERENCES org_units(id),
  interval_days BIGINT NOT NULL,
  source TEXT NOT NULL,                                 -- rule, manual
  rule_code TEXT,                                       -- the tag whose rule made it
  active BIGINT NOT NULL DEFAULT 1,
  starts_on BIGINT NOT NULL,                            -- YYYYMMDD: due on it until a visit
  last_visit_on BIGINT,                                 -- YYYYMMDD of the last visit that counts
  next_due BIGINT NOT NULL,                             -- YYYYMMDD: last visit + interval
  assigned_user_id BIGINT REFERENCES users(id),         -- NULL: whoever serves the unit
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX visit_plans_subject ON visit_plans(subject) WHERE active = 1;
CREATE INDEX visit_plans_due ON visit_plans(active, next_due, id);
CREATE INDEX visit_plans_household ON visit_plans(household_id);
CREATE INDEX visit_plans_resident ON visit_plans(resident_id);
CREATE INDEX visit_plans_assigned ON visit_plans(assigned_user_id);
-- 一对一帮扶: a volunteer or party member paired with a resident from starts_on until ends_on
-- (NULL: still paired). Pairings end; they are never deleted.
CREATE TABLE visit_pairings (
  id @PK@,
  user_id BIGINT NOT NULL REFERENCES users(id),
  resident_id BIGINT NOT NULL REFERENCES residents(id),
  unit_id BIGINT NOT NULL REFERENCES org_units(id),
  starts_on BIGINT NOT NULL,                            -- YYYYMMDD
  ends_on BIGINT,                                       -- YYYYMMDD, NULL while active
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX visit_pairings_active ON visit_pairings(user_id, resident_id) WHERE ends_on IS NULL;
CREATE INDEX visit_pairings_resident ON visit_pairings(resident_id);
CREATE INDEX visit_pairings_unit ON visit_pairings(unit_id, id);

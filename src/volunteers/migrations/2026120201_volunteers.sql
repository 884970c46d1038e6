-- Volunteers (志愿者注册): registered by themselves on the public form or by staff, approved or
-- rejected (with a reason) by their community's staff; on approval a volunteer number (the
-- community's code and a count kept in volunteer_counters) and an account with the volunteer
-- role. The phone and the ID number are sealed (volunteer.phone, volunteer.id_number) with a
-- keyed lookup hash and a masked form, as the registry keeps its own. resident_id links the
-- registry's resident when one matches. Nothing is deleted: a volunteer who stops is `left`.
CREATE TABLE volunteers (
  id @PK@,
  unit_id BIGINT NOT NULL REFERENCES org_units(id),     -- the community
  number TEXT,                                          -- 510104020001-0001, given on approval
  name TEXT NOT NULL,
  phone TEXT NOT NULL,                                  -- sealed
  phone_hash TEXT NOT NULL,
  phone_masked TEXT NOT NULL,
  id_type TEXT,                                         -- registry/idnum codes; NULL: none given
  id_number TEXT,                                       -- sealed
  id_hash TEXT,
  id_masked TEXT,
  resident_id BIGINT REFERENCES residents(id),
  user_id BIGINT REFERENCES users(id),
  skills TEXT NOT NULL DEFAULT '',                      -- comma list of skill codes
  availability TEXT NOT NULL DEFAULT '',                -- comma list: weekday_day, weekday_evening, weekend, ...
  note TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,                                 -- public | staff
  approval TEXT NOT NULL DEFAULT 'pending',             -- pending | approved | rejected
  status TEXT,                                          -- active | paused | left, once approved
  reject_reason TEXT,
  decided_by BIGINT REFERENCES users(id),
  decided_at BIGINT,
  created_by BIGINT REFERENCES users(id),               -- NULL: the public form
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX volunteers_number ON volunteers(number);
-- one registration of a phone that is not rejected
CREATE UNIQUE INDEX volunteers_phone ON volunteers(phone_hash) WHERE approval <> 'rejected';
CREATE UNIQUE INDEX volunteers_user ON volunteers(user_id);
CREATE INDEX volunteers_unit ON volunteers(unit_id, approval, id);
CREATE INDEX volunteers_resident ON volunteers(resident_id);
CREATE INDEX volunteers_id_hash ON volunteers(id_hash);
CREATE TABLE volunteer_counters (
  unit_id BIGINT PRIMARY KEY REFERENCES org_units(id),
  last BIGINT NOT NULL
);
-- Teams (志愿服务队): 红色便民服务队, party-member teams, student teams; leaders are members
-- with the role `leader`; a membership ends, never vanishes.
CREATE TABLE volunteer_teams (
  id @PK@,
  unit_id BIGINT NOT NULL REFERENCES org_units(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,                                   -- service | party | student | other
  description TEXT NOT NULL DEFAULT '',
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX volunteer_teams_name ON volunteer_teams(unit_id, name);
CREATE TABLE volunteer_team_members (
  id @PK@,
  team_id BIGINT NOT NULL REFERENCES volunteer_teams(id),
  volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
  role TEXT NOT NULL,                                   -- leader | member
  since BIGINT NOT NULL,                                -- YYYYMMDD
  until BIGINT,                                         -- YYYYMMDD; NULL: serving
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX volunteer_team_members_open ON volunteer_team_members(team_id, volunteer_id) WHERE until IS NULL;
CREATE INDEX volunteer_team_members_volunteer ON volunteer_team_members(volunteer_id);

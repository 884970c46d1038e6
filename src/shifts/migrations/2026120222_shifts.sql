-- Activities and shifts (志愿服务活动与班次): an activity, or a standing service such as a rest
-- point of the 15-minute living circle, organised by a unit; its shifts, each a role, a time
-- window and a number of places, perhaps requiring a course's qualification (持证上岗); the
-- volunteers signed up to a shift or waiting for a place, moved up in order when one cancels;
-- their check-in and check-out (by the shift's rotating code, or recorded by the organiser);
-- and the hours served: pending, then approved or declined by the organiser; a correction is a
-- new entry referencing the one it corrects. Nothing is deleted.
CREATE TABLE shift_activities (
  id @PK@,
  unit_id BIGINT NOT NULL REFERENCES org_units(id),     -- the organiser
  title TEXT NOT NULL,
  kind TEXT NOT NULL,                                   -- activity | standing
  description TEXT NOT NULL DEFAULT '',
  place TEXT NOT NULL DEFAULT '',
  points_activity TEXT NOT NULL DEFAULT 'volunteer_service', -- the earning rule (points_rules)
  grace_minutes BIGINT NOT NULL DEFAULT 30,             -- check-in before the start, check-out after the end
  active BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX shift_activities_unit ON shift_activities(unit_id, id);
CREATE TABLE shifts (
  id @PK@,
  activity_id BIGINT NOT NULL REFERENCES shift_activities(id),
  role TEXT NOT NULL,                                   -- 引导员, 服务站值守 ...
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  capacity BIGINT NOT NULL,
  course_id BIGINT,                                     -- the qualification it requires (volunteers' course)
  confirmed BIGINT NOT NULL DEFAULT 0,                  -- places taken, never above capacity
  secret TEXT NOT NULL,                                 -- the check-in code's key, never shown
  cancelled_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX shifts_activity ON shifts(activity_id, starts_at);
CREATE INDEX shifts_starts ON shifts(starts_at);
CREATE TABLE shift_signups (
  id @PK@,
  shift_id BIGINT NOT NULL REFERENCES shifts(id),
  volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
  state TEXT NOT NULL,                                  -- confirmed | waitlisted | cancelled
  source TEXT NOT NULL,                                 -- self | assigned
  checked_in_at BIGINT,
  checked_out_at BIGINT,
  check_source TEXT,                                    -- code | organiser
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX shift_signups_one ON shift_signups(shift_id, volunteer_id) WHERE state <> 'cancelled';
CREATE INDEX shift_signups_volunteer ON shift_signups(volunteer_id, id);
CREATE INDEX shift_signups_shift ON shift_signups(shift_id, state, id);
CREATE TABLE shift_hours (
  id @PK@,
  signup_id BIGINT NOT NULL REFERENCES shift_signups(id),
  shift_id BIGINT NOT NULL REFERENCES shifts(id),
  volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
  unit_id BIGINT NOT NULL REFERENCES org_units(id),     -- the organiser's, for the scope
  minutes BIGINT NOT NULL,
  state TEXT NOT NULL,                                  -- pending | approved | declined | corrected
  corrects_id BIGINT REFERENCES shift_hours(id),        -- the entry this one corrects
  reason TEXT NOT NULL DEFAULT '',                      -- a correction's or a decline's
  points BIGINT NOT NULL DEFAULT 0,                     -- earned on approval
  movement_id BIGINT,                                   -- the ledger's earning
  reversal_id BIGINT,                                   -- the ledger's reversal of it
  decided_by BIGINT REFERENCES users(id),
  decided_at BIGINT,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
-- one entry of a sign-up that stands (pending or approved) at a time
CREATE UNIQUE INDEX shift_hours_open ON shift_hours(signup_id) WHERE state IN ('pending', 'approved');
CREATE INDEX shift_hours_volunteer ON shift_hours(volunteer_id, id);
CREATE INDEX shift_hours_shift ON shift_hours(shift_id, state);
CREATE INDEX shift_hours_unit ON shift_hours(unit_id, state, id);

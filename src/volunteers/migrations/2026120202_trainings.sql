-- Training (培训) and qualifications (持证上岗): courses (the deployment's, or a unit's), their
-- sessions held by a unit on a day with a place, a trainer and a capacity, the attendance the
-- organiser records, and one qualification per volunteer and course with its expiry (granted
-- on attendance for the course's validity, or by staff), revoked with a reason, never deleted.
CREATE TABLE training_courses (
  id @PK@,
  unit_id BIGINT REFERENCES org_units(id),              -- NULL: the deployment's
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  validity_months BIGINT NOT NULL,
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX training_courses_code ON training_courses(code);
CREATE TABLE training_sessions (
  id @PK@,
  course_id BIGINT NOT NULL REFERENCES training_courses(id),
  unit_id BIGINT NOT NULL REFERENCES org_units(id),     -- the organiser
  on_date BIGINT NOT NULL,                              -- YYYYMMDD
  place TEXT NOT NULL,
  trainer TEXT NOT NULL,
  capacity BIGINT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  attendees BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX training_sessions_unit ON training_sessions(unit_id, on_date, id);
CREATE INDEX training_sessions_course ON training_sessions(course_id, on_date);
CREATE TABLE training_attendance (
  session_id BIGINT NOT NULL REFERENCES training_sessions(id),
  volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
  recorded_by BIGINT REFERENCES users(id),
  recorded_at BIGINT NOT NULL,
  PRIMARY KEY (session_id, volunteer_id)
);
CREATE INDEX training_attendance_volunteer ON training_attendance(volunteer_id);
CREATE TABLE volunteer_qualifications (
  id @PK@,
  volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
  course_id BIGINT NOT NULL REFERENCES training_courses(id),
  granted_on BIGINT NOT NULL,                           -- YYYYMMDD
  expires_on BIGINT NOT NULL,                           -- YYYYMMDD, the last valid day
  source TEXT NOT NULL,                                 -- attendance | staff
  session_id BIGINT REFERENCES training_sessions(id),
  revoked_at BIGINT,
  revoke_reason TEXT,
  revoked_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX volunteer_qualifications_one ON volunteer_qualifications(volunteer_id, course_id);
CREATE INDEX volunteer_qualifications_course ON volunteer_qualifications(course_id, expires_on);

-- Certificates of service (志愿服务证明, 志愿服务记录与证明出具办法 2021): issued by the volunteer's
-- community for the hours approved in a period, every field the paper shows frozen at issue
-- time (the ID number masked). Never deleted: a revocation with its reason is a state.
CREATE TABLE certificates (
  id @PK@,
  number TEXT NOT NULL,                                 -- <community code>-ZM-YYYY-NNNN-XXXXXX
  unit_id BIGINT NOT NULL REFERENCES org_units(id),     -- the issuing unit (the volunteer's community)
  year BIGINT NOT NULL,
  seq BIGINT NOT NULL,                                  -- the count of the unit's year
  volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
  name TEXT NOT NULL,
  volunteer_number TEXT NOT NULL,
  id_type TEXT,
  id_masked TEXT,
  period_from BIGINT NOT NULL,                          -- YYYYMMDD
  period_to BIGINT NOT NULL,                            -- YYYYMMDD, the last day
  minutes BIGINT NOT NULL,                              -- certified, at most the approved ones
  approved_minutes BIGINT NOT NULL,
  content TEXT NOT NULL,                                -- the summary of the services
  entries TEXT NOT NULL,                                -- JSON: the approved entries counted
  issuer_name TEXT NOT NULL,
  person_in_charge TEXT NOT NULL,                       -- 负责人
  handler TEXT NOT NULL,                                -- 经办人
  contact_phone TEXT NOT NULL,
  issued_on BIGINT NOT NULL,                            -- YYYYMMDD
  state TEXT NOT NULL,                                  -- valid | revoked
  revoke_reason TEXT,
  revoked_by BIGINT REFERENCES users(id),
  revoked_at BIGINT,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX certificates_number ON certificates(number);
CREATE UNIQUE INDEX certificates_seq ON certificates(unit_id, year, seq);
CREATE INDEX certificates_volunteer ON certificates(volunteer_id, id);
CREATE INDEX certificates_unit ON certificates(unit_id, id);

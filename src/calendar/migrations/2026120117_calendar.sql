-- The working-day calendar of time limits (办理时限): the days that differ from the week's rule
-- (Monday to Friday working), as the State Council's notice sets them each year, and the
-- working hours of a day. Seeded with 2026's notice (国办发明电, 2025-11-04); an administrator
-- enters each later year's when it is published.
CREATE TABLE calendar_days (
  day BIGINT PRIMARY KEY,                     -- YYYYMMDD
  kind TEXT NOT NULL,                         -- holiday (a day off) | workday (调休, worked)
  name TEXT NOT NULL DEFAULT '',              -- 春节, 国庆节 ...
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL
);
-- One row: the working segments of a day, "540-720,810-1050" (minutes of the day).
CREATE TABLE calendar_hours (
  id BIGINT PRIMARY KEY,
  segments TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
INSERT INTO calendar_hours (id, segments, updated_at, updated_by) VALUES (1, '540-720,810-1050', 0, '');
INSERT INTO calendar_days (day, kind, name, updated_at, updated_by) VALUES
  (20260101, 'holiday', '元旦', 0, ''), (20260102, 'holiday', '元旦', 0, ''),
  (20260103, 'holiday', '元旦', 0, ''), (20260104, 'workday', '元旦调休上班', 0, ''),
  (20260214, 'workday', '春节调休上班', 0, ''), (20260215, 'holiday', '春节', 0, ''),
  (20260216, 'holiday', '春节', 0, ''), (20260217, 'holiday', '春节', 0, ''),
  (20260218, 'holiday', '春节', 0, ''), (20260219, 'holiday', '春节', 0, ''),
  (20260220, 'holiday', '春节', 0, ''), (20260221, 'holiday', '春节', 0, ''),
  (20260222, 'holiday', '春节', 0, ''), (20260223, 'holiday', '春节', 0, ''),
  (20260228, 'workday', '春节调休上班', 0, ''),
  (20260404, 'holiday', '清明节', 0, ''), (20260405, 'holiday', '清明节', 0, ''),
  (20260406, 'holiday', '清明节', 0, ''),
  (20260501, 'holiday', '劳动节', 0, ''), (20260502, 'holiday', '劳动节', 0, ''),
  (20260503, 'holiday', '劳动节', 0, ''), (20260504, 'holiday', '劳动节', 0, ''),
  (20260505, 'holiday', '劳动节', 0, ''), (20260509, 'workday', '劳动节调休上班', 0, ''),
  (20260619, 'holiday', '端午节', 0, ''), (20260620, 'holiday', '端午节', 0, ''),
  (20260621, 'holiday', '端午节', 0, ''),
  (20260920, 'workday', '国庆节调休上班', 0, ''),
  (20260925, 'holiday', '中秋节', 0, ''), (20260926, 'holiday', '中秋节', 0, ''),
  (20260927, 'holiday', '中秋节', 0, ''),
  (20261001, 'holiday', '国庆节', 0, ''), (20261002, 'holiday', '国庆节', 0, ''),
  (20261003, 'holiday', '国庆节', 0, ''), (20261004, 'holiday', '国庆节', 0, ''),
  (20261005, 'holiday', '国庆节', 0, ''), (20261006, 'holiday', '国庆节', 0, ''),
  (20261007, 'holiday', '国庆节', 0, ''), (20261010, 'workday', '国庆节调休上班', 0, '');

-- The hours served kept by month (志愿服务时长统计): each entry's month (YYYY-MM of its shift's
-- start in Asia/Shanghai, written with the entry), and the totals of the approved entries for
-- the organiser unit and every unit above it, kept in the transaction of each approval, each
-- decline of an approved entry and each correction of one, so that a district's year is read
-- from twelve rows a unit, never from the entries:
--   shift_hours_totals(u, m).minutes = SUM(minutes), .entries = COUNT(*) of the entries now
--     approved whose organiser unit is u or below it and whose month is m;
--   shift_hours_totals(u, m).volunteers = the rows of shift_hours_served for (u, m): the
--     volunteers who had hours approved there that month. A marker stays when its entry is
--     declined or corrected later (minutes and entries are taken back, the volunteer still
--     served): "volunteers" counts who served, and is never decremented.
-- A unit's move takes its own rows from the units above it that it left and adds them to those
-- it joined (shifts_unit_moved).
ALTER TABLE shift_hours ADD COLUMN month TEXT NOT NULL DEFAULT '';
-- the months of the shifts that have hours, by civil-from-days arithmetic that both engines
-- share (days since 0000-03-01 in eras of 400 years)
CREATE TABLE shift_hours_months_tmp (shift_id BIGINT PRIMARY KEY, month TEXT NOT NULL);
INSERT INTO shift_hours_months_tmp (shift_id, month)
  SELECT id, CAST(y AS TEXT) || '-' || CASE WHEN m < 10 THEN '0' ELSE '' END || CAST(m AS TEXT)
  FROM (SELECT id, yoe + era * 400 + CASE WHEN mp >= 10 THEN 1 ELSE 0 END AS y,
               CASE WHEN mp < 10 THEN mp + 3 ELSE mp - 9 END AS m
        FROM (SELECT id, era, yoe, (5 * (doe - (365 * yoe + yoe / 4 - yoe / 100)) + 2) / 153 AS mp
              FROM (SELECT id, era, doe, (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365 AS yoe
                    FROM (SELECT id, z / 146097 AS era, z - (z / 146097) * 146097 AS doe
                          FROM (SELECT id, (starts_at + 28800) / 86400 + 719468 AS z FROM shifts
                                WHERE id IN (SELECT shift_id FROM shift_hours)) a) b) c) d) e;
UPDATE shift_hours SET month = (SELECT t.month FROM shift_hours_months_tmp t WHERE t.shift_id = shift_hours.shift_id);
DROP TABLE shift_hours_months_tmp;
CREATE TABLE shift_hours_totals (
  unit_id BIGINT NOT NULL REFERENCES org_units(id),
  month TEXT NOT NULL,                                  -- YYYY-MM
  minutes BIGINT NOT NULL DEFAULT 0,
  entries BIGINT NOT NULL DEFAULT 0,
  volunteers BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, month)
);
CREATE TABLE shift_hours_served (
  unit_id BIGINT NOT NULL REFERENCES org_units(id),
  month TEXT NOT NULL,
  volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
  PRIMARY KEY (unit_id, month, volunteer_id)
);
-- the totals of what is approved now, for each organiser unit and the units above it
WITH RECURSIVE anc(unit_id, id) AS (SELECT id, id FROM org_units WHERE id IN
  (SELECT DISTINCT unit_id FROM shift_hours WHERE state = 'approved') UNION ALL
  SELECT anc.unit_id, o.parent_id FROM anc JOIN org_units o ON o.id = anc.id WHERE o.parent_id IS NOT NULL)
INSERT INTO shift_hours_served (unit_id, month, volunteer_id)
  SELECT DISTINCT anc.id, h.month, h.volunteer_id FROM shift_hours h JOIN anc ON anc.unit_id = h.unit_id
  WHERE h.state = 'approved';
WITH RECURSIVE anc(unit_id, id) AS (SELECT id, id FROM org_units WHERE id IN
  (SELECT DISTINCT unit_id FROM shift_hours WHERE state = 'approved') UNION ALL
  SELECT anc.unit_id, o.parent_id FROM anc JOIN org_units o ON o.id = anc.id WHERE o.parent_id IS NOT NULL)
INSERT INTO shift_hours_totals (unit_id, month, minutes, entries, volunteers)
  SELECT anc.id, h.month, SUM(h.minutes), COUNT(*), COUNT(DISTINCT h.volunteer_id) FROM shift_hours h
  JOIN anc ON anc.unit_id = h.unit_id WHERE h.state = 'approved' GROUP BY anc.id, h.month;

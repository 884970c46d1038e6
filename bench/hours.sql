-- bench/hours.sql: a district's volunteers and a year of their hours, written straight in SQL
-- (the same text on SQLite and PostgreSQL) into a database migrated by `linli migrate`, with
-- the totals as the code keeps them (shifts/report.c, points/figures.c). bench/hours.sh fills
-- bench_days (the year's 365 days: day, the shift's start, its month) and bench_n (0 .. N-1,
-- N = the volunteers) first; :V stands for the volunteers (the district's 200,000 unless a
-- smaller one is asked for).
--
-- The tree: one street holding the district's 150 communities (so that one report reads the
-- whole district: the tree's top is a street), six grids each. Volunteer v (1 .. V) belongs to
-- community 1 + (v - 1) % 150 and serves twelve times a year, on day k * 30 + v % 30 (k = 0 ..
-- 11) at the daily shift of their community's standing service, 60 to 180 minutes; one entry in
-- fifty is pending, one declined, the rest approved with the points the rule gives (10 an
-- hour, at most 80), earned in the shift's month. Another 2.5 % of V registrations are pending
-- approval; one approved volunteer in forty is paused. Each community's store has 20 goods.
INSERT INTO org_units (id, parent_id, code, name, kind, path, created_at, updated_at, street_id)
  VALUES (1, NULL, '510104029', '锦程街道', 'street', '/1/', 0, 0, 1);
INSERT INTO org_units (id, parent_id, code, name, kind, path, created_at, updated_at, street_id, community_id)
  SELECT 2 + i, 1, '510104029' || substr(CAST(1001 + i AS TEXT), 2), '社区' || CAST(1 + i AS TEXT), 'community',
         '/1/' || CAST(2 + i AS TEXT) || '/', 0, 0, 1, 2 + i
  FROM bench_n WHERE i < 150;
INSERT INTO org_units (id, parent_id, code, name, kind, path, created_at, updated_at, street_id, community_id, grid_id)
  SELECT 152 + i, 2 + i / 6, '510104029' || substr(CAST(1001 + i / 6 AS TEXT), 2) || substr(CAST(1001 + i % 6 AS TEXT), 2),
         '第' || CAST(1 + i % 6 AS TEXT) || '网格', 'grid',
         '/1/' || CAST(2 + i / 6 AS TEXT) || '/' || CAST(152 + i AS TEXT) || '/', 0, 0, 1, 2 + i / 6, 152 + i
  FROM bench_n WHERE i < 900;

INSERT INTO volunteers (id, unit_id, number, name, phone, phone_hash, phone_masked, source, approval, status,
                        created_at, updated_at)
  SELECT 1 + i, 2 + i % 150, 'B' || CAST(1 + i AS TEXT), '志愿者' || CAST(1 + i AS TEXT), 'sealed',
         'bench-' || CAST(1 + i AS TEXT), '154****0000', 'staff', 'approved',
         CASE WHEN i % 40 = 39 THEN 'paused' ELSE 'active' END, 1735660800, 1735660800
  FROM bench_n WHERE i < :V;
INSERT INTO volunteers (id, unit_id, name, phone, phone_hash, phone_masked, source, approval, created_at, updated_at)
  SELECT :V + 1 + i, 2 + i % 150, '登记' || CAST(1 + i AS TEXT), 'sealed', 'bench-p' || CAST(1 + i AS TEXT),
         '154****0000', 'public', 'pending', 1764547200, 1764547200
  FROM bench_n WHERE i < :V / 40;
INSERT INTO volunteer_tallies (unit_id, active, pending)
  SELECT unit_id, SUM(CASE WHEN approval = 'approved' AND status = 'active' THEN 1 ELSE 0 END),
         SUM(CASE WHEN approval = 'pending' THEN 1 ELSE 0 END)
  FROM volunteers GROUP BY unit_id;

INSERT INTO shift_activities (id, unit_id, title, kind, created_at, updated_at)
  SELECT 1 + i, 2 + i, '便民驿站值守', 'standing', 0, 0 FROM bench_n WHERE i < 150;
INSERT INTO shifts (id, activity_id, role, starts_at, ends_at, capacity, confirmed, secret, created_at, updated_at)
  SELECT c.i * 365 + d.day + 1, c.i + 1, '驿站值守', d.starts_at, d.starts_at + 10800, 500, 0, 'bench', 0, 0
  FROM bench_n c CROSS JOIN bench_days d WHERE c.i < 150;

-- the entries: volunteer v = 1 + n / 12, k = n % 12
CREATE TABLE bench_entries (id BIGINT PRIMARY KEY, v BIGINT NOT NULL, c BIGINT NOT NULL, day BIGINT NOT NULL,
                            minutes BIGINT NOT NULL, state TEXT NOT NULL);
INSERT INTO bench_entries (id, v, c, day, minutes, state)
  SELECT 1 + v.i * 12 + k.i, 1 + v.i, v.i % 150, k.i * 30 + (1 + v.i) % 30,
         60 + ((1 + v.i) * 7 + k.i * 13) % 121,
         CASE WHEN (v.i * 12 + k.i) % 50 = 0 THEN 'pending' WHEN (v.i * 12 + k.i) % 50 = 1 THEN 'declined' ELSE 'approved' END
  FROM bench_n v CROSS JOIN bench_n k WHERE v.i < :V AND k.i < 12;
INSERT INTO shift_signups (id, shift_id, volunteer_id, state, source, checked_in_at, checked_out_at, check_source,
                           created_at, updated_at)
  SELECT e.id, e.c * 365 + e.day + 1, e.v, 'confirmed', 'assigned', d.starts_at, d.starts_at + e.minutes * 60,
         'organiser', d.starts_at, d.starts_at
  FROM bench_entries e JOIN bench_days d ON d.day = e.day;
INSERT INTO shift_hours (id, signup_id, shift_id, volunteer_id, unit_id, minutes, state, points, decided_at,
                         created_at, updated_at, month)
  SELECT e.id, e.id, e.c * 365 + e.day + 1, e.v, 2 + e.c, e.minutes, e.state,
         CASE WHEN e.state <> 'approved' THEN 0 WHEN e.minutes * 10 / 60 > 80 THEN 80 ELSE e.minutes * 10 / 60 END,
         CASE WHEN e.state = 'pending' THEN NULL ELSE d.starts_at + 86400 END, d.starts_at, d.starts_at, d.month
  FROM bench_entries e JOIN bench_days d ON d.day = e.day;
UPDATE shifts SET confirmed = (SELECT COUNT(*) FROM shift_signups g WHERE g.shift_id = shifts.id);
DROP TABLE bench_entries;

-- the totals as the code keeps them: for the organiser community and the street above it
INSERT INTO shift_hours_served (unit_id, month, volunteer_id)
  SELECT DISTINCT unit_id, month, volunteer_id FROM shift_hours WHERE state = 'approved';
INSERT INTO shift_hours_served (unit_id, month, volunteer_id)
  SELECT DISTINCT 1, month, volunteer_id FROM shift_hours WHERE state = 'approved';
INSERT INTO shift_hours_totals (unit_id, month, minutes, entries, volunteers)
  SELECT unit_id, month, SUM(minutes), COUNT(*), 0 FROM shift_hours WHERE state = 'approved' GROUP BY unit_id, month;
INSERT INTO shift_hours_totals (unit_id, month, minutes, entries, volunteers)
  SELECT 1, month, SUM(minutes), COUNT(*), 0 FROM shift_hours WHERE state = 'approved' GROUP BY month;
UPDATE shift_hours_totals SET volunteers = (SELECT COUNT(*) FROM shift_hours_served s
  WHERE s.unit_id = shift_hours_totals.unit_id AND s.month = shift_hours_totals.month);
-- the points: each volunteer's account in their community, the earnings by month
INSERT INTO points_accounts (id, holder_kind, holder_id, currency, name, unit_id, street_id, community_id, floor,
                             balance, created_at, updated_at)
  SELECT v.id, 'volunteer', v.id, 'points', v.name, v.unit_id, 1, v.unit_id, 0,
         (SELECT COALESCE(SUM(h.points), 0) FROM shift_hours h WHERE h.volunteer_id = v.id), 0, 0
  FROM volunteers v WHERE v.approval = 'approved';
INSERT INTO points_totals (unit_id, street_id, community_id, month, issued, redeemed)
  SELECT unit_id, 1, unit_id, month, SUM(points), 0 FROM shift_hours WHERE state = 'approved' GROUP BY unit_id, month;
INSERT INTO store_goods (unit_id, street_id, community_id, name, price, stock, received, created_at, updated_at)
  SELECT 2 + i % 150, 1, 2 + i % 150, '物品' || CAST(1 + i AS TEXT), 20 + i % 30, i % 12, 12, 0, 0
  FROM bench_n WHERE i < 3000;

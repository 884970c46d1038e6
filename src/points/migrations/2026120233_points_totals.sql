-- The points issued and redeemed by month (the dashboard's figures), kept in each movement's
-- transaction (points_post) for the holder's account, by the account's unit with its street
-- and community beside it, so that a street's or a community's year is read from its own rows:
--   issued: what holders (not linli's own pool, store and expiry accounts) were credited by
--     earnings (kind earn), less what reversals of earnings took back;
--   redeemed: what holders spent in the store (kind redeem), less what cancellations and
--     expired reservations gave back (kind refund).
-- The month is YYYY-MM of the movement's time in Asia/Shanghai.
CREATE TABLE points_totals (
  unit_id BIGINT NOT NULL REFERENCES org_units(id),
  street_id BIGINT,
  community_id BIGINT,
  month TEXT NOT NULL,
  issued BIGINT NOT NULL DEFAULT 0,
  redeemed BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, month)
);
CREATE INDEX points_totals_street ON points_totals(street_id, month);
CREATE INDEX points_totals_community ON points_totals(community_id, month);
-- the months of the movements that count, by civil-from-days arithmetic both engines share
CREATE TABLE points_totals_tmp (movement_id BIGINT PRIMARY KEY, month TEXT NOT NULL, sign BIGINT NOT NULL);
INSERT INTO points_totals_tmp (movement_id, month, sign)
  SELECT id, CAST(y AS TEXT) || '-' || CASE WHEN m < 10 THEN '0' ELSE '' END || CAST(m AS TEXT), sign
  FROM (SELECT id, sign, yoe + era * 400 + CASE WHEN mp >= 10 THEN 1 ELSE 0 END AS y,
               CASE WHEN mp < 10 THEN mp + 3 ELSE mp - 9 END AS m
        FROM (SELECT id, sign, era, yoe, (5 * (doe - (365 * yoe + yoe / 4 - yoe / 100)) + 2) / 153 AS mp
              FROM (SELECT id, sign, era, doe, (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365 AS yoe
                    FROM (SELECT id, sign, z / 146097 AS era, z - (z / 146097) * 146097 AS doe
                          FROM (SELECT mv.id, CASE WHEN mv.kind IN ('earn', 'reverse') THEN 1 ELSE -1 END AS sign,
                                       (mv.created_at + 28800) / 86400 + 719468 AS z
                                FROM points_movements mv WHERE mv.currency = 'points'
                                AND (mv.kind IN ('earn', 'redeem', 'refund') OR (mv.kind = 'reverse'
                                  AND EXISTS (SELECT 1 FROM points_movements r WHERE r.id = mv.reverses_id
                                              AND r.kind = 'earn')))) a) b) c) d) e;
INSERT INTO points_totals (unit_id, street_id, community_id, month, issued, redeemed)
  SELECT a.unit_id, MIN(o.street_id), MIN(o.community_id), t.month,
         SUM(CASE WHEN t.sign = 1 THEN l.amount ELSE 0 END), SUM(CASE WHEN t.sign = -1 THEN -l.amount ELSE 0 END)
  FROM points_totals_tmp t JOIN points_legs l ON l.movement_id = t.movement_id
  JOIN points_accounts a ON a.id = l.account_id JOIN org_units o ON o.id = a.unit_id
  WHERE a.holder_kind NOT IN ('pool', 'store', 'expiry')
  GROUP BY a.unit_id, t.month;
DROP TABLE points_totals_tmp;

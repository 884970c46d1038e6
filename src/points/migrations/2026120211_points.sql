-- The points ledger: double entry in integer units, two currencies that never convert
-- (points, and the time bank's credits in minutes) and never become money. An account belongs to
-- a holder (kind + id: a resident, a household, a volunteer, a unit's pool, a unit's store, a
-- unit's expiry sink) in one currency, and to the unit whose staff keep it (with its street and
-- community beside it). A movement has two or more legs summing to zero; the account's balance is
-- the sum of its legs, kept here and updated in the movement's transaction; a holder's balance
-- never goes below its floor (NULL: no floor, the pools that issue). Nothing is deleted: a
-- correction or a reversal is a new movement that references the old.
CREATE TABLE points_accounts (
  id @PK@,
  holder_kind TEXT NOT NULL,                       -- resident, household, volunteer, pool, store, expiry
  holder_id BIGINT NOT NULL,
  currency TEXT NOT NULL,                          -- points | time
  name TEXT NOT NULL,                              -- the holder's name as shown to staff
  unit_id BIGINT NOT NULL REFERENCES org_units(id),
  street_id BIGINT,
  community_id BIGINT,
  user_id BIGINT REFERENCES users(id),             -- the login that holds it ("my points"), if any
  floor BIGINT,                                    -- the lowest balance allowed; NULL: none
  balance BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX points_accounts_holder ON points_accounts(holder_kind, holder_id, currency);
CREATE INDEX points_accounts_unit ON points_accounts(unit_id, id);
CREATE INDEX points_accounts_community ON points_accounts(community_id, id);
CREATE INDEX points_accounts_user ON points_accounts(user_id);
CREATE TABLE points_movements (
  id @PK@,
  currency TEXT NOT NULL,
  kind TEXT NOT NULL,                              -- earn, adjust, redeem, refund, expire, exchange, reverse
  reason TEXT NOT NULL,
  link_kind TEXT NOT NULL,                         -- what caused it: an entity kind ...
  link_id BIGINT NOT NULL,                         -- ... and its id
  idem TEXT NOT NULL,                              -- kind:link_kind:link_id (and a period): posted once
  reverses_id BIGINT REFERENCES points_movements(id),
  unit_id BIGINT NOT NULL REFERENCES org_units(id),
  operator_id BIGINT,                              -- the user; NULL: linli itself
  operator TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX points_movements_idem ON points_movements(idem);
CREATE INDEX points_movements_unit ON points_movements(unit_id, id);
CREATE INDEX points_movements_link ON points_movements(link_kind, link_id);
CREATE TABLE points_legs (
  id @PK@,
  movement_id BIGINT NOT NULL REFERENCES points_movements(id),
  account_id BIGINT NOT NULL REFERENCES points_accounts(id),
  amount BIGINT NOT NULL,
  balance_after BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX points_legs_account ON points_legs(account_id, id);
CREATE INDEX points_legs_movement ON points_legs(movement_id);
-- Earning rules an administrator keeps: points per hour of an activity, a bonus per activity,
-- a cap per activity (0: none).
CREATE TABLE points_rules (
  id @PK@,
  activity TEXT NOT NULL,
  name TEXT NOT NULL,
  points_per_hour BIGINT NOT NULL,
  bonus BIGINT NOT NULL DEFAULT 0,
  cap BIGINT NOT NULL DEFAULT 0,
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX points_rules_activity ON points_rules(activity);
INSERT INTO points_rules (activity, name, points_per_hour, bonus, cap, created_at, updated_at)
  VALUES ('volunteer_service', '志愿服务', 10, 0, 80, 0, 0);
INSERT INTO points_rules (activity, name, points_per_hour, bonus, cap, created_at, updated_at)
  VALUES ('key_household_visit', '重点户走访', 10, 5, 40, 0, 0);
INSERT INTO points_rules (activity, name, points_per_hour, bonus, cap, created_at, updated_at)
  VALUES ('community_activity', '参加社区活动', 5, 0, 20, 0, 0);
-- The feature's settings, one row: the yearly expiry (off by default; on the day MMDD, points
-- earned before the previous year began and not spent expire), the days a reserved item waits
-- for pickup, and how far a holder's time credits may go below zero.
CREATE TABLE points_config (
  id BIGINT PRIMARY KEY,
  expiry_enabled BIGINT NOT NULL DEFAULT 0,
  expiry_day BIGINT NOT NULL DEFAULT 101,
  pickup_days BIGINT NOT NULL DEFAULT 14,
  time_overdraft BIGINT NOT NULL DEFAULT 120,
  expiry_year BIGINT NOT NULL DEFAULT 0,           -- the last year whose expiry ran
  updated_at BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1
);
INSERT INTO points_config (id) VALUES (1);

-- The points store (积分超市): goods donated by merchants (the donor recorded), priced in points,
-- with their stock; a redemption reserves stock and debits points in one transaction and gives
-- a pickup code; staff hand the goods over by the code; a cancellation or an expired
-- reservation restores both. Rows are never deleted.
CREATE TABLE store_goods (
  id @PK@,
  unit_id BIGINT NOT NULL REFERENCES org_units(id),
  street_id BIGINT,
  community_id BIGINT,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  price BIGINT NOT NULL,
  stock BIGINT NOT NULL CHECK (stock >= 0),        -- available now
  received BIGINT NOT NULL,                        -- taken in, in all
  donor TEXT NOT NULL DEFAULT '',
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX store_goods_unit ON store_goods(unit_id, id);
CREATE TABLE store_redemptions (
  id @PK@,
  goods_id BIGINT NOT NULL REFERENCES store_goods(id),
  account_id BIGINT NOT NULL REFERENCES points_accounts(id),
  unit_id BIGINT NOT NULL REFERENCES org_units(id),   -- the goods' unit
  quantity BIGINT NOT NULL,
  points BIGINT NOT NULL,
  code TEXT NOT NULL,
  status TEXT NOT NULL,                            -- reserved, handed_over, cancelled, expired
  movement_id BIGINT REFERENCES points_movements(id),   -- the debit, posted with it
  refund_id BIGINT REFERENCES points_movements(id),
  expires_at BIGINT NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  closed_at BIGINT,
  closed_by BIGINT,
  reason TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX store_redemptions_code ON store_redemptions(code);
CREATE INDEX store_redemptions_unit ON store_redemptions(unit_id, id);
CREATE INDEX store_redemptions_account ON store_redemptions(account_id, id);
CREATE INDEX store_redemptions_goods ON store_redemptions(goods_id, status);
CREATE INDEX store_redemptions_due ON store_redemptions(status, expires_at);

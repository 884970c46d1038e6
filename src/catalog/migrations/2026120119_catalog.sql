-- The service catalog (便民服务清单, 民生事务一本通): the matters a resident can bring, grouped in
-- categories, each with what to bring, how it is handled, who handles it by default and its time
-- limit in working days or working hours. Categories are the deployment's (the district's
-- figures are counted by them); an item belongs to the catalog of a unit (owner_unit_id: a
-- street's items hold in its communities; NULL: everywhere), and the public ones make the
-- handbook a resident reads without logging in. Items are retired, never deleted: requests
-- keep pointing at them.
CREATE TABLE catalog_categories (
  id @PK@,
  code TEXT NOT NULL,                                   -- "SB": 社会保障
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  sort BIGINT NOT NULL DEFAULT 0,
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX catalog_categories_code ON catalog_categories(code);
CREATE TABLE catalog_items (
  id @PK@,
  code TEXT NOT NULL,                                   -- "SB-003"
  category_id BIGINT NOT NULL REFERENCES catalog_categories(id),
  owner_unit_id BIGINT REFERENCES org_units(id),        -- whose catalog; NULL: the deployment's
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  materials TEXT NOT NULL DEFAULT '[]',                 -- JSON array of strings: 所需材料
  modes TEXT NOT NULL,                                  -- comma list: on_the_spot, on_behalf, accompanied, at_home, remote
  handler_unit_id BIGINT REFERENCES org_units(id),      -- who handles it; NULL: the request's own community
  limit_unit TEXT NOT NULL,                             -- working_days | working_hours
  limit_value BIGINT NOT NULL,
  green_limit_value BIGINT,                             -- 绿色通道, in limit_unit; NULL: half the limit
  urgent_limit_hours BIGINT,                            -- 立刻办, in working hours; NULL: the default
  basis TEXT NOT NULL DEFAULT '',                       -- 办理依据
  location TEXT NOT NULL DEFAULT '',                    -- 办理地点
  phone TEXT NOT NULL DEFAULT '',                       -- 咨询电话
  fee TEXT NOT NULL DEFAULT '',                         -- 收费标准
  slots TEXT,                                           -- JSON array of {weekday, start, end, capacity}: 预约时段
  public BIGINT NOT NULL DEFAULT 1,
  active BIGINT NOT NULL DEFAULT 1,
  sort BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX catalog_items_code ON catalog_items(code);
CREATE INDEX catalog_items_category ON catalog_items(category_id, sort, id);
CREATE INDEX catalog_items_owner ON catalog_items(owner_unit_id);
CREATE INDEX catalog_items_handler ON catalog_items(handler_unit_id);

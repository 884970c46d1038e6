-- Resident requests (诉求): every matter a resident brings, by any channel, through one closed
-- loop (take → dispatch → handle → verify → rate → close; requests/machine.c holds the states
-- and actions). unit_id is where the request sits now (the unit that owns it: dispatched to,
-- escalated to); origin_unit_id where it arose, with that unit's anchors for scoped lists. The
-- requester's phone is sealed (base/seal, purpose request.phone) with a lookup hash; the name is
-- kept as given and masked when shown.
CREATE TABLE requests (
  id @PK@,
  receipt TEXT NOT NULL,                               -- 510104020001-20261201-0007
  channel TEXT NOT NULL,                               -- window, grid, phone, online, suggestion, petition
  state TEXT NOT NULL,
  priority TEXT NOT NULL DEFAULT 'normal',             -- normal, green, urgent
  item_id BIGINT REFERENCES catalog_items(id),         -- NULL: not yet classified
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  origin_unit_id BIGINT NOT NULL REFERENCES org_units(id),
  street_id BIGINT REFERENCES org_units(id),
  community_id BIGINT REFERENCES org_units(id),
  grid_id BIGINT REFERENCES org_units(id),
  unit_id BIGINT NOT NULL REFERENCES org_units(id),    -- where it sits now
  handler_id BIGINT REFERENCES users(id),              -- the person handling it, once dispatched
  responsible_id BIGINT REFERENCES users(id),          -- 首接负责: the first receiver until someone accepts
  dispatcher_id BIGINT REFERENCES users(id),           -- who dispatched it last (reviews a return)
  department TEXT NOT NULL DEFAULT '',                 -- the outside department it is handed to (转办), by the dispatch catalogue
  resident_id BIGINT REFERENCES residents(id),
  household_id BIGINT REFERENCES households(id),
  requester_name TEXT NOT NULL DEFAULT '',
  requester_phone TEXT,                                -- sealed
  requester_phone_hash TEXT,                           -- lookup hash
  requester_phone_masked TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  lon DOUBLE PRECISION,
  lat DOUBLE PRECISION,
  merged_into BIGINT REFERENCES requests(id),
  result TEXT NOT NULL DEFAULT '',                     -- the handler's result, shown to the resident
  rating BIGINT,                                       -- 1 非常不满意 .. 5 非常满意
  rating_comment TEXT NOT NULL DEFAULT '',
  rated_at BIGINT,
  rating_source TEXT,                                  -- link (the resident, by QR code) | callback (回访 by phone)
  received_at BIGINT NOT NULL,
  month BIGINT NOT NULL,                               -- YYYYMM of received_at (Asia/Shanghai): the indicators' month
  accept_due BIGINT NOT NULL,                          -- to be accepted by (响应时限)
  accepted_at BIGINT,
  due_at BIGINT,                                       -- to be resolved by, set at acceptance
  extension_due BIGINT,                                -- a new due time asked for, pending
  extension_reason TEXT,
  extensions BIGINT NOT NULL DEFAULT 0,
  reworks BIGINT NOT NULL DEFAULT 0,
  returns BIGINT NOT NULL DEFAULT 0,
  resolved_at BIGINT,
  handle_minutes BIGINT,                               -- working minutes from acceptance to resolution
  closed_at BIGINT,
  due_soon_at BIGINT,                                  -- when the clock said it was due soon (once)
  overdue_at BIGINT,                                   -- when it said it was overdue (督单, once)
  escalated_at BIGINT,                                 -- when the rule escalated it (once)
  dedupe_key TEXT,                                     -- an online form's hash and minute: a repeat answers with the first
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX requests_receipt ON requests(receipt);
CREATE UNIQUE INDEX requests_dedupe ON requests(dedupe_key);
CREATE INDEX requests_community ON requests(community_id, id);
CREATE INDEX requests_street ON requests(street_id, id);
CREATE INDEX requests_grid ON requests(grid_id, id);
CREATE INDEX requests_unit ON requests(unit_id, state, id);
-- the few that sit elsewhere than where they arose (dispatched to another unit, escalated,
-- routed by the dispatch catalogue): a unit's list finds those that came to it through this
CREATE INDEX requests_away ON requests(unit_id, id) WHERE unit_id <> origin_unit_id;
CREATE INDEX requests_handler ON requests(handler_id, state, id);
CREATE INDEX requests_state ON requests(state, id);
CREATE INDEX requests_household ON requests(household_id, id);
CREATE INDEX requests_phone ON requests(requester_phone_hash, received_at);
CREATE INDEX requests_clock ON requests(state, due_at);
-- The timeline: every action, who, when, with the state before and after and its comment.
CREATE TABLE request_events (
  id @PK@,
  request_id BIGINT NOT NULL REFERENCES requests(id),
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  actor_id BIGINT REFERENCES users(id),                -- NULL: the resident, or the system
  actor_name TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT '',
  data TEXT,                                           -- JSON: the unit and handler dispatched to, a due time ...
  at BIGINT NOT NULL
);
CREATE INDEX request_events_request ON request_events(request_id, id);
-- The receipt numbers' counters: one row a unit and day, taken in the intake's transaction.
CREATE TABLE request_counters (
  unit_id BIGINT NOT NULL,
  day BIGINT NOT NULL,                                 -- YYYYMMDD, Asia/Shanghai
  n BIGINT NOT NULL,
  PRIMARY KEY (unit_id, day)
);
-- The rating links (评价二维码): one a request at a time, single use, for a few days; only a
-- hash of the token is kept.
CREATE TABLE rating_links (
  id @PK@,
  request_id BIGINT NOT NULL REFERENCES requests(id),
  token_hash TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX rating_links_token ON rating_links(token_hash);
CREATE INDEX rating_links_request ON rating_links(request_id);
-- The service hall's standing code (seed 000): a visit rated, whatever the matter.
CREATE TABLE hall_ratings (
  id @PK@,
  unit_id BIGINT NOT NULL REFERENCES org_units(id),
  street_id BIGINT REFERENCES org_units(id),
  community_id BIGINT REFERENCES org_units(id),
  score BIGINT NOT NULL,                               -- 1 .. 5
  comment TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL
);
CREATE INDEX hall_ratings_unit ON hall_ratings(unit_id, id);
CREATE INDEX hall_ratings_community ON hall_ratings(community_id, at);
-- The indicators kept current as requests change (requests/stats.c): for each month of
-- receipt, each unit a request arose in (its street, community and grid) and each dimension
-- (all; category, channel, handler, grid: key the category's id, the channel's number, the
-- handler's id, the grid's id), the counts the figures are made of, and a histogram of the
-- handling time in working hours (h0..h11) for its percentiles. An action adds the difference
-- between the request's facts after and before it, in its transaction.
CREATE TABLE request_stats (
  month BIGINT NOT NULL,
  unit_id BIGINT NOT NULL,
  dim TEXT NOT NULL,
  key BIGINT NOT NULL,
  received BIGINT NOT NULL DEFAULT 0,
  accepted BIGINT NOT NULL DEFAULT 0,
  accepted_on_time BIGINT NOT NULL DEFAULT 0,
  closed BIGINT NOT NULL DEFAULT 0,
  closed_on_time BIGINT NOT NULL DEFAULT 0,
  reworked BIGINT NOT NULL DEFAULT 0,
  extended BIGINT NOT NULL DEFAULT 0,
  returned BIGINT NOT NULL DEFAULT 0,
  rated BIGINT NOT NULL DEFAULT 0,
  satisfied BIGINT NOT NULL DEFAULT 0,
  handled BIGINT NOT NULL DEFAULT 0,
  handle_minutes BIGINT NOT NULL DEFAULT 0,
  h0 BIGINT NOT NULL DEFAULT 0, h1 BIGINT NOT NULL DEFAULT 0, h2 BIGINT NOT NULL DEFAULT 0,
  h3 BIGINT NOT NULL DEFAULT 0, h4 BIGINT NOT NULL DEFAULT 0, h5 BIGINT NOT NULL DEFAULT 0,
  h6 BIGINT NOT NULL DEFAULT 0, h7 BIGINT NOT NULL DEFAULT 0, h8 BIGINT NOT NULL DEFAULT 0,
  h9 BIGINT NOT NULL DEFAULT 0, h10 BIGINT NOT NULL DEFAULT 0, h11 BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, dim, month, key)
);
-- The dispatch catalogue (派单目录): who owns a category of matters (or one item) in an area,
-- edited over time, so that a matter that belongs to a functional department is not pushed
-- down to the community (国办函〔2025〕66号). The most specific rule in force wins: an item's
-- over its category's, a smaller area's over a larger one's. A rule sends the request to an org
-- unit (target_unit_id) or names the outside department it is handed to (department).
CREATE TABLE dispatch_rules (
  id @PK@,
  category_id BIGINT NOT NULL REFERENCES catalog_categories(id),
  item_id BIGINT REFERENCES catalog_items(id),          -- NULL: the whole category
  area_unit_id BIGINT REFERENCES org_units(id),         -- NULL: everywhere
  target_unit_id BIGINT REFERENCES org_units(id),
  department TEXT NOT NULL DEFAULT '',                  -- 区城管执法局, 供水公司 ...
  contact TEXT NOT NULL DEFAULT '',
  valid_from BIGINT NOT NULL,                           -- YYYYMMDD
  valid_to BIGINT,                                      -- YYYYMMDD, NULL: open
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX dispatch_rules_category ON dispatch_rules(category_id);

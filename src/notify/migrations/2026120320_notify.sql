-- The outbox: where linli's events go beyond its own pages (WeCom and DingTalk group robots,
-- any URL by a signed webhook), written in the same transaction as the change that causes them,
-- so that nothing is lost across a crash or a restart.
--
-- A destination belongs to a unit and takes, by its rules, the events of that unit and of every
-- unit below it, each topic at once or in a daily digest. A subscription takes every event of one
-- thing (a request handed over by a 12345 platform) to one destination, with the subscriber's own
-- number (ref) in each.
CREATE TABLE notify_destinations (
  id @PK@,
  unit_id BIGINT NOT NULL REFERENCES org_units(id),
  kind TEXT NOT NULL,                        -- wecom, dingtalk, webhook
  name TEXT NOT NULL,
  url TEXT NOT NULL,                         -- sealed (notify.url): a robot's URL is its key
  url_hint TEXT NOT NULL,                    -- what is shown: scheme, host and the URL's last 4
  secret TEXT,                               -- sealed (notify.secret): the signing secret, or NULL
  format TEXT NOT NULL DEFAULT 'markdown',   -- robots: markdown or text
  digest_at BIGINT NOT NULL DEFAULT 510,     -- minute of the day (Beijing time) of the digest: 8:30
  digest_day BIGINT NOT NULL DEFAULT 0,      -- the last day (days since 1970, Beijing) one was sent
  enabled BIGINT NOT NULL DEFAULT 1,
  internal BIGINT NOT NULL DEFAULT 0,        -- kept by another feature (a 12345 platform's callbacks)
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX notify_destinations_unit ON notify_destinations(unit_id);
CREATE TABLE notify_rules (
  id @PK@,
  destination_id BIGINT NOT NULL REFERENCES notify_destinations(id),
  topic TEXT NOT NULL,                       -- request.created, request.overdue, ...
  mode TEXT NOT NULL DEFAULT 'now'           -- now, digest
);
CREATE UNIQUE INDEX notify_rules_topic ON notify_rules(destination_id, topic);
CREATE INDEX notify_rules_by_topic ON notify_rules(topic, destination_id);
CREATE TABLE notify_subscriptions (
  id @PK@,
  destination_id BIGINT NOT NULL REFERENCES notify_destinations(id),
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  ref TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX notify_subscriptions_entity ON notify_subscriptions(entity, entity_id, destination_id);
CREATE TABLE notify_events (
  id @PK@,
  uid TEXT NOT NULL,                         -- the stable event id every delivery carries
  event TEXT NOT NULL,
  topics TEXT NOT NULL,                      -- ' request.changed request.resolved '
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  unit_id BIGINT,
  title TEXT NOT NULL,                       -- one line: 新诉求 R-…
  body TEXT NOT NULL DEFAULT '',             -- markdown lines for the robots
  link TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL DEFAULT '{}',           -- JSON: what a webhook receives as "data"
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX notify_events_uid ON notify_events(uid);
CREATE TABLE notify_deliveries (
  id @PK@,
  event_id BIGINT NOT NULL REFERENCES notify_events(id),
  destination_id BIGINT NOT NULL REFERENCES notify_destinations(id),
  entity TEXT NOT NULL,                      -- the event's, for the order per thing
  entity_id BIGINT NOT NULL,
  ref TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,                       -- pending, sending, done, dead; held (for a digest), digested
  tries BIGINT NOT NULL DEFAULT 0,
  next_at BIGINT NOT NULL,
  lease_owner TEXT,
  lease_until BIGINT NOT NULL DEFAULT 0,
  last_status BIGINT NOT NULL DEFAULT 0,     -- the last answer's HTTP status, 0: none
  last_error TEXT NOT NULL DEFAULT '',
  digest_id BIGINT,                          -- held: the digest's delivery that carried it
  sent_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX notify_deliveries_due ON notify_deliveries(next_at, id) WHERE state IN ('pending', 'sending');
CREATE INDEX notify_deliveries_order ON notify_deliveries(destination_id, entity, entity_id, id) WHERE state IN ('pending', 'sending');
CREATE INDEX notify_deliveries_held ON notify_deliveries(destination_id, id) WHERE state = 'held';
CREATE INDEX notify_deliveries_dest ON notify_deliveries(destination_id, id);
CREATE INDEX notify_deliveries_state ON notify_deliveries(state, id);
CREATE TABLE notify_attempts (
  id @PK@,
  delivery_id BIGINT NOT NULL REFERENCES notify_deliveries(id),
  at BIGINT NOT NULL,
  status BIGINT NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  answer TEXT NOT NULL DEFAULT '',           -- the answer's first 500 bytes
  ms BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX notify_attempts_delivery ON notify_attempts(delivery_id, id);

-- The 12345 hotline hand-off: the city or district platforms that hand matters over (each with
-- the unit it hands them to, the API token it calls with, the URL its callbacks go to and the
-- secret they are signed with, sealed), the mapping of each platform's categories to the
-- catalog's items, and every hand-off: the platform's ticket number beside the request it
-- became (request_id), or queued while its category has no mapping (state unmapped).
CREATE TABLE hotline_platforms (
  id @PK@,
  name TEXT NOT NULL,                                  -- 成都市12345
  code TEXT NOT NULL,                                  -- cd12345
  unit_id BIGINT NOT NULL REFERENCES org_units(id),    -- the unit it hands matters to
  token_id BIGINT NOT NULL,                            -- the API token it calls with (api_tokens)
  callback_url TEXT NOT NULL DEFAULT '',               -- where its callbacks go
  secret TEXT NOT NULL,                                -- sealed (hotline.secret): signs the callbacks
  secret_at BIGINT NOT NULL,                           -- when the secret was made or last rotated
  active BIGINT NOT NULL DEFAULT 1,                    -- 0: its hand-offs are refused
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX hotline_platforms_code ON hotline_platforms(code);
CREATE UNIQUE INDEX hotline_platforms_token ON hotline_platforms(token_id);
CREATE TABLE hotline_mappings (
  id @PK@,
  platform_id BIGINT NOT NULL REFERENCES hotline_platforms(id),
  category TEXT NOT NULL,                              -- the platform's category code
  name TEXT NOT NULL DEFAULT '',                       -- the platform's name of it
  item_id BIGINT NOT NULL REFERENCES catalog_items(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX hotline_mappings_category ON hotline_mappings(platform_id, category);
CREATE TABLE hotline_handoffs (
  id @PK@,
  platform_id BIGINT NOT NULL REFERENCES hotline_platforms(id),
  ticket TEXT NOT NULL,                                -- the platform's ticket number (工单号)
  idempotency_key TEXT,                                -- the Idempotency-Key it came with, NULL: none
  category TEXT NOT NULL,                              -- the platform's category code
  category_name TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,                                 -- received (a request at once), unmapped (queued), released
  request_id BIGINT REFERENCES requests(id),           -- the request it became; NULL while queued
  receipt TEXT,                                        -- that request's receipt number
  item_id BIGINT REFERENCES catalog_items(id),         -- the item it was mapped to
  unit_id BIGINT NOT NULL REFERENCES org_units(id),    -- the platform's unit when it came
  origin_unit_id BIGINT REFERENCES org_units(id),      -- where its request arose
  title TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  lon DOUBLE PRECISION,
  lat DOUBLE PRECISION,
  caller_name TEXT,                                    -- sealed (hotline.caller_name) while queued, then NULL
  caller_phone TEXT,                                   -- sealed (hotline.caller_phone) while queued, then NULL
  caller_name_masked TEXT NOT NULL DEFAULT '',
  caller_phone_masked TEXT NOT NULL DEFAULT '',
  due_at BIGINT,                                       -- the platform's due time
  received_at BIGINT NOT NULL,
  released_at BIGINT,
  released_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX hotline_handoffs_ticket ON hotline_handoffs(platform_id, ticket);
CREATE UNIQUE INDEX hotline_handoffs_key ON hotline_handoffs(platform_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE UNIQUE INDEX hotline_handoffs_request ON hotline_handoffs(request_id) WHERE request_id IS NOT NULL;
CREATE INDEX hotline_handoffs_number ON hotline_handoffs(ticket);
CREATE INDEX hotline_handoffs_state ON hotline_handoffs(state, id);

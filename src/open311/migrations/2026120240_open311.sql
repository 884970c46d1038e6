-- Open311 GeoReport v2: the questions a service asks besides its text and place (attributes, by
-- catalog item), and what a request sent through Open311 carried beyond linli's own columns:
-- the answers to them, the submitter's email and device id (sealed, never shown), the media URL
-- and the address id.
CREATE TABLE open311_attributes (
  id @PK@,
  item_id BIGINT NOT NULL REFERENCES catalog_items(id),
  code TEXT NOT NULL,                                   -- the attribute[code] of a POST
  datatype TEXT NOT NULL,                               -- string, number, datetime, text, singlevaluelist, multivaluelist
  variable BIGINT NOT NULL DEFAULT 1,                   -- 0: shown only, asks for nothing
  required BIGINT NOT NULL DEFAULT 0,
  datatype_description TEXT NOT NULL DEFAULT '',
  sort BIGINT NOT NULL DEFAULT 1,                       -- the spec's "order"
  description TEXT NOT NULL DEFAULT '',
  choices TEXT NOT NULL DEFAULT '[]',                 -- the spec's "values": JSON array of {key, name}, for the lists
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX open311_attributes_code ON open311_attributes(item_id, code);
CREATE TABLE open311_requests (
  id @PK@,
  request_id BIGINT NOT NULL REFERENCES requests(id),
  token_id BIGINT,                                      -- the API key it came with
  attributes TEXT NOT NULL DEFAULT '{}',                -- JSON object: code → value or [values]
  email TEXT,                                           -- sealed (open311.email)
  device_id TEXT,                                       -- sealed (open311.device_id)
  media_url TEXT NOT NULL DEFAULT '',
  address_id TEXT NOT NULL DEFAULT '',
  jurisdiction_id TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX open311_requests_request ON open311_requests(request_id);

-- The resident registry: households at their dwellings and the residents in them. ID numbers
-- and phones are kept sealed (*_sealed, base/seal), with a keyed hash for exact look-up
-- (*_lookup) and the one masked form every answer shows (*_masked); never in clear.
-- Tags an administrator adds to the built-in ones (registry/codes.c).
CREATE TABLE registry_tags (
  code TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  sensitive BIGINT NOT NULL DEFAULT 0,   -- disability, minimum income, health, minors
  created_at BIGINT NOT NULL
);
CREATE TABLE households (
  id @PK@,
  unit_id BIGINT NOT NULL REFERENCES org_units(id),    -- the grid or micro-grid: its scope
  place_id BIGINT REFERENCES org_places(id),           -- its dwelling, when recorded
  address TEXT NOT NULL DEFAULT '',                     -- where no dwelling is recorded
  head_id BIGINT,                                       -- the resident at its head
  status TEXT NOT NULL DEFAULT 'active',                -- active, dissolved
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX households_unit ON households(unit_id, id);
CREATE INDEX households_place ON households(place_id);
CREATE TABLE residents (
  id @PK@,
  household_id BIGINT REFERENCES households(id),
  unit_id BIGINT NOT NULL REFERENCES org_units(id),    -- its household's, or where it lives
  relation TEXT,                                        -- to the head (registry/codes.c)
  name TEXT NOT NULL,
  sex TEXT NOT NULL,
  birth_date BIGINT,                                    -- YYYYMMDD
  id_type TEXT,
  id_sealed TEXT,
  id_lookup TEXT,
  id_masked TEXT,
  phone_sealed TEXT,
  phone_lookup TEXT,
  phone_masked TEXT,
  ethnicity TEXT,
  population TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'living',                -- living, moved_out, deceased
  status_date BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX residents_id_lookup ON residents(id_lookup);
CREATE INDEX residents_phone_lookup ON residents(phone_lookup);
CREATE INDEX residents_household ON residents(household_id);
CREATE INDEX residents_unit ON residents(unit_id, id);
CREATE INDEX residents_birth ON residents(birth_date);
CREATE TABLE resident_tags (
  resident_id BIGINT NOT NULL REFERENCES residents(id),
  tag TEXT NOT NULL,                                    -- registry/codes.c or registry_tags
  PRIMARY KEY (resident_id, tag)
);
CREATE INDEX resident_tags_tag ON resident_tags(tag, resident_id);
-- Every two characters of every name, for partial Chinese name search on both engines: most
-- names are two or three characters, which trigram indexes cannot serve.
CREATE TABLE resident_name_grams (
  gram TEXT NOT NULL,
  resident_id BIGINT NOT NULL REFERENCES residents(id),
  PRIMARY KEY (gram, resident_id)
);
CREATE INDEX resident_name_grams_resident ON resident_name_grams(resident_id);
-- What happened to a household: created, move_in, move_out, head, deceased, moved (address).
CREATE TABLE household_events (
  id @PK@,
  household_id BIGINT NOT NULL REFERENCES households(id),
  resident_id BIGINT REFERENCES residents(id),
  kind TEXT NOT NULL,
  on_date BIGINT NOT NULL,                              -- YYYYMMDD
  note TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX household_events_household ON household_events(household_id, id);
CREATE INDEX residents_name ON residents(name);

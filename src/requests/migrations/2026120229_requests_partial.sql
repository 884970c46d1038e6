-- The dedupe key (only the online form's), the requester's phone hash and the household are
-- empty on most requests, and a look-up by each names a value: their indexes leave the empty
-- ones out, so that an intake without them writes three index pages fewer.
DROP INDEX requests_dedupe;
CREATE UNIQUE INDEX requests_dedupe ON requests(dedupe_key) WHERE dedupe_key IS NOT NULL;
DROP INDEX requests_phone;
CREATE INDEX requests_phone ON requests(requester_phone_hash, received_at) WHERE requester_phone_hash IS NOT NULL;
DROP INDEX requests_household;
CREATE INDEX requests_household ON requests(household_id, id) WHERE household_id IS NOT NULL;

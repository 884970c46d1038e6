-- Where a request sits when that is not where it arose, as a column of its own (NULL while it
-- sits where it arose): a unit's list finds what came to it from elsewhere through the index on
-- it. The index used to be partial on `unit_id <> origin_unit_id`, which PostgreSQL estimates
-- true of almost every row (it keeps no statistics comparing two columns), so it read the whole
-- table for the few there are; a column's share of NULLs it knows.
ALTER TABLE requests ADD COLUMN away_unit_id BIGINT;
UPDATE requests SET away_unit_id = unit_id WHERE unit_id <> origin_unit_id;
DROP INDEX requests_away;
CREATE INDEX requests_away ON requests(away_unit_id, id) WHERE away_unit_id IS NOT NULL;

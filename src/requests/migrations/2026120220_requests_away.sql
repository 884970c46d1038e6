-- Where a request sits when that is not where it arose, by the street, community and grid it
-- sits in (sits_street_id, sits_community_id, sits_grid_id: the unit it sits in has that anchor
-- and the unit it arose in has another or none; NULL otherwise). A list of one street,
-- community or grid is what arose in it (street_id, community_id or grid_id) and what sits in it
-- from elsewhere (the sits_ column), each one range of an index in id order. The index this
-- replaces was partial on `unit_id <> origin_unit_id` and read through the unit's subtree:
-- PostgreSQL estimates that comparison of two columns true of almost every row and read the
-- whole table, and what a community sent down to its own grids (most of its window's requests)
-- filled it while belonging to none of the community's rows from elsewhere.
ALTER TABLE requests ADD COLUMN sits_street_id BIGINT;
ALTER TABLE requests ADD COLUMN sits_community_id BIGINT;
ALTER TABLE requests ADD COLUMN sits_grid_id BIGINT;
UPDATE requests SET
  sits_street_id = (SELECT CASE WHEN u.street_id <> COALESCE(requests.street_id, 0) THEN u.street_id END
                    FROM org_units u WHERE u.id = requests.unit_id),
  sits_community_id = (SELECT CASE WHEN u.community_id <> COALESCE(requests.community_id, 0) THEN u.community_id END
                       FROM org_units u WHERE u.id = requests.unit_id),
  sits_grid_id = (SELECT CASE WHEN u.grid_id <> COALESCE(requests.grid_id, 0) THEN u.grid_id END
                  FROM org_units u WHERE u.id = requests.unit_id)
  WHERE unit_id <> origin_unit_id;
DROP INDEX requests_away;
CREATE INDEX requests_sits_street ON requests(sits_street_id, id) WHERE sits_street_id IS NOT NULL;
CREATE INDEX requests_sits_community ON requests(sits_community_id, id) WHERE sits_community_id IS NOT NULL;
CREATE INDEX requests_sits_grid ON requests(sits_grid_id, id) WHERE sits_grid_id IS NOT NULL;

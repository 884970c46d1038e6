-- Households and residents keep the street, community and grid of their unit (org's anchors,
-- migration 2026120112), written with unit_id and rewritten when a unit moves, so that a
-- community's or a grid's page is read from one index in id order.
ALTER TABLE households ADD COLUMN street_id BIGINT;
ALTER TABLE households ADD COLUMN community_id BIGINT;
ALTER TABLE households ADD COLUMN grid_id BIGINT;
ALTER TABLE residents ADD COLUMN street_id BIGINT;
ALTER TABLE residents ADD COLUMN community_id BIGINT;
ALTER TABLE residents ADD COLUMN grid_id BIGINT;
UPDATE households SET street_id = o.street_id, community_id = o.community_id, grid_id = o.grid_id
FROM org_units o WHERE o.id = households.unit_id;
UPDATE residents SET street_id = o.street_id, community_id = o.community_id, grid_id = o.grid_id
FROM org_units o WHERE o.id = residents.unit_id;
CREATE INDEX households_street ON households(street_id, status, id);
CREATE INDEX households_community ON households(community_id, status, id);
CREATE INDEX households_grid ON households(grid_id, status, id);
CREATE INDEX residents_street ON residents(street_id, status, id);
CREATE INDEX residents_community ON residents(community_id, status, id);
CREATE INDEX residents_grid ON residents(grid_id, status, id);

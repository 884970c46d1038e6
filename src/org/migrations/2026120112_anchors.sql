-- Each unit keeps the street, community and grid it lies in (itself when it is one; NULL when
-- there is none above it), so that a table that keeps a unit beside its rows can keep these
-- three as well and read a community's or a grid's rows from an index in id order, instead of
-- collecting the rows of every unit below it. Kinds never nest (org/code.c), so each is one id.
ALTER TABLE org_units ADD COLUMN street_id BIGINT;
ALTER TABLE org_units ADD COLUMN community_id BIGINT;
ALTER TABLE org_units ADD COLUMN grid_id BIGINT;
WITH RECURSIVE t(id, s, c, g) AS (
  SELECT id, CASE WHEN kind = 'street' THEN id END, CASE WHEN kind = 'community' THEN id END,
         CASE WHEN kind = 'grid' THEN id END
  FROM org_units WHERE parent_id IS NULL
  UNION ALL
  SELECT u.id, CASE WHEN u.kind = 'street' THEN u.id ELSE t.s END,
         CASE WHEN u.kind = 'community' THEN u.id ELSE t.c END,
         CASE WHEN u.kind = 'grid' THEN u.id ELSE t.g END
  FROM org_units u JOIN t ON u.parent_id = t.id)
UPDATE org_units SET street_id = t.s, community_id = t.c, grid_id = t.g FROM t
WHERE org_units.id = t.id;

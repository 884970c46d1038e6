-- Units close rather than vanish (closed_at); a unit may carry its area as a GeoJSON polygon,
-- kept with its bounding box for the point look-up.
ALTER TABLE org_units ADD COLUMN closed_at BIGINT;
ALTER TABLE org_units ADD COLUMN geometry TEXT;
ALTER TABLE org_units ADD COLUMN min_lon DOUBLE PRECISION;
ALTER TABLE org_units ADD COLUMN min_lat DOUBLE PRECISION;
ALTER TABLE org_units ADD COLUMN max_lon DOUBLE PRECISION;
ALTER TABLE org_units ADD COLUMN max_lat DOUBLE PRECISION;
CREATE INDEX org_units_bbox ON org_units(min_lon, max_lon);
-- Buildings (楼栋), entrances (单元) and dwellings (房屋), each in an org unit's scope.
CREATE TABLE org_places (
  id @PK@,
  unit_id BIGINT NOT NULL REFERENCES org_units(id),
  parent_id BIGINT REFERENCES org_places(id),
  kind TEXT NOT NULL,              -- building, entrance, dwelling
  name TEXT NOT NULL,              -- '3栋', '2单元', '501'
  closed_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX org_places_unit ON org_places(unit_id, parent_id);
CREATE INDEX org_places_parent ON org_places(parent_id);
-- Two open places of one kind under one parent never share a name.
CREATE UNIQUE INDEX org_places_name ON org_places(unit_id, COALESCE(parent_id, 0), kind, name)
  WHERE closed_at IS NULL;

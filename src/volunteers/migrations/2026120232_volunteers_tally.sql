-- The dashboard's count of each community's volunteers, kept in the transaction of every write
-- of a volunteer (its difference before and after): active = approved and active, pending =
-- awaiting approval. A unit's figures sum the rows of its communities.
CREATE TABLE volunteer_tallies (
  unit_id BIGINT PRIMARY KEY REFERENCES org_units(id),
  active BIGINT NOT NULL DEFAULT 0,
  pending BIGINT NOT NULL DEFAULT 0
);
INSERT INTO volunteer_tallies (unit_id, active, pending)
  SELECT unit_id, SUM(CASE WHEN approval = 'approved' AND status = 'active' THEN 1 ELSE 0 END),
         SUM(CASE WHEN approval = 'pending' THEN 1 ELSE 0 END)
  FROM volunteers GROUP BY unit_id;

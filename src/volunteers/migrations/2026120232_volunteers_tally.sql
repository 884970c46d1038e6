-- The dashboard's count of a unit's volunteers (active: approved and active; pending: awaiting
-- approval) read from this index alone, community by community.
CREATE INDEX volunteers_tally ON volunteers(unit_id, approval, status);

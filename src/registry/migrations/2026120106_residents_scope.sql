-- A page of residents within a scope is read from the index alone: by unit, with the status
-- every list filters on (living by default), in id order within each unit.
CREATE INDEX residents_unit_status ON residents(unit_id, status, id);

-- Three indexes of residents that no statement reads, each written on every new resident
-- (about a tenth of an import's time each on PostgreSQL):
--   residents_unit (unit_id, id): residents_unit_status (unit_id, status, id) serves each
--     unit's rows, and the scoped lists read the anchors (2026120113);
--   residents_name (name): a name is searched by its grams (resident_name_grams), and the
--     list's `lower(name) LIKE` cannot use it;
--   residents_birth (birth_date): an age range is a condition on the rows a list reads in id
--     order, never where a read starts.
DROP INDEX residents_unit;
DROP INDEX residents_name;
DROP INDEX residents_birth;

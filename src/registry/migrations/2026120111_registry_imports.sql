-- Imports of households and residents: who ran them, their counts, and the rows not imported
-- with what is wrong with each (a CSV, sealed like every personal value: it holds ID numbers),
-- kept a week for the importer to fix and upload again.
CREATE TABLE registry_imports (
  id @PK@,
  actor_id BIGINT NOT NULL,
  format TEXT NOT NULL,              -- csv, xlsx
  encoding TEXT NOT NULL,            -- utf-8, gbk: what the file was read as
  mode TEXT NOT NULL,                -- all, valid
  rows BIGINT NOT NULL,
  imported BIGINT NOT NULL,
  households BIGINT NOT NULL,
  failed BIGINT NOT NULL,            -- rows not imported
  report_sealed TEXT,                -- NULL when every row was imported
  created_at BIGINT NOT NULL
);
CREATE INDEX registry_imports_actor ON registry_imports(actor_id, id);
CREATE INDEX registry_imports_created ON registry_imports(created_at);

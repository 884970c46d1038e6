-- Attachments: photos (JPEG, PNG, WebP) and PDFs of a request (entity 'request'), of its result
-- ('request_result') and of a home visit ('visit'). The files are kept outside the database, in
-- attachments_dir, under a random stem: <stem>.o the file as it came (never served), <stem>.s
-- the copy that is shown (a photo drawn again from its pixels, without its metadata; a PDF has
-- none: its .o is shown), <stem>.t the thumbnail (photos only).
CREATE TABLE attachments (
  id @PK@,
  entity TEXT NOT NULL,                  -- request, request_result, visit
  entity_id BIGINT NOT NULL,
  kind TEXT NOT NULL,                    -- jpeg, png, webp, pdf: what the bytes are, not their name
  name TEXT NOT NULL,                    -- the file's name, its extension the kind's
  stem TEXT NOT NULL,                    -- 32 random hex digits: the files' names
  bytes BIGINT NOT NULL,                 -- the file as it came
  sha256 TEXT NOT NULL,                  -- of the file as it came, hex
  width BIGINT NOT NULL DEFAULT 0,       -- a photo's, upright (0 for a PDF)
  height BIGINT NOT NULL DEFAULT 0,
  shown_bytes BIGINT NOT NULL,
  shown_width BIGINT NOT NULL DEFAULT 0,
  shown_height BIGINT NOT NULL DEFAULT 0,
  thumb_bytes BIGINT NOT NULL DEFAULT 0,
  thumb_width BIGINT NOT NULL DEFAULT 0,
  thumb_height BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX attachments_entity ON attachments(entity, entity_id, id);
CREATE UNIQUE INDEX attachments_stem ON attachments(stem);

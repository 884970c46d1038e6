-- An outside deadline: the due time another system handing a matter over set for it (the 12345
-- platform's). It caps the time to accept at intake and the time to resolve at acceptance, which
-- are the earlier of the catalog's limit and it. NULL: none.
ALTER TABLE requests ADD COLUMN due_by BIGINT;

-- A platform's callbacks go through the outbox (notify/): the destination linli keeps for it,
-- made at its first hand-off with a callback URL, and followed by every request handed over.
ALTER TABLE hotline_platforms ADD COLUMN destination_id BIGINT REFERENCES notify_destinations(id);

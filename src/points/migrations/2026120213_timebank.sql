-- The time bank (服务兑换服务): residents and volunteers offer and request services; an
-- exchange between two holders completes only when both sides confirm, and then moves time
-- credits (minutes, the ledger's currency `time`) from the receiver to the provider, also
-- between the communities of one street.
CREATE TABLE timebank_offers (
  id @PK@,
  kind TEXT NOT NULL,                              -- offer | request
  account_id BIGINT NOT NULL REFERENCES points_accounts(id),
  unit_id BIGINT NOT NULL REFERENCES org_units(id),
  street_id BIGINT,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  minutes BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',             -- open | closed
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX timebank_offers_street ON timebank_offers(street_id, status, id);
CREATE TABLE timebank_exchanges (
  id @PK@,
  offer_id BIGINT NOT NULL REFERENCES timebank_offers(id),
  provider_id BIGINT NOT NULL REFERENCES points_accounts(id),
  receiver_id BIGINT NOT NULL REFERENCES points_accounts(id),
  provider_unit_id BIGINT NOT NULL REFERENCES org_units(id),
  receiver_unit_id BIGINT NOT NULL REFERENCES org_units(id),
  minutes BIGINT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,                            -- proposed, completed, cancelled
  provider_confirmed_at BIGINT,
  receiver_confirmed_at BIGINT,
  movement_id BIGINT REFERENCES points_movements(id),
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX timebank_exchanges_offer ON timebank_exchanges(offer_id);
CREATE INDEX timebank_exchanges_provider ON timebank_exchanges(provider_id, id);
CREATE INDEX timebank_exchanges_receiver ON timebank_exchanges(receiver_id, id);

-- Conduct records are versioned records like the others.
ALTER TABLE conduct_records ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- Plan entries are versioned records like the others.
ALTER TABLE outbound_plan_entries ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- Divisions are versioned records like the others (superseding one changes it).
ALTER TABLE divisions ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

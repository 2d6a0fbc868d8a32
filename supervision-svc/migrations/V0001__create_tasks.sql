-- The supervision ledger (SUP-09): one row per task, keyed for the lists and the intake's
-- "one task per source record" check.
CREATE TABLE tasks (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  lead_unit VARCHAR(64) NOT NULL,
  state INT NOT NULL,
  source_name VARCHAR(128) NOT NULL,
  deadline DATE NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  KEY lead_unit_state (lead_unit, state, id),
  KEY state_deadline (state, deadline),
  KEY source_name (source_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

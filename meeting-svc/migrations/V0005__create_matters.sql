-- Matters and their routes; project_code/purpose/fiscal_year add up split items (AMB-05).
CREATE TABLE matters (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  unit_id VARCHAR(64) NOT NULL,
  kind INT NOT NULL,
  state INT NOT NULL,
  project_code VARCHAR(64) NOT NULL,
  purpose VARCHAR(200) NOT NULL,
  fiscal_year INT NOT NULL,
  amount_fen BIGINT NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  KEY unit_state (unit_id, state),
  KEY project (kind, project_code, purpose(64), fiscal_year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

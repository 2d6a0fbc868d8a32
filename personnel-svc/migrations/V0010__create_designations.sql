-- Designation tasks and designations when A and B are both away (DIS-03).
CREATE TABLE designations (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  principal_id VARCHAR(64) NOT NULL,
  start_date DATE NOT NULL,
  end_date DATE NOT NULL,
  state INT NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  KEY designations_principal (principal_id, start_date),
  KEY designations_dates (start_date, end_date),
  KEY designations_state (state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

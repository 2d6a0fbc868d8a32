-- Filings and reports with a deadline; a durable timer marks them overdue.
CREATE TABLE obligations (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  owner VARCHAR(64) NOT NULL,
  subject VARCHAR(128) NOT NULL,
  kind INT NOT NULL,
  state INT NOT NULL,
  due_at DATETIME(6) NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  KEY obligations_owner (owner, state),
  KEY obligations_subject (subject),
  KEY obligations_state_due (state, due_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

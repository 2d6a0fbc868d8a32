-- Countersign (会签) requests and their outcomes.
CREATE TABLE countersigns (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  document_id BIGINT NOT NULL,
  requested_unit VARCHAR(64) NOT NULL,
  state INT NOT NULL,
  due_at DATETIME(6) NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  KEY countersigns_document (document_id),
  KEY countersigns_unit (requested_unit, state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

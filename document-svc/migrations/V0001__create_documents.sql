-- Documents in and out of the county government; the proto is the record.
CREATE TABLE documents (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  unit_id VARCHAR(64) NOT NULL,
  direction INT NOT NULL,
  state INT NOT NULL,
  classification INT NOT NULL,
  routed_leader VARCHAR(64) NOT NULL,
  acting_leader VARCHAR(64) NOT NULL,
  normative_status INT NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  KEY documents_state (state, id),
  KEY documents_unit (unit_id, state),
  KEY documents_leader (routed_leader, state),
  KEY documents_acting (acting_leader, state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Time-limited items: higher-level requests and leaders' instructions (DOC-23).
CREATE TABLE handling_items (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  handling_unit VARCHAR(64) NOT NULL,
  state INT NOT NULL,
  deadline DATE NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  KEY handling_unit_state (handling_unit, state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

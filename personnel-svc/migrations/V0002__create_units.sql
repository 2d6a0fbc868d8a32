-- Units: departments, townships, the office, external bodies.
CREATE TABLE units (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  kind INT NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  created_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

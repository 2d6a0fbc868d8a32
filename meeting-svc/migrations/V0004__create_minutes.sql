-- Minutes, one per meeting (minutes/<meeting id>).
CREATE TABLE minutes (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  state INT NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Inspections and random draws (SUP-12), with their seed and population in the record.
CREATE TABLE inspections (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

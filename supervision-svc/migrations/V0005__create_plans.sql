-- The annual supervision plans (SUP-10): one per year.
CREATE TABLE plans (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  year INT NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE KEY year (year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

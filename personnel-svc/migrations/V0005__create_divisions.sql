-- Divisions of work (分工), each in force from its effective date until the next.
CREATE TABLE divisions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  effective_date DATE NOT NULL,
  superseded_date DATE NULL,
  data LONGBLOB NOT NULL,
  UNIQUE KEY divisions_effective (effective_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

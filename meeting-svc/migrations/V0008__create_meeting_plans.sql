-- Departments' plans of next year's county-wide meetings (MTG-27).
CREATE TABLE meeting_plans (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  unit_id VARCHAR(64) NOT NULL,
  plan_year INT NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  KEY unit_year (unit_id, plan_year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

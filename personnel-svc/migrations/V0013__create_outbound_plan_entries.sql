-- The annual outbound (出访) plan (DIS-14(4)).
CREATE TABLE outbound_plan_entries (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  year INT NOT NULL,
  data LONGBLOB NOT NULL,
  KEY outbound_year (year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

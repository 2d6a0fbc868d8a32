-- Deviations the rules only record, from the modules' feeds, for the compliance report.
CREATE TABLE deviations (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id VARCHAR(128) NOT NULL,
  day DATE NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE KEY event_id (event_id),
  KEY day (day, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

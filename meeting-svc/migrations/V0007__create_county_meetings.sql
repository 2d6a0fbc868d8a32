-- County-wide meetings (MTG-25, MTG-26), counted per unit and year.
CREATE TABLE county_meetings (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  unit_id VARCHAR(64) NOT NULL,
  meeting_year INT NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  KEY unit_year (unit_id, meeting_year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

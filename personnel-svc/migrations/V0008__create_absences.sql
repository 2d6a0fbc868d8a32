-- Absences (外出、出差、休假、学习) of officials.
CREATE TABLE absences (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  official_id VARCHAR(64) NOT NULL,
  start_date DATE NOT NULL,
  end_date DATE NOT NULL,
  state INT NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  KEY absences_official (official_id, start_date),
  KEY absences_dates (start_date, end_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

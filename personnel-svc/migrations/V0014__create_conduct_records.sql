-- Rules software can only record (DIS-04, DIS-13, DIS-25…DIS-28, ORG-06, ORG-09).
CREATE TABLE conduct_records (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind INT NOT NULL,
  official_id VARCHAR(64) NOT NULL,
  data LONGBLOB NOT NULL,
  KEY conduct_kind (kind, official_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

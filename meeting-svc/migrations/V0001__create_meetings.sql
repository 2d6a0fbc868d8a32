-- Meetings (meetings/<id>); the proto is the record, columns are for lookups.
CREATE TABLE meetings (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  kind INT NOT NULL,
  meeting_date DATE NOT NULL,
  state INT NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  KEY kind_date (kind, meeting_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

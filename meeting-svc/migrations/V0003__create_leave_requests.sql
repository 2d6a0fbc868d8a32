-- Requests for leave from a meeting (MTG-21).
CREATE TABLE leave_requests (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  meeting_id VARCHAR(64) NOT NULL,
  official_id VARCHAR(64) NOT NULL,
  state INT NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  KEY meeting_official (meeting_id, official_id),
  KEY official (official_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

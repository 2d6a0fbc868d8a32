-- Decisions of meetings (MTG-20, MTG-23).
CREATE TABLE decisions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  meeting_id VARCHAR(64) NOT NULL,
  matter_id BIGINT NOT NULL,
  issue_state INT NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  KEY meeting (meeting_id),
  KEY matter (matter_id),
  KEY issue_state (issue_state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

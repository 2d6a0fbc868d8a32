-- Agenda topics (topics/<id>), by meeting and proposing unit.
CREATE TABLE topics (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  meeting_id VARCHAR(64) NOT NULL,
  unit_id VARCHAR(64) NOT NULL,
  state INT NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  KEY meeting_state (meeting_id, state),
  KEY unit_state (unit_id, state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

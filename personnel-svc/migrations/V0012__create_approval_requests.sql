-- Requests needing approval: travel abroad, speeches, releases, events, congratulations.
CREATE TABLE approval_requests (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind INT NOT NULL,
  subject_official VARCHAR(64) NOT NULL,
  state INT NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  KEY approval_kind_state (kind, state),
  KEY approval_subject (subject_official)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

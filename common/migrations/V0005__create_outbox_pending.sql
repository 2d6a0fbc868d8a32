-- Domain events written in the same transaction as the change that caused them. The
-- publisher moves them, in commit order, into event_feed.
CREATE TABLE outbox_pending (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id VARCHAR(64) NOT NULL,
  type VARCHAR(128) NOT NULL,
  subject VARCHAR(191) NOT NULL,
  occurred_at DATETIME(6) NOT NULL,
  actor VARCHAR(128) NOT NULL,
  payload LONGBLOB NOT NULL,
  UNIQUE KEY outbox_event_id (event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

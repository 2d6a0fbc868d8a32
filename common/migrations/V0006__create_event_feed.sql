-- The service's durable, ordered, gapless event feed. Consumers read after their own cursor.
CREATE TABLE event_feed (
  seq BIGINT NOT NULL PRIMARY KEY,
  event_id VARCHAR(64) NOT NULL,
  type VARCHAR(128) NOT NULL,
  subject VARCHAR(191) NOT NULL,
  occurred_at DATETIME(6) NOT NULL,
  actor VARCHAR(128) NOT NULL,
  payload LONGBLOB NOT NULL,
  published_at DATETIME(6) NOT NULL,
  UNIQUE KEY event_feed_event_id (event_id),
  KEY event_feed_type (type, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

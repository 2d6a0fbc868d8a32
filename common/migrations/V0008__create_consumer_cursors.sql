-- How far each consumer has read each producer's feed.
CREATE TABLE consumer_cursors (
  consumer VARCHAR(64) NOT NULL,
  source VARCHAR(64) NOT NULL,
  last_seq BIGINT NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (consumer, source)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

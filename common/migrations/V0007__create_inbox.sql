-- Events this service has consumed, per consumer: a redelivered event has no second effect.
CREATE TABLE inbox (
  consumer VARCHAR(64) NOT NULL,
  event_id VARCHAR(64) NOT NULL,
  processed_at DATETIME(6) NOT NULL,
  PRIMARY KEY (consumer, event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

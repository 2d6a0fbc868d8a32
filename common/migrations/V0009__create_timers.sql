-- Durable timers: reminders, escalations and deemed outcomes. Any replica claims due rows
-- with FOR UPDATE SKIP LOCKED and fires each exactly once, in the transaction that marks it.
CREATE TABLE timers (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind VARCHAR(64) NOT NULL,
  subject VARCHAR(191) NOT NULL,
  due_at DATETIME(6) NOT NULL,
  payload LONGBLOB NOT NULL,
  state VARCHAR(16) NOT NULL,
  attempts INT NOT NULL,
  next_attempt_at DATETIME(6) NOT NULL,
  last_error TEXT NULL,
  fired_at DATETIME(6) NULL,
  fired_by VARCHAR(128) NULL,
  calendar_version VARCHAR(128) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY timers_kind_subject (kind, subject),
  KEY timers_due (state, next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

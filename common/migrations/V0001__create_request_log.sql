-- Responses of successful mutating requests, keyed by the caller's request id, so a retry
-- returns the first response instead of acting twice (AIP-155).
CREATE TABLE request_log (
  caller VARCHAR(128) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  method VARCHAR(128) NOT NULL,
  request_digest CHAR(64) NOT NULL,
  response LONGBLOB NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (caller, request_id),
  KEY request_log_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

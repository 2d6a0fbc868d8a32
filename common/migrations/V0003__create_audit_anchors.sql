-- Periodic seals over ranges of audit entries (by id), themselves chained: a rewritten,
-- inserted or deleted entry inside a sealed range changes the range's digest.
CREATE TABLE audit_anchors (
  seq BIGINT NOT NULL PRIMARY KEY,
  first_entry_id BIGINT NOT NULL,
  last_entry_id BIGINT NOT NULL,
  entry_count BIGINT NOT NULL,
  entries_digest CHAR(64) NOT NULL,
  sealed_at DATETIME(6) NOT NULL,
  prev_hash CHAR(64) NOT NULL,
  hash CHAR(64) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

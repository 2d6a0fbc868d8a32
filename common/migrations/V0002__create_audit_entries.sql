-- The audit trail (留痕): one hash chain per aggregate. The running user may only INSERT and
-- SELECT (tables named audit_* are append-only, see common/migrate.cc).
CREATE TABLE audit_entries (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  chain VARCHAR(191) NOT NULL,
  seq BIGINT NOT NULL,
  occurred_at DATETIME(6) NOT NULL,
  recorded_at DATETIME(6) NOT NULL,
  actor VARCHAR(128) NOT NULL,
  acting_for VARCHAR(128) NOT NULL,
  on_behalf_of VARCHAR(128) NOT NULL,
  action VARCHAR(128) NOT NULL,
  resource VARCHAR(191) NOT NULL,
  rule_id VARCHAR(32) NOT NULL,
  article VARCHAR(64) NOT NULL,
  policy_version VARCHAR(128) NOT NULL,
  calendar_version VARCHAR(128) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  before_digest CHAR(64) NOT NULL,
  after_digest CHAR(64) NOT NULL,
  detail TEXT NOT NULL,
  prev_hash CHAR(64) NOT NULL,
  hash CHAR(64) NOT NULL,
  UNIQUE KEY audit_chain_seq (chain, seq),
  KEY audit_recorded (recorded_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

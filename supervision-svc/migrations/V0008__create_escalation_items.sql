-- The other modules' escalations as supervision follows them: one row per module, record and rule.
CREATE TABLE escalation_items (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  item_key VARCHAR(191) NOT NULL,
  service VARCHAR(32) NOT NULL,
  rule_id VARCHAR(16) NOT NULL,
  state INT NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE KEY item_key (item_key),
  KEY service_rule_state (service, rule_id, state, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- ESCALATE items (xianfu.common.v1.Escalation): what a rule sends to a named official, raised in
-- the transaction of the act that triggered it.
CREATE TABLE escalations (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  assignee VARCHAR(128) NOT NULL,
  state INT NOT NULL,
  subject VARCHAR(191) NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  KEY escalations_queue (assignee, state, id),
  KEY escalations_subject (subject, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

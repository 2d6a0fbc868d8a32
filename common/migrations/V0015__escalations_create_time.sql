-- When each escalation was raised, as a column: the compliance report reads one period's only.
-- Rows written before keep NULL until their next write; a time filter keeps them.
ALTER TABLE escalations ADD COLUMN create_time DATETIME(6) NULL, ADD INDEX escalations_created (create_time, id);

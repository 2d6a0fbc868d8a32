-- Derived from divisions: which leader is in charge of which unit, on which days.
CREATE TABLE portfolio_entries (
  division_id BIGINT NOT NULL,
  unit_id VARCHAR(64) NOT NULL,
  leader_id VARCHAR(64) NOT NULL,
  is_primary TINYINT NOT NULL,
  start_date DATE NOT NULL,
  end_date DATE NULL,
  PRIMARY KEY (division_id, unit_id, leader_id),
  KEY portfolio_unit (unit_id, start_date),
  KEY portfolio_leader (leader_id, start_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

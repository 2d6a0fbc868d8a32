-- Derived from divisions: A's stand-in B, on which days (directed).
CREATE TABLE ab_pairs (
  division_id BIGINT NOT NULL,
  a_id VARCHAR(64) NOT NULL,
  b_id VARCHAR(64) NOT NULL,
  start_date DATE NOT NULL,
  end_date DATE NULL,
  PRIMARY KEY (division_id, a_id),
  KEY ab_b (b_id, start_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

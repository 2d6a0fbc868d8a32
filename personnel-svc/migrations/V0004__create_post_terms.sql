-- Who held a post from when to when (inclusive dates; end NULL while open).
CREATE TABLE post_terms (
  post_id VARCHAR(64) NOT NULL,
  official_id VARCHAR(64) NOT NULL,
  start_date DATE NOT NULL,
  end_date DATE NULL,
  basis VARCHAR(255) NOT NULL,
  PRIMARY KEY (post_id, start_date),
  KEY post_terms_official (official_id, start_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The last issue number per prefix and year: numbers are gapless and never reused.
CREATE TABLE document_numbers (
  prefix VARCHAR(32) NOT NULL,
  year INT NOT NULL,
  last_number BIGINT NOT NULL,
  PRIMARY KEY (prefix, year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

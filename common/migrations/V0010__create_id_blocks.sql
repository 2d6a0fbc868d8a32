-- Blocks of record ids reserved by the replicas: each process takes the next block of a table
-- and numbers its new records from it, so a decision can name what it creates before its
-- transaction opens.
CREATE TABLE id_blocks (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  next_id BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

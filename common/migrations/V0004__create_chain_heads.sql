-- The last entry of each audit chain: the row a writer locks to append, so writers of
-- different aggregates never wait for each other.
CREATE TABLE chain_heads (
  chain VARCHAR(191) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash CHAR(64) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

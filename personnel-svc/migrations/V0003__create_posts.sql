-- Posts; their holders are in post_terms.
CREATE TABLE posts (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  unit_id VARCHAR(64) NOT NULL,
  kind INT NOT NULL,
  executive TINYINT NOT NULL,
  foreign_affairs TINYINT NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  KEY posts_unit (unit_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Circulars (SUP-09, SUP-13): the figures of a period as issued.
CREATE TABLE circulars (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

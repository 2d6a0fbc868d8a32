-- Officials (resource name officials/<id>); the proto is the record, columns are for lookups.
CREATE TABLE officials (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  display_name_zh VARCHAR(64) NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  created_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

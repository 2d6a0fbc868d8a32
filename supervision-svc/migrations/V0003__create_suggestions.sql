-- NPC deputies' suggestions and CPPCC members' proposals (SUP-02).
CREATE TABLE suggestions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  handling_unit VARCHAR(64) NOT NULL,
  state INT NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  KEY handling_unit_state (handling_unit, state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

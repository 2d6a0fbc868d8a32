-- Entrustments (委托): principal, delegate, scope of acts, period.
CREATE TABLE entrustments (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  principal_id VARCHAR(64) NOT NULL,
  start_date DATE NOT NULL,
  end_date DATE NOT NULL,
  ended TINYINT NOT NULL,
  data LONGBLOB NOT NULL,
  version BIGINT NOT NULL,
  KEY entrustments_principal (principal_id, start_date),
  KEY entrustments_dates (start_date, end_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

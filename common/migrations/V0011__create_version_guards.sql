-- Versions of views a service decides on (personnel-svc's organisation): a decision made on
-- version v applies only while the guard is still at v, and moves it on.
CREATE TABLE version_guards (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  version BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

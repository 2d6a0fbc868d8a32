-- ORG-07: one executive-deputy post at a time, held by the database even when two offices
-- create one at the same moment (1 for the executive post, NULL for every other).
ALTER TABLE posts ADD COLUMN executive_key TINYINT NULL, ADD UNIQUE KEY posts_one_executive (executive_key);

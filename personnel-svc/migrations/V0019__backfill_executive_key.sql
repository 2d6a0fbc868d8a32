-- Posts created before V0018 keep their executive mark in the new unique column.
UPDATE posts SET executive_key = 1 WHERE executive = 1;

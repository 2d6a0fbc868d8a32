CREATE INDEX last_extended ON tasks (last_extended, id);

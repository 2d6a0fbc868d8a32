-- The circular reads the tasks due in its period.
CREATE INDEX deadline ON tasks (deadline, id);

-- The day a task's deadline was last extended (SUP-15): the circular of that period flags it.
ALTER TABLE tasks ADD COLUMN last_extended DATE NULL;

-- A decision's publication state (MTG-29) as a column, so a new calendar finds the pending ones.
-- Rows written before keep NULL until their next write; the calendar listener reads those too.
ALTER TABLE decisions ADD COLUMN publication_state INT NULL, ADD INDEX publication_state (publication_state);

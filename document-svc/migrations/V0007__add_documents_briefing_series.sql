-- A briefing's series beside the record (DOC-22(b)), so a department's series are read from an
-- index instead of by decoding every document of the department. '' for other kinds; NULL for a
-- row written before this column, whose record is read instead.
ALTER TABLE documents
  ADD COLUMN briefing_series VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  ADD KEY documents_briefing (unit_id, briefing_series)

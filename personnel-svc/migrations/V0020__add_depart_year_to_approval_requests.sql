-- A trip's departure year beside the record (DIS-16 counts a unit's delegations of the year), so
-- the count reads that year's trips instead of decoding every trip ever requested. 0 for other
-- kinds; NULL for a row written before this column, whose record is read instead.
ALTER TABLE approval_requests
  ADD COLUMN depart_year INT NULL,
  ADD KEY approval_travel_year (kind, depart_year)

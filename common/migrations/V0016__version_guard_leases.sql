-- Until when answers read at a guard's current version may be relied on (common/guard_lease.h):
-- a change to the guard waits for it. Unix microseconds; 0: no lease given.
ALTER TABLE version_guards ADD COLUMN lease_until_us BIGINT NOT NULL DEFAULT 0;

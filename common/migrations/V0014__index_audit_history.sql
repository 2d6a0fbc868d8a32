-- The history API reads the trail by resource, by actor and by rule, oldest first.
CREATE INDEX audit_by_resource ON audit_entries (resource, id);
CREATE INDEX audit_by_actor ON audit_entries (actor, id);
CREATE INDEX audit_by_on_behalf ON audit_entries (on_behalf_of, id);
CREATE INDEX audit_by_rule ON audit_entries (rule_id, id);

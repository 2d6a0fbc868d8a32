-- The history API reads the trail by resource, by actor and by rule, oldest first.
ALTER TABLE audit_entries
  ADD INDEX audit_by_resource (resource, id),
  ADD INDEX audit_by_actor (actor, id),
  ADD INDEX audit_by_on_behalf (on_behalf_of, id),
  ADD INDEX audit_by_rule (rule_id, id);

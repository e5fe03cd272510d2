-- Compliance rules name what they count and whom they judge, both editable
-- by admins (issue 8; domain/compliance):
--   type_ids           the event types counted (event_types.id, comma-separated):
--                      by id, so that types admins add (which have no code)
--                      can be counted too; replaces type_codes.
--   org_kinds          an org rule: the kinds of organization it judges
--                      (orgs.kind codes, comma-separated); '' for a person rule.
--   person_categories  a person rule: the categories of people it judges
--                      (people.category codes, comma-separated); '' for an
--                      org rule; replaces person_category (NULL there meant
--                      every category).
-- The seeded rules each counted one type by code and judged branches.
ALTER TABLE compliance_rules ADD COLUMN type_ids TEXT NOT NULL DEFAULT '';
ALTER TABLE compliance_rules ADD COLUMN org_kinds TEXT NOT NULL DEFAULT '';
ALTER TABLE compliance_rules ADD COLUMN person_categories TEXT NOT NULL DEFAULT '';
UPDATE compliance_rules SET type_ids = COALESCE(
  (SELECT CAST(t.id AS TEXT) FROM event_types t WHERE t.code = compliance_rules.type_codes), '');
UPDATE compliance_rules SET org_kinds = 'branch' WHERE subject = 'org';
UPDATE compliance_rules
  SET person_categories = COALESCE(person_category,
    'member,probationary,retired_member,activist,staff,family,resident')
  WHERE subject = 'person';
ALTER TABLE compliance_rules DROP COLUMN type_codes;
ALTER TABLE compliance_rules DROP COLUMN person_category;

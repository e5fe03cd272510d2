-- Names that identify a record (ASVS 5.1, issue 6): an org's name is unique
-- among its non-archived siblings (the roots are siblings of each other), a
-- community's name within its street (街道/镇) among the non-archived ones.
-- The services check first and answer in Chinese; these indexes keep two
-- concurrent writers from both passing the check. Archived rows hold no name.
--
-- Databases from before this rule may hold such duplicates: every one but
-- the oldest gets its id appended ("机关第一支部（17）"), so that the indexes
-- can be built; an administrator renames them afterwards.
UPDATE orgs SET name = name || '（' || CAST(id AS TEXT) || '）'
WHERE archived = 0 AND EXISTS (
  SELECT 1 FROM orgs o WHERE o.archived = 0 AND o.name = orgs.name
    AND COALESCE(o.parent_id, 0) = COALESCE(orgs.parent_id, 0) AND o.id < orgs.id);
CREATE UNIQUE INDEX orgs_sibling_name ON orgs(COALESCE(parent_id, 0), name)
  WHERE archived = 0;

UPDATE communities SET name = name || '（' || CAST(id AS TEXT) || '）'
WHERE archived = 0 AND EXISTS (
  SELECT 1 FROM communities c WHERE c.archived = 0 AND c.name = communities.name
    AND c.street = communities.street AND c.id < communities.id);
CREATE UNIQUE INDEX communities_name_street ON communities(name, street)
  WHERE archived = 0;

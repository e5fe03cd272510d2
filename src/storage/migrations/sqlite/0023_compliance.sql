-- Compliance rules (三会一课 and volunteer service, issue 8; domain/compliance):
-- a rule counts events of the given types per period (month / quarter /
-- year) against a minimum, for an organization (subject org: the branch's
-- published events of those types starting in the period) or a person
-- (subject person: events of those types the person signed in to or made
-- up; person_category limits whom it judges; own_community: only events
-- held in the person's registered community, 报到社区). type_codes: event
-- type codes (event_types.code), comma-separated. Seeded with the
-- 支部工作条例 norms and the speech's volunteer rule; admins edit minimum,
-- period and archived.
CREATE TABLE compliance_rules (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  subject TEXT NOT NULL,
  type_codes TEXT NOT NULL,
  period TEXT NOT NULL,
  minimum INTEGER NOT NULL,
  person_category TEXT,
  own_community INTEGER NOT NULL DEFAULT 0,
  archived INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO compliance_rules (code, name, subject, type_codes, period, minimum, person_category, own_community, created_at, updated_at) VALUES
  ('member_congress_quarterly', '支部党员大会每季度至少1次', 'org', 'member_congress', 'quarter', 1, NULL, 0, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('committee_monthly', '支委会每月至少1次', 'org', 'committee_meeting', 'month', 1, NULL, 0, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('group_meeting_monthly', '党小组会每月至少1次', 'org', 'group_meeting', 'month', 1, NULL, 0, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('party_lecture_quarterly', '党课每季度至少1次', 'org', 'party_lecture', 'quarter', 1, NULL, 0, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('volunteer_quarterly', '在职党员每季度到报到社区志愿服务至少1次', 'person', 'volunteer_service', 'quarter', 1, 'member', 1, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z');

-- Events by place: a community's page lists the events held there.
CREATE INDEX events_community ON events(community_id, starts_at);

-- Coverage (全面覆盖、有效覆盖) of a campaign: a person is reached effectively
-- with at least min_events events attended (signed in or made up), or
-- min_study_hours of study (the study module's hours; NULL: not used, and
-- not applied until that module provides them). No row: min_events 3.
CREATE TABLE coverage_rules (
  campaign_id INTEGER PRIMARY KEY REFERENCES campaigns(id),
  min_events INTEGER NOT NULL,
  min_study_hours INTEGER,
  updated_at TEXT NOT NULL
);

-- Missed-compliance notices sent to a branch's secretaries, one per (branch,
-- period): the job writes its row before notifying, so a repeated or
-- concurrent run sends nothing twice.
CREATE TABLE compliance_notices (
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  period TEXT NOT NULL,
  sent_at TEXT NOT NULL,
  PRIMARY KEY (org_id, period)
);

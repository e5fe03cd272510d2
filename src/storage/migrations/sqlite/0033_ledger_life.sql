-- The ledger's kinds 3-5 (issue 9; domain/ledger/org_life, enterprise,
-- self_check): 专题组织生活会 with its records, enterprise service visits,
-- self-checks. Their problems become ledger_items (kinds rectification,
-- enterprise_issue, self_check; migration 0030). Dates YYYY-MM-DD, times
-- ISO 8601 UTC text.

-- One organization-life meeting: an event of type life_meeting, keyed by
-- it. talks_done: 谈心谈话 pairs held before the meeting; opinions_collected:
-- 征求意见 gathered. reviewed_*: the superior organization's inspector
-- marked the meeting reviewed (a writer of the organizer's parent org).
CREATE TABLE life_meetings (
  event_id INTEGER PRIMARY KEY REFERENCES events(id),
  talks_done INTEGER NOT NULL DEFAULT 0,
  opinions_collected INTEGER NOT NULL DEFAULT 0,
  preparation_note TEXT NOT NULL DEFAULT '',
  reviewed_at TEXT,
  reviewed_by INTEGER REFERENCES accounts(id),
  review_note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Each attendee's part: the speech outline (发言提纲, text and/or a file of
-- record type life_meeting), the written commitment (整改承诺), and
-- whether a leading cadre attends as an ordinary member (以普通党员身份参加).
-- The meeting's members are the event's invitees (event_attendance).
CREATE TABLE life_meeting_members (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  as_ordinary_member INTEGER NOT NULL DEFAULT 0,
  speech_outline TEXT NOT NULL DEFAULT '',
  speech_attachment_id INTEGER REFERENCES attachments(id),
  commitment TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL,
  UNIQUE (event_id, person_id)
);

-- 批评与自我批评: from whom, to whom (the same person: self-criticism), what.
CREATE TABLE life_meeting_criticisms (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  from_person_id INTEGER NOT NULL REFERENCES people(id),
  to_person_id INTEGER NOT NULL REFERENCES people(id),
  text TEXT NOT NULL,
  created_by INTEGER REFERENCES accounts(id),
  created_at TEXT NOT NULL
);
CREATE INDEX life_meeting_criticisms_event ON life_meeting_criticisms(event_id, id);

-- 查摆问题: a problem found for one person, with its category
-- (ledger::kProblemCategoryCodes); each becomes one or more rectification
-- items (life_problem_items).
CREATE TABLE life_meeting_problems (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  category TEXT NOT NULL,
  text TEXT NOT NULL,
  created_by INTEGER REFERENCES accounts(id),
  created_at TEXT NOT NULL
);
CREATE INDEX life_meeting_problems_event ON life_meeting_problems(event_id, id);
CREATE TABLE life_problem_items (
  problem_id INTEGER NOT NULL REFERENCES life_meeting_problems(id),
  item_id INTEGER NOT NULL REFERENCES ledger_items(id),
  PRIMARY KEY (problem_id, item_id)
);
CREATE INDEX life_problem_items_item ON life_problem_items(item_id);

-- An enterprise service visit (千人进企业服务提质效): an event of type
-- enterprise_visit, keyed by it. credit_code: 统一社会信用代码 (18
-- characters, check digit per GB 32100-2015). Problems raised there are
-- ledger_items of kind enterprise_issue with source_type 'event' and
-- source_id the event, routed to the org that handles them.
CREATE TABLE enterprise_visits (
  event_id INTEGER PRIMARY KEY REFERENCES events(id),
  enterprise_name TEXT NOT NULL,
  credit_code TEXT NOT NULL,
  visitor_person_id INTEGER NOT NULL REFERENCES people(id),
  visit_date TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX enterprise_visits_date ON enterprise_visits(visit_date, event_id);
CREATE INDEX enterprise_visits_code ON enterprise_visits(credit_code);

-- A self-check (专项监督检查自查) of one org with its checklist points.
-- org_path: the org's path, kept by the trigger below when orgs move.
CREATE TABLE self_checks (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER REFERENCES campaigns(id),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  title TEXT NOT NULL,
  check_date TEXT NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER REFERENCES accounts(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX self_checks_list ON self_checks(check_date, id, org_path, archived);
CREATE INDEX self_checks_path ON self_checks(org_path, id);
CREATE TRIGGER orgs_path_to_self_checks AFTER UPDATE OF path ON orgs
BEGIN
  UPDATE self_checks SET org_path = NEW.path WHERE org_id = NEW.id;
END;

-- A checklist point: result NULL (not yet checked), met or unmet, with a
-- note; an unmet point's ledger item (kind self_check, source_type 'check',
-- source_id the check) once made.
CREATE TABLE self_check_points (
  id INTEGER PRIMARY KEY,
  check_id INTEGER NOT NULL REFERENCES self_checks(id),
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  result TEXT,
  note TEXT NOT NULL DEFAULT '',
  item_id INTEGER REFERENCES ledger_items(id),
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL,
  UNIQUE (check_id, position)
);

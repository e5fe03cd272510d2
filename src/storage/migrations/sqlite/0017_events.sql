-- Events (活动, issue 8; domain/events): the one primitive of every
-- gathering of the campaign (study sessions, lectures, themed party days,
-- red films, visits, 三会一课, volunteer services, ...) with its attendance.
-- Times are ISO 8601 UTC text ("2021-03-25T01:30:00Z"), dates YYYY-MM-DD.

-- Event types are shared reference data (like communities): seeded below
-- with the types of issue 8, read by everyone signed in, kept by org admins.
-- category: events::kCategoryCodes (study 学习, publicity 宣传, org_life
-- 组织生活, practice 实践, volunteer 志愿服务). code: a stable name of a
-- seeded type (compliance rules and the demo find them by it); NULL for
-- types added later.
CREATE TABLE event_types (
  id INTEGER PRIMARY KEY,
  code TEXT UNIQUE,
  name TEXT NOT NULL UNIQUE,
  category TEXT NOT NULL,
  sort_order INTEGER NOT NULL DEFAULT 0,
  archived INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO event_types (code, name, category, sort_order, created_at, updated_at) VALUES
  ('theory_group', '理论学习中心组学习', 'study', 10, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('topic_study', '专题学习会', 'study', 20, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('reading_class', '读书班', 'study', 30, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('party_lecture', '党课', 'study', 40, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('lecture', '专题讲座', 'study', 50, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('video_lecture', '视频讲座', 'study', 60, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('group_viewing', '集中收看', 'study', 70, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('report', '宣讲报告', 'publicity', 80, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('red_film', '红色电影', 'publicity', 90, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('visit', '参观瞻仰', 'publicity', 100, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('song_contest', '歌咏比赛', 'publicity', 110, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('performance', '文艺汇演', 'publicity', 120, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('medal', '纪念章颁发', 'publicity', 130, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('member_congress', '支部党员大会', 'org_life', 140, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('committee_meeting', '支委会', 'org_life', 150, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('group_meeting', '党小组会', 'org_life', 160, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('party_day', '主题党日', 'org_life', 170, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('life_meeting', '专题组织生活会', 'org_life', 180, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('forum', '恳谈会', 'practice', 190, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('enterprise_visit', '企业走访', 'practice', 200, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('survey', '调研', 'practice', 210, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
  ('volunteer_service', '志愿服务', 'volunteer', 220, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z');

-- Red-resource sites (红色资源: 纪念馆, 故居, 烈士纪念广场): shared reference
-- data kept by org admins, offered as an event's place.
CREATE TABLE red_sites (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  address TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  archived INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- A recurring series (weekly 党小组会): the rule its occurrences were made
-- with; each occurrence is an events row with series_id.
CREATE TABLE event_series (
  id INTEGER PRIMARY KEY,
  rule TEXT NOT NULL,            -- weekly / monthly
  repeat_until TEXT NOT NULL,    -- YYYY-MM-DD, last day an occurrence may start
  occurrences INTEGER NOT NULL,  -- how many were made
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  created_at TEXT NOT NULL
);

-- One event. org_id organizes it (its writers are that org's writers);
-- org_path is that org's path, kept by the trigger below when orgs move.
-- document_id / document_activity_id: the document (文件, 5号文) and its
-- planned activity the event carries out (documents come in migration 0018,
-- hence no FK). status: draft / published (invitations sent) / cancelled.
-- The sign-in window defaults to [starts_at - 30 min, ends_at].
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  type_id INTEGER NOT NULL REFERENCES event_types(id),
  category TEXT NOT NULL,        -- the type's category when written (filters)
  campaign_id INTEGER REFERENCES campaigns(id),
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  site_id INTEGER REFERENCES red_sites(id),
  community_id INTEGER REFERENCES communities(id),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  document_id INTEGER,
  document_activity_id INTEGER,
  summary TEXT NOT NULL DEFAULT '',
  outside_count INTEGER NOT NULL DEFAULT 0,
  signin_opens_at TEXT NOT NULL,
  signin_closes_at TEXT NOT NULL,
  series_id INTEGER REFERENCES event_series(id),
  status TEXT NOT NULL DEFAULT 'draft',
  archived INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER REFERENCES accounts(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- The list's sorts (starts_at both ways, id as tie-breaker) with scope.
CREATE INDEX events_list_start ON events(starts_at, id, org_path, archived);
CREATE INDEX events_campaign ON events(campaign_id, starts_at);
CREATE INDEX events_type ON events(type_id, starts_at);
CREATE INDEX events_series ON events(series_id, starts_at);
CREATE INDEX events_document ON events(document_id);

-- Every org holding an event: the organizer (role 'organizer') and each
-- co-organizer ('co'), with its path, so that an event is read by whoever
-- may read any of them (scope on this table's index).
CREATE TABLE event_orgs (
  event_id INTEGER NOT NULL REFERENCES events(id),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (event_id, org_id)
);
CREATE INDEX event_orgs_path ON event_orgs(org_path, event_id);
CREATE TRIGGER orgs_path_to_events AFTER UPDATE OF path ON orgs
BEGIN
  UPDATE events SET org_path = NEW.path WHERE org_id = NEW.id;
  UPDATE event_orgs SET org_path = NEW.path WHERE org_id = NEW.id;
END;

-- Speakers in order: a person of the system, or an outside name and title
-- (a party-school professor, a provincial bureau head).
CREATE TABLE event_speakers (
  event_id INTEGER NOT NULL REFERENCES events(id),
  position INTEGER NOT NULL,
  person_id INTEGER REFERENCES people(id),
  name TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (event_id, position)
);

-- Whom the event is for: target orgs (each with its subtree) and person
-- categories (people::kCategoryCodes); the invited list is made from them.
CREATE TABLE event_target_orgs (
  event_id INTEGER NOT NULL REFERENCES events(id),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  PRIMARY KEY (event_id, org_id)
);
CREATE TABLE event_target_categories (
  event_id INTEGER NOT NULL REFERENCES events(id),
  category TEXT NOT NULL,
  PRIMARY KEY (event_id, category)
);

-- Study materials the event uses (the study module's ids; no FK).
CREATE TABLE event_materials (
  event_id INTEGER NOT NULL REFERENCES events(id),
  material_id INTEGER NOT NULL,
  chapter_id INTEGER,
  position INTEGER NOT NULL,
  PRIMARY KEY (event_id, position)
);

-- Attendance: one row per invitee (never two for one person). status:
-- invited (not yet signed), signed, leave (approved 请假), absent, makeup
-- (补学). leave_state: none / pending / approved / rejected.
-- signed_by_hand: a secretary signed the person in (signed_by: the account).
-- service_minutes: volunteer hours confirmed by the organizer (志愿服务).
CREATE TABLE event_attendance (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  org_path TEXT NOT NULL,         -- the person's org path when invited
  status TEXT NOT NULL DEFAULT 'invited',
  from_targets INTEGER NOT NULL DEFAULT 1,
  signed_at TEXT,
  signed_by_hand INTEGER NOT NULL DEFAULT 0,
  signed_by INTEGER REFERENCES accounts(id),
  leave_state TEXT NOT NULL DEFAULT 'none',
  leave_reason TEXT NOT NULL DEFAULT '',
  leave_requested_at TEXT,
  leave_decided_by INTEGER REFERENCES accounts(id),
  leave_decided_at TEXT,
  leave_note TEXT NOT NULL DEFAULT '',
  makeup_date TEXT,
  makeup_method TEXT NOT NULL DEFAULT '',
  makeup_recorded_by INTEGER REFERENCES accounts(id),
  service_minutes INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (event_id, person_id)
);
CREATE INDEX event_attendance_person ON event_attendance(person_id, event_id);
CREATE INDEX event_attendance_path ON event_attendance(org_path, event_id);

-- Day-before reminders sent, one per (event, person): the reminder job
-- writes its row before notifying, so a repeated run sends nothing twice.
CREATE TABLE event_reminders (
  event_id INTEGER NOT NULL REFERENCES events(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  starts_at TEXT NOT NULL,
  sent_at TEXT NOT NULL,
  PRIMARY KEY (event_id, person_id, starts_at)
);

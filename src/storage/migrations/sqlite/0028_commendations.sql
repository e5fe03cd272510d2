-- Commendations (学习标兵, src/domain/assessments/commendation.hpp): a list
-- of people of an org commended in a campaign, proposed by a rule over the
-- campaign's records and reviewed and published by the org's admins.
--
-- The rule: exam_ids (exams of the campaign, ids joined by ','): a person's
-- exam points are the sum of their best submitted score of each (hundredths);
-- study minutes: their self-study log within the campaign's dates; xuexi
-- points: their 学习强国 points of the campaign's months. min_*: thresholds
-- (NULL: none); *_weight: the total is exam_weight × exam points +
-- study_weight × study hours + xuexi_weight × 学习强国 points (hundredths);
-- top_n: those ranked within the first top_n by total, ties at the cut all
-- kept (0: everyone meeting the thresholds). status: draft | published.
CREATE TABLE commendations (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  title TEXT NOT NULL,
  exam_ids TEXT NOT NULL DEFAULT '',
  min_exam_points INTEGER,
  min_study_minutes INTEGER,
  min_xuexi_points INTEGER,
  exam_weight INTEGER NOT NULL DEFAULT 0,
  study_weight INTEGER NOT NULL DEFAULT 0,
  xuexi_weight INTEGER NOT NULL DEFAULT 0,
  top_n INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'draft',
  published_at TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX commendations_campaign ON commendations(campaign_id, id);

-- The names on a list with the figures behind each (as computed when the
-- rule last proposed, or when an admin added the person). source: rule |
-- added (by an admin). removed: taken off by an admin (kept, with the
-- reason, so that a new proposal does not bring them back silently).
CREATE TABLE commendation_entries (
  commendation_id INTEGER NOT NULL REFERENCES commendations(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  rank INTEGER NOT NULL,
  exam_points INTEGER NOT NULL,
  study_minutes INTEGER NOT NULL,
  xuexi_points INTEGER NOT NULL,
  total INTEGER NOT NULL,
  source TEXT NOT NULL,
  removed INTEGER NOT NULL DEFAULT 0,
  reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (commendation_id, person_id)
);

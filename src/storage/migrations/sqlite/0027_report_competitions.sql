-- Research-report competitions (统计调研分析竞赛, src/domain/assessments/reports):
-- a call with its rubric and awards plan, the submissions with their authors
-- and file, reviewers assigned per submission, and each reviewer's scores.
--
-- Scores, maxima and weights are INTEGER hundredths (250 = 2.5). A review's
-- scores are one text of the criteria's scores in criterion order, joined by
-- ",". Times are UTC ISO-8601 text (FormatTime). stage: collecting (征集) →
-- reviewing (评审) → published (公布).
CREATE TABLE report_calls (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  campaign_id INTEGER REFERENCES campaigns(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  deadline_at TEXT NOT NULL,
  stage TEXT NOT NULL DEFAULT 'collecting',
  award_first INTEGER NOT NULL DEFAULT 0,
  award_second INTEGER NOT NULL DEFAULT 0,
  award_third INTEGER NOT NULL DEFAULT 0,
  award_excellence INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX report_calls_org_path ON report_calls(org_path, id);

-- The orgs whose people may submit (subtrees); none: the call org's subtree.
CREATE TABLE report_call_orgs (
  call_id INTEGER NOT NULL REFERENCES report_calls(id),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  PRIMARY KEY (call_id, org_id)
);

CREATE TABLE report_criteria (
  call_id INTEGER NOT NULL REFERENCES report_calls(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  max_score INTEGER NOT NULL,
  weight INTEGER NOT NULL,
  PRIMARY KEY (call_id, position)
);

-- award: first | second | third | excellence, or NULL.
CREATE TABLE report_submissions (
  id INTEGER PRIMARY KEY,
  call_id INTEGER NOT NULL REFERENCES report_calls(id),
  submitter_account_id INTEGER NOT NULL REFERENCES accounts(id),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  title TEXT NOT NULL,
  abstract TEXT NOT NULL DEFAULT '',
  attachment_id INTEGER,
  file_name TEXT,
  file_size INTEGER,
  media_type TEXT,
  award TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX report_submissions_call ON report_submissions(call_id, id);
CREATE INDEX report_submissions_submitter ON report_submissions(submitter_account_id, call_id);

-- Authors in order: a person of the system (person_id) or an outside name.
CREATE TABLE report_authors (
  submission_id INTEGER NOT NULL REFERENCES report_submissions(id),
  position INTEGER NOT NULL,
  person_id INTEGER REFERENCES people(id),
  name TEXT NOT NULL,
  PRIMARY KEY (submission_id, position)
);

CREATE TABLE report_assignments (
  submission_id INTEGER NOT NULL REFERENCES report_submissions(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  call_id INTEGER NOT NULL REFERENCES report_calls(id),
  PRIMARY KEY (submission_id, account_id)
);
CREATE INDEX report_assignments_reviewer ON report_assignments(call_id, account_id, submission_id);

-- total: the weighted total, sum of score × weight / 100 (hundredths).
CREATE TABLE report_reviews (
  submission_id INTEGER NOT NULL REFERENCES report_submissions(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  scores TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  total INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (submission_id, account_id)
);

-- Assessments (测评, src/domain/assessments): the question bank (categories,
-- tags, questions with versions), papers (fixed items or drawing rules),
-- exams, attempts, the questions each attempt drew and the answers saved.
--
-- Points and scores are INTEGER hundredths of a point (250 = 2.5 points).
-- Lists of texts (a version's options, a taker's answer) are stored as one
-- text with the items joined by U+001F (unit separator); a fill-in question's
-- accepted answers as its blanks joined by U+001E (record separator), each
-- blank's alternatives by U+001F. Every input text is refused when it holds
-- control characters, so the separators never occur inside an item.
-- Times are UTC ISO-8601 text (FormatTime), compared as text.

-- The category tree (党史 → 新民主主义革命时期) of an org's bank. path: the ids
-- from the root category down to this one, "/3/7/".
CREATE TABLE question_categories (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  parent_id INTEGER REFERENCES question_categories(id),
  name TEXT NOT NULL,
  path TEXT NOT NULL DEFAULT '',
  archived INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX question_categories_name
  ON question_categories(org_id, COALESCE(parent_id, 0), name);
CREATE INDEX question_categories_path ON question_categories(path);

-- A question: what stays across its versions (owner, category, type) and what
-- drawing by rules filters on (the current version's difficulty).
-- type: single | multiple | true_false | fill_blank | short_answer.
CREATE TABLE questions (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  category_id INTEGER NOT NULL REFERENCES question_categories(id),
  type TEXT NOT NULL,
  difficulty INTEGER NOT NULL,
  current_version_id INTEGER,
  archived INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX questions_draw ON questions(category_id, type, difficulty, archived, id);
CREATE INDEX questions_org ON questions(org_path, id);

-- Every version of a question's content; never changed once written (an
-- edit adds the next number). options: single/multiple choice texts in
-- order (true_false: none). answer_key: choice: the correct option indexes
-- (0-based) joined by U+001F; true_false: "true" or "false"; fill_blank: the
-- blanks (U+001E) of accepted alternatives (U+001F); short_answer: a
-- reference answer for graders. case_sensitive / ordered: fill_blank
-- matching (ordered = 0: the blanks may be answered in any order).
-- image_ids: attachment ids (record type question) joined by ','.
CREATE TABLE question_versions (
  id INTEGER PRIMARY KEY,
  question_id INTEGER NOT NULL REFERENCES questions(id),
  number INTEGER NOT NULL,
  type TEXT NOT NULL,
  stem TEXT NOT NULL,
  options TEXT NOT NULL DEFAULT '',
  answer_key TEXT NOT NULL DEFAULT '',
  case_sensitive INTEGER NOT NULL DEFAULT 0,
  ordered INTEGER NOT NULL DEFAULT 1,
  difficulty INTEGER NOT NULL,
  explanation TEXT NOT NULL DEFAULT '',
  image_ids TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES accounts(id),
  created_at TEXT NOT NULL,
  UNIQUE (question_id, number)
);

CREATE TABLE question_tags (
  question_id INTEGER NOT NULL REFERENCES questions(id),
  tag TEXT NOT NULL,
  PRIMARY KEY (question_id, tag)
);
CREATE INDEX question_tags_tag ON question_tags(tag, question_id);

-- A paper: kind fixed (paper_items, each keeping the version chosen) or
-- rules (paper_rules, drawn for each attempt). total_points: the sum.
CREATE TABLE papers (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  title TEXT NOT NULL,
  kind TEXT NOT NULL,
  total_points INTEGER NOT NULL DEFAULT 0,
  archived INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX papers_org ON papers(org_path, id);
CREATE TABLE paper_items (
  paper_id INTEGER NOT NULL REFERENCES papers(id),
  position INTEGER NOT NULL,
  question_id INTEGER NOT NULL REFERENCES questions(id),
  question_version_id INTEGER NOT NULL REFERENCES question_versions(id),
  points INTEGER NOT NULL,
  PRIMARY KEY (paper_id, position),
  UNIQUE (paper_id, question_id)
);
-- category × type × difficulty (NULL: any) × count × points each; the
-- category includes its subcategories.
CREATE TABLE paper_rules (
  paper_id INTEGER NOT NULL REFERENCES papers(id),
  position INTEGER NOT NULL,
  category_id INTEGER NOT NULL REFERENCES question_categories(id),
  type TEXT NOT NULL,
  difficulty INTEGER,
  count INTEGER NOT NULL,
  points INTEGER NOT NULL,
  PRIMARY KEY (paper_id, position)
);

-- An exam. mode: closed_book (one attempt, shuffled, results hidden until
-- closes_at) | practice (repeatable, immediate feedback). time_limit_seconds
-- 0: until closes_at. leave_limit: leave-page events after which the attempt
-- is submitted (0: never). partial_credit: none | proportional (multiple
-- choice: a share per correct option chosen, nothing when a wrong one is).
-- published: open to takers; results_published: scores released by the
-- organizer (short answers graded). pass_points: hundredths.
CREATE TABLE exams (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  campaign_id INTEGER REFERENCES campaigns(id),
  title TEXT NOT NULL,
  paper_id INTEGER NOT NULL REFERENCES papers(id),
  mode TEXT NOT NULL,
  opens_at TEXT NOT NULL,
  closes_at TEXT NOT NULL,
  time_limit_seconds INTEGER NOT NULL DEFAULT 0,
  attempts_allowed INTEGER NOT NULL DEFAULT 1,
  shuffle INTEGER NOT NULL DEFAULT 1,
  leave_limit INTEGER NOT NULL DEFAULT 0,
  grace_seconds INTEGER NOT NULL DEFAULT 0,
  partial_credit TEXT NOT NULL DEFAULT 'none',
  pass_points INTEGER NOT NULL DEFAULT 0,
  published INTEGER NOT NULL DEFAULT 0,
  results_published INTEGER NOT NULL DEFAULT 0,
  archived INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX exams_org ON exams(org_path, id);
-- Who may take it: people in one of the orgs' subtrees (none listed: the
-- exam org's subtree) whose category is listed (none listed: any), and the
-- people named, whatever their org or category.
CREATE TABLE exam_orgs (
  exam_id INTEGER NOT NULL REFERENCES exams(id),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  PRIMARY KEY (exam_id, org_id)
);
CREATE TABLE exam_categories (
  exam_id INTEGER NOT NULL REFERENCES exams(id),
  category TEXT NOT NULL,
  PRIMARY KEY (exam_id, category)
);
CREATE TABLE exam_people (
  exam_id INTEGER NOT NULL REFERENCES exams(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  PRIMARY KEY (exam_id, person_id)
);

-- One taker's attempt. deadline_at is fixed when it starts:
-- min(started_at + time limit, closes_at). status: open | submitted.
-- submitted_by: taker | leave_limit | deadline (the scheduler).
-- score: the total so far (objective parts at submit, short answers as
-- graded); pending: short answers still ungraded. seed: the shuffle's.
CREATE TABLE attempts (
  id INTEGER PRIMARY KEY,
  exam_id INTEGER NOT NULL REFERENCES exams(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  number INTEGER NOT NULL,
  org_path TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  deadline_at TEXT NOT NULL,
  submitted_at TEXT,
  submitted_by TEXT,
  score INTEGER,
  max_score INTEGER NOT NULL DEFAULT 0,
  pending INTEGER NOT NULL DEFAULT 0,
  leave_count INTEGER NOT NULL DEFAULT 0,
  seed INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (exam_id, person_id, number)
);
CREATE INDEX attempts_open ON attempts(status, deadline_at);
CREATE INDEX attempts_exam_score ON attempts(exam_id, score, id);
CREATE INDEX attempts_person ON attempts(person_id, exam_id);

-- The questions of one attempt, in the taker's order, each with the version
-- it uses, its points and the order its options are shown in (original
-- indexes joined by ',').
CREATE TABLE attempt_questions (
  attempt_id INTEGER NOT NULL REFERENCES attempts(id),
  position INTEGER NOT NULL,
  question_id INTEGER NOT NULL REFERENCES questions(id),
  question_version_id INTEGER NOT NULL REFERENCES question_versions(id),
  points INTEGER NOT NULL,
  option_order TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (attempt_id, position),
  UNIQUE (attempt_id, question_id)
);

-- The answer saved for one question of an attempt: value (items joined by
-- U+001F: option indexes, "true"/"false", blank texts, the short answer),
-- seq: the client's sequence number of the save that wrote it (a save with
-- a lower or equal one changes nothing). score: NULL until graded; graded_by
-- NULL when graded on submit.
CREATE TABLE attempt_answers (
  attempt_id INTEGER NOT NULL REFERENCES attempts(id),
  question_id INTEGER NOT NULL REFERENCES questions(id),
  value TEXT NOT NULL,
  seq INTEGER NOT NULL,
  saved_at TEXT NOT NULL,
  score INTEGER,
  graded_by INTEGER REFERENCES accounts(id),
  graded_at TEXT,
  comment TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (attempt_id, question_id)
);
CREATE INDEX attempt_answers_ungraded ON attempt_answers(question_id, attempt_id)
  WHERE score IS NULL;

-- Exam results (issue 10, domain/assessments/results.hpp, item_analysis.hpp,
-- grading_assignments.hpp): graders assigned to an exam and their claims on
-- answers (blind grading), idempotent leave-page events, and the stored item
-- analysis.

-- The accounts an organizer assigned to grade an exam's short answers. A
-- grader who does not otherwise write the exam's org grades blind: no name
-- or organization of a taker in anything they read.
CREATE TABLE exam_graders (
  exam_id INTEGER NOT NULL REFERENCES exams(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  created_at TEXT NOT NULL,
  PRIMARY KEY (exam_id, account_id)
);
CREATE INDEX exam_graders_account ON exam_graders(account_id, exam_id);

-- A grader's claim on an answer: claimed_by until claimed_until (UTC text);
-- no other grader grades it meanwhile. grade_version counts grades of the
-- answer (a grade naming an older version is a conflict).
ALTER TABLE attempt_answers ADD COLUMN claimed_by INTEGER REFERENCES accounts(id);
ALTER TABLE attempt_answers ADD COLUMN claimed_until TEXT;
ALTER TABLE attempt_answers ADD COLUMN grade_version INTEGER NOT NULL DEFAULT 1;

-- Leave-page events of an attempt by the client's event id: a retry of the
-- same event finds its row and is not counted again.
CREATE TABLE attempt_leave_events (
  attempt_id INTEGER NOT NULL REFERENCES attempts(id),
  event_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (attempt_id, event_id)
);

-- Item analysis of an exam, computed by the job assessments.item_analysis
-- from the submitted, fully graded attempts. alpha: Cronbach's alpha (NULL
-- when the attempts do not share one question set or fewer than two takers
-- or items). requested_at / computed_at: UTC text.
CREATE TABLE exam_analyses (
  exam_id INTEGER PRIMARY KEY REFERENCES exams(id),
  requested_at TEXT NOT NULL,
  computed_at TEXT,
  takers INTEGER NOT NULL DEFAULT 0,
  alpha REAL
);
-- Per question: facility (mean score / points, 0..1) and discrimination
-- ((mean of the upper 27 % − mean of the lower 27 % by total) / points,
-- -1..1; NULL below two takers). Scores in hundredths as everywhere.
CREATE TABLE exam_item_stats (
  exam_id INTEGER NOT NULL REFERENCES exams(id),
  question_id INTEGER NOT NULL REFERENCES questions(id),
  position INTEGER NOT NULL,
  points INTEGER NOT NULL,
  answered INTEGER NOT NULL,
  takers INTEGER NOT NULL,
  mean_score REAL NOT NULL,
  facility REAL NOT NULL,
  discrimination REAL,
  PRIMARY KEY (exam_id, question_id)
);

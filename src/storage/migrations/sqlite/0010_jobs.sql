-- Durable background jobs (src/jobs/): every serve process runs a scheduler
-- that claims due jobs, runs the handler registered for their kind and
-- records the outcome. Times are ISO 8601 UTC text, compared as text.
--   state: queued (waits for run_at), running (leased to lease_owner until
--   lease_until; claimable again once the lease has passed), done, failed
--   (waits for its retry at run_at), dead (max_attempts used; only an
--   administrator's retry runs it again).
--   job_key: the idempotency key; enqueueing a taken key makes no job.
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  job_key TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'dead')),
  run_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
  lease_owner TEXT,
  lease_until TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  finished_at TEXT
);
-- The scheduler's claim: due queued/failed jobs by run_at, expired leases.
CREATE INDEX jobs_due ON jobs (state, run_at);

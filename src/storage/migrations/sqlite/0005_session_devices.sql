-- Each signed-in person sees their own active sessions (登录设备, ASVS 3.3.4)
-- and ends any of them: a session gets a public id (ending one must not need
-- its secret) and keeps the client address and user agent it signed in from.
-- SQLite cannot add an integer primary key to a table: copy it over.
CREATE TABLE sessions_new (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  client_ip TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
);
INSERT INTO sessions_new (token_hash, account_id, csrf_token, created_at, expires_at,
                          last_seen_at)
  SELECT token_hash, account_id, csrf_token, created_at, expires_at, last_seen_at
  FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_account ON sessions(account_id);

-- Backbone: organizations, communities, people, accounts, sessions, audit.
CREATE TABLE orgs (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES orgs(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  sort_order INTEGER NOT NULL DEFAULT 0,
  archived INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX orgs_parent ON orgs(parent_id);
CREATE INDEX orgs_path ON orgs(path);

CREATE TABLE communities (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  street TEXT NOT NULL DEFAULT '',
  archived INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  gender TEXT,
  birth_date TEXT,
  party_join_date TEXT,
  category TEXT NOT NULL,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  department_id INTEGER REFERENCES orgs(id),
  post TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  community_id INTEGER REFERENCES communities(id),
  status TEXT NOT NULL DEFAULT 'active',
  archived INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX people_org ON people(org_id, name);
CREATE INDEX people_name ON people(name);
CREATE INDEX people_name_birth ON people(name, birth_date);

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  person_id INTEGER REFERENCES people(id),
  disabled INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE role_grants (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  role TEXT NOT NULL,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  created_at TEXT NOT NULL,
  UNIQUE (account_id, role, org_id)
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  last_used_at TEXT,
  revoked_at TEXT
);

CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  client_ip TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX login_failures_user ON login_failures(username, at);
CREATE INDEX login_failures_ip ON login_failures(client_ip, at);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id INTEGER,
  actor_name TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id INTEGER,
  org_path TEXT,
  before_json TEXT,
  after_json TEXT,
  request_id TEXT NOT NULL DEFAULT '',
  client_ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit_log(at);
CREATE INDEX audit_record ON audit_log(record_type, record_id);
CREATE INDEX audit_actor ON audit_log(actor_id, at);

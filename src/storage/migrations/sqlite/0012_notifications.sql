-- In-app notifications (domain/notifications/notification.hpp): one row per
-- account and message, written by notifications::Notify inside the
-- transaction of the write (or job) that causes it. A link names a record
-- (link_type + link_id) or a web path (link_path), either may be empty.
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  link_type TEXT NOT NULL DEFAULT '',
  link_id INTEGER,
  link_path TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  read_at TEXT
);
CREATE INDEX notifications_account ON notifications(account_id, id);
CREATE INDEX notifications_unread ON notifications(account_id, id) WHERE read_at IS NULL;
-- The unread count of each account, kept by the same transactions that add
-- or read notifications, so that the count every open page polls is one
-- primary-key lookup (no row for an account that was never notified: 0).
CREATE TABLE notification_unread (
  account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
  unread INTEGER NOT NULL
);

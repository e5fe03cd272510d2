-- Accounts whose password was set by an administrator (created or reset in
-- 账号管理) must choose their own at the next sign-in: while the flag is 1 the
-- API refuses everything but the password change, sign-out and the
-- session/me endpoints (403 password_change_required). The owner's password
-- change clears it. Existing accounts (the demo ones included) are not flagged.
ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;

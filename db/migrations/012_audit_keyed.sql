-- How each audit entry's hash was made: `sha256` (unkeyed, every entry before this migration) or
-- `hmac-sha256:<key id>` (HMAC-SHA256 under an audit key kept outside the database, db/audit-repo.ts). The first
-- keyed entry marks the switch; a keyed verification refuses an unkeyed entry after it.
ALTER TABLE audit_log
  ADD COLUMN scheme text NOT NULL DEFAULT 'sha256'
  CONSTRAINT audit_log_scheme CHECK (scheme ~ '^(sha256|hmac-sha256:[0-9a-f]{16})$');

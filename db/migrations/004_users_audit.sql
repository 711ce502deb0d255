-- Users and access: password hashes, labelled API tokens, sessions, login attempts; and the append-only audit log.

-- Passwords are stored as `scrypt$N$r$p$salt$hash` (db/passwords.ts); NULL means the user cannot log in to the web.
ALTER TABLE users ADD COLUMN password_hash text;
ALTER TABLE users ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
-- The legacy single token (upsertUserWithToken) stays valid; users created by an admin may have none of it.
ALTER TABLE users ALTER COLUMN token_sha256 DROP NOT NULL;

-- Further tokens per user (CLI, channels), each with a label; only the SHA-256 is kept, the token is shown once.
CREATE TABLE api_tokens (
  id            text PRIMARY KEY,
  user_id       text NOT NULL REFERENCES users(id),
  token_sha256  text NOT NULL UNIQUE,
  label         text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked       boolean NOT NULL DEFAULT false
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- Only the hash of a session id is stored: someone who reads this table cannot take over a session.
-- expires_at is the effective expiry: min(last seen + idle limit, created + absolute limit).
CREATE TABLE sessions (
  id_sha256     text PRIMARY KEY,
  user_id       text NOT NULL REFERENCES users(id),
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- One row per failed (or in-flight) password check, keyed `user:<name>` and `ip:<address>`, for rate limiting.
CREATE TABLE login_attempts (
  id   bigserial PRIMARY KEY,
  key  text NOT NULL,
  at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_by_key ON login_attempts (key, at);
CREATE INDEX login_attempts_by_time ON login_attempts (at);

-- The audit log is a hash chain: each row's hash covers its content and the previous row's hash (db/audit-repo.ts).
-- seq is assigned as last + 1 under the append lock rather than from a sequence: a sequence value taken by a
-- rolled-back append would leave a gap, and a gap is how verification recognises a deleted row.
CREATE TABLE audit_log (
  seq        bigint PRIMARY KEY CHECK (seq > 0),
  at         timestamptz NOT NULL,
  actor      text NOT NULL,
  action     text NOT NULL,
  subject    text NOT NULL,
  details    jsonb NOT NULL DEFAULT '{}',
  prev_hash  text,
  hash       text NOT NULL
);

-- Append-only. REVOKE cannot bind the table owner (the role klartext connects as), so a trigger refuses changes.
-- The trigger stops mistakes and casual edits only: someone with owner rights can drop it. What detects their
-- tampering is the hash chain, which `klartext audit verify` recomputes; anchoring the head hash it prints
-- somewhere outside this database also exposes a rewrite of the whole chain.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
-- Row triggers do not fire on TRUNCATE.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

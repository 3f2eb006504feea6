-- Foundation: settings, organisation units, accounts, sessions, API tokens, audit log, jobs.
-- Forward-only: never edit an applied migration, add a new file instead.

CREATE TABLE app_settings (
  key text PRIMARY KEY,
  value text NOT NULL
);

-- Organisation tree. `code` is the unit's current agency identifier (QCVN 102:2016); the history of codes,
-- which change with mergers, is in unit_codes.
CREATE TABLE units (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  parent_id bigint REFERENCES units (id),
  kind text NOT NULL CHECK (kind IN ('province', 'peoples_committee', 'provincial_office', 'department',
                                     'service_centre', 'commune', 'ward', 'special_zone', 'division', 'other')),
  code text NOT NULL,
  name text NOT NULL,
  short_name text,
  address text,
  phone text,
  email text,
  valid_from date NOT NULL,
  valid_to date,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT units_code_unique UNIQUE (code),
  CONSTRAINT units_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id),
  CONSTRAINT units_validity CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX units_parent_idx ON units (parent_id);

CREATE TABLE unit_codes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id bigint NOT NULL REFERENCES units (id),
  code text NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  CONSTRAINT unit_codes_validity CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX unit_codes_code_idx ON unit_codes (code);
CREATE INDEX unit_codes_unit_idx ON unit_codes (unit_id);

CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('staff', 'citizen', 'business')),
  full_name text NOT NULL,
  email text,
  phone text,
  id_number text,
  organisation_name text,
  tax_code text,
  password_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT users_username_lower CHECK (username = lower(username))
);
CREATE UNIQUE INDEX users_username_unique ON users (username);

-- A staff member acts for units in roles; the jurisdiction of a membership is its unit and every unit below it.
CREATE TABLE memberships (
  user_id bigint NOT NULL REFERENCES users (id),
  unit_id bigint NOT NULL REFERENCES units (id),
  role text NOT NULL CHECK (role IN ('desk', 'specialist', 'leader', 'monitor', 'admin')),
  title text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, unit_id, role)
);
CREATE INDEX memberships_unit_idx ON memberships (unit_id);

-- Only a hash of the session token is stored, so a database leak does not leak live sessions.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expiry_idx ON sessions (expires_at);

CREATE TABLE api_tokens (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  name text NOT NULL,
  prefix text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- Append-only, hash-chained audit log. audit_head holds the latest link; writers lock it, so the chain has
-- no forks even with many app processes writing at once.
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  actor_user_id bigint,
  actor_label text NOT NULL,
  unit_id bigint,
  ip text,
  request_id text,
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id);
CREATE INDEX audit_log_time_idx ON audit_log (occurred_at);

CREATE TABLE audit_head (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, 'genesis');

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE jobs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'dead')),
  run_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 5,
  last_error text,
  locked_by text,
  locked_at timestamptz,
  dedupe_key text,
  created_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE INDEX jobs_ready_idx ON jobs (run_at, id) WHERE status = 'queued';
CREATE INDEX jobs_running_idx ON jobs (locked_at) WHERE status = 'running';
CREATE UNIQUE INDEX jobs_dedupe_idx ON jobs (dedupe_key) WHERE dedupe_key IS NOT NULL;

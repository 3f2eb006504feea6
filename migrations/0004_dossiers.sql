-- Dossiers: the append-only list of actions of each dossier (the only facts), the dossier's fixed data (pinned
-- procedure, applicant, documents), the projection row inboxes read (rebuildable from the actions), the daily code
-- counters, stored files and delegations of signature. See docs/dossier.md, "Storage and use cases".
-- Forward-only: never edit an applied migration, add a new file instead.

-- Uploaded scans and electronic results. The bytes live outside the web root under the upload directory; only
-- their place (storage_key, relative to that directory), size, type (checked by magic bytes) and SHA-256 are here.
CREATE TABLE stored_files (
  id text PRIMARY KEY,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes bigint NOT NULL CHECK (size_bytes > 0),
  media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  original_name text NOT NULL,
  storage_key text NOT NULL,
  owner_user_id bigint REFERENCES users (id),
  created_at timestamptz NOT NULL,
  CONSTRAINT stored_files_storage_key_unique UNIQUE (storage_key)
);
CREATE INDEX stored_files_owner_idx ON stored_files (owner_user_id, created_at);

CREATE TABLE dossiers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Issued at reception (or kept from the national portal); null for drafts and dossiers not received.
  code text,
  procedure_version_id bigint NOT NULL REFERENCES procedure_versions (id),
  process_version_id bigint REFERENCES process_versions (id),
  channel text NOT NULL CHECK (channel IN ('counter', 'online', 'postal')),
  -- The serialisable part of the PinnedProcedure, fixed at submission or reception; null only for a draft.
  pinned jsonb,
  applicant jsonb NOT NULL,
  applicant_user_id bigint REFERENCES users (id),
  -- The checklist against the pinned version: name, originals, copies, provided, file ids.
  documents jsonb NOT NULL DEFAULT '[]'::jsonb,
  receiving_unit_id bigint REFERENCES units (id),
  competent_unit_id bigint REFERENCES units (id),
  -- Printed in the QR code of form 01: opens the public tracking page without typing a verifier.
  tracking_token text NOT NULL,
  -- Who created the row ('user:<id>' or 'system:<label>'): the scope of idempotency keys.
  creator_key text NOT NULL,
  created_by_user_id bigint REFERENCES users (id),
  idempotency_key text,
  -- The number of actions: an append expects it and bumps it in the same statement (optimistic concurrency).
  version integer NOT NULL DEFAULT 0 CHECK (version >= 0),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT dossiers_code_unique UNIQUE (code),
  CONSTRAINT dossiers_idempotency_unique UNIQUE (creator_key, idempotency_key),
  CONSTRAINT dossiers_pinned_unless_draft CHECK (version = 0 OR pinned IS NOT NULL)
);
CREATE INDEX dossiers_applicant_idx ON dossiers (applicant_user_id, id);

-- The facts. PRIMARY KEY (dossier_id, seq) settles concurrent writers: two appends of the same seq cannot both commit.
CREATE TABLE dossier_actions (
  dossier_id bigint NOT NULL REFERENCES dossiers (id),
  seq integer NOT NULL CHECK (seq >= 1),
  type text NOT NULL,
  at timestamptz NOT NULL,
  actor_user_id bigint REFERENCES users (id),
  actor_roles text[] NOT NULL,
  unit_id bigint REFERENCES units (id),
  delegation jsonb,
  comment text,
  attachments text[] NOT NULL DEFAULT '{}',
  payload jsonb NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (dossier_id, seq)
);

CREATE FUNCTION dossier_actions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'dossier_actions is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER dossier_actions_no_update BEFORE UPDATE OR DELETE ON dossier_actions
  FOR EACH ROW EXECUTE FUNCTION dossier_actions_append_only();
CREATE TRIGGER dossier_actions_no_truncate BEFORE TRUNCATE ON dossier_actions
  FOR EACH STATEMENT EXECUTE FUNCTION dossier_actions_append_only();

-- Which files a dossier references (documents, attachments, results): the authorisation of file reads.
CREATE TABLE dossier_files (
  dossier_id bigint NOT NULL REFERENCES dossiers (id),
  file_id text NOT NULL REFERENCES stored_files (id),
  PRIMARY KEY (dossier_id, file_id)
);
CREATE INDEX dossier_files_file_idx ON dossier_files (file_id);

-- One row per dossier: every field of the domain's DossierProjection, plus what inboxes list and search. It is a
-- cache of a derivation: `motcua dossiers rebuild` rewrites it from the actions. Time-dependent columns (remaining,
-- flags) are as of as_of; readers recompute them from the due instants.
CREATE TABLE dossier_projection (
  dossier_id bigint PRIMARY KEY REFERENCES dossiers (id),
  dossier_code text,
  version integer NOT NULL,
  status text NOT NULL,
  national_status smallint,
  phase text NOT NULL,
  channel text,
  receiving_unit_id bigint,
  competent_unit_id bigint,
  current_unit_id bigint,
  current_step_index integer,
  assignee_id bigint,
  waiting_for text,
  clock_status text,
  submitted_at timestamptz,
  received_at timestamptz,
  original_due_at timestamptz,
  current_due_at timestamptz,
  finished_at timestamptz,
  returned_at timestamptz,
  stopped_at timestamptz,
  refused_at timestamptz,
  result text,
  outcome text,
  outcome_against_original text,
  indicator1 smallint,
  indicator2 smallint,
  remaining_working_minutes double precision,
  as_of timestamptz,
  due_within_one_working_day boolean NOT NULL,
  late boolean NOT NULL,
  late_without_apology boolean NOT NULL,
  apology_allowed boolean NOT NULL,
  apologised boolean NOT NULL,
  supplement_request_count integer NOT NULL,
  multiple_supplement_requests boolean NOT NULL,
  late_supplement_request boolean NOT NULL,
  open_consultations integer NOT NULL,
  -- For listing and search.
  procedure_code text NOT NULL,
  procedure_name text NOT NULL,
  applicant_name text NOT NULL,
  applicant_user_id bigint,
  -- Units that owe an answer now: open consultations and inter-agency parts in progress.
  pending_unit_ids bigint[] NOT NULL DEFAULT '{}',
  -- Every unit the dossier involves (receiving, competent, current, steps, participants, consulted).
  unit_ids bigint[] NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL
);
CREATE INDEX dossier_projection_current_idx ON dossier_projection (current_unit_id, status);
CREATE INDEX dossier_projection_assignee_idx ON dossier_projection (assignee_id);
CREATE INDEX dossier_projection_receiving_idx ON dossier_projection (receiving_unit_id, received_at);
CREATE INDEX dossier_projection_due_idx ON dossier_projection (current_due_at) WHERE phase = 'processing';
CREATE INDEX dossier_projection_code_idx ON dossier_projection (dossier_code text_pattern_ops);
CREATE INDEX dossier_projection_applicant_idx ON dossier_projection (applicant_user_id);
CREATE INDEX dossier_projection_pending_idx ON dossier_projection USING gin (pending_unit_ids);
CREATE INDEX dossier_projection_units_idx ON dossier_projection USING gin (unit_ids);

-- Daily sequences of dossier codes (and yearly tracking-book numbers): one row per key, incremented with
-- INSERT … ON CONFLICT DO UPDATE … RETURNING inside the reception's transaction, so two desks receiving at the
-- same moment queue on the row lock and never draw the same number, and a rolled-back reception leaves no gap.
CREATE TABLE dossier_code_counters (
  sequence_key text PRIMARY KEY,
  last integer NOT NULL CHECK (last >= 1)
);

-- Delegation of signature (ủy quyền): a leader lets another official sign (or approve and sign) for the leader's
-- unit, for some procedures (empty list = all), during a period. Acts under it record the delegation.
CREATE TABLE delegations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  from_user_id bigint NOT NULL REFERENCES users (id),
  to_user_id bigint NOT NULL REFERENCES users (id),
  unit_id bigint NOT NULL REFERENCES units (id),
  scope text NOT NULL CHECK (scope IN ('sign', 'approve_and_sign')),
  procedure_codes text[] NOT NULL DEFAULT '{}',
  valid_from timestamptz NOT NULL,
  valid_to timestamptz NOT NULL,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL,
  CONSTRAINT delegations_period CHECK (valid_to > valid_from),
  CONSTRAINT delegations_not_to_self CHECK (from_user_id <> to_user_id)
);
CREATE INDEX delegations_to_idx ON delegations (to_user_id, valid_to);

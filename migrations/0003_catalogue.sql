-- Procedure catalogue: procedures, their immutable published versions, the decisions in their history, and the
-- approved internal processes per version. Dossiers pin procedure_versions.id and process_versions.id.
-- Forward-only: never edit an applied migration, add a new file instead.

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The database twin of normaliseSearchText (src/domain/catalogue/text.ts): no diacritics, lower case, every run of
-- characters other than ASCII letters and digits turned into one space. The app writes procedures.search_name
-- itself; this function is for SQL reports and backfills, and the tests check the two agree on Vietnamese text.
-- unaccent() is only STABLE (its dictionary could change), so the dictionary is named explicitly and the wrapper
-- declared IMMUTABLE, the usual way to make it usable in expressions and indexes.
CREATE FUNCTION catalogue_normalise(t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, t)), '[^a-z0-9]+', ' ', 'g')) $$;

CREATE TABLE procedures (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'published', 'amended', 'replaced', 'abolished')),
  -- The version in force (or the last one, once replaced or abolished); null while a draft.
  current_version_id bigint,
  -- The working body while the procedure is a draft; versions hold every published body.
  draft jsonb,
  replaced_by_id bigint REFERENCES procedures (id),
  -- {number, date} of the replacing or abolishing decision.
  status_decision jsonb,
  -- Extracted from the current body for filters and search.
  name text NOT NULL,
  -- normaliseSearchText(name) padded with a space each side, so whole words match LIKE '% word %'.
  search_name text NOT NULL,
  field text NOT NULL,
  level text NOT NULL CHECK (level IN ('province', 'commune', 'both', 'inter_agency')),
  online_level text CHECK (online_level IN ('full', 'partial')),
  unit_codes text[] NOT NULL DEFAULT '{}',
  revision integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT procedures_code_unique UNIQUE (code),
  CONSTRAINT procedures_code_form CHECK (code ~ '^[12]\.[0-9]{6}$'),
  CONSTRAINT procedures_draft_shape CHECK ((status = 'draft') = (current_version_id IS NULL) AND (status = 'draft') = (draft IS NOT NULL)),
  CONSTRAINT procedures_replaced_shape CHECK ((status = 'replaced') = (replaced_by_id IS NOT NULL)),
  CONSTRAINT procedures_not_replaced_by_itself CHECK (replaced_by_id IS NULL OR replaced_by_id <> id),
  CONSTRAINT procedures_retired_decision CHECK ((status IN ('replaced', 'abolished')) = (status_decision IS NOT NULL))
);
-- fastupdate off: the catalogue is written rarely and searched constantly, and a GIN pending list left unmerged
-- after a bulk import makes every search scan it (measured: 8 ms → 1.4 ms per trigram lookup on 2,000 names).
CREATE INDEX procedures_search_trgm_idx ON procedures USING gin (search_name gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX procedures_unit_codes_idx ON procedures USING gin (unit_codes) WITH (fastupdate = off);
CREATE INDEX procedures_field_idx ON procedures (field);
-- Code prefixes ("1.0048…") with LIKE, whatever the database collation.
CREATE INDEX procedures_code_pattern_idx ON procedures (code text_pattern_ops);

CREATE TABLE procedure_versions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  procedure_id bigint NOT NULL REFERENCES procedures (id),
  number integer NOT NULL CHECK (number >= 1),
  body jsonb NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  field text NOT NULL,
  level text NOT NULL,
  online_level text,
  decision_number text NOT NULL,
  decision_date date NOT NULL,
  effective_date date NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  CONSTRAINT procedure_versions_number_unique UNIQUE (procedure_id, number)
);

ALTER TABLE procedures ADD CONSTRAINT procedures_current_version_fk FOREIGN KEY (current_version_id) REFERENCES procedure_versions (id);

-- The legal history shown with a procedure: one row per decision (and the creation of the draft).
CREATE TABLE procedure_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  procedure_id bigint NOT NULL REFERENCES procedures (id),
  kind text NOT NULL CHECK (kind IN ('created', 'published', 'amended', 'replaced', 'abolished', 'process_approved')),
  version_id bigint REFERENCES procedure_versions (id),
  process_version_id bigint,
  decision_number text,
  decision_date date,
  effective_date date,
  replaced_by_code text,
  note text,
  actor_label text NOT NULL,
  occurred_at timestamptz NOT NULL
);
CREATE INDEX procedure_history_procedure_idx ON procedure_history (procedure_id, id);

-- One approved internal process per procedure; each approval is a new version bound to a procedure version.
CREATE TABLE processes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  procedure_id bigint NOT NULL REFERENCES procedures (id),
  current_version_id bigint,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT processes_procedure_unique UNIQUE (procedure_id)
);

CREATE TABLE process_versions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  process_id bigint NOT NULL REFERENCES processes (id),
  procedure_version_id bigint NOT NULL REFERENCES procedure_versions (id),
  number integer NOT NULL CHECK (number >= 1),
  body jsonb NOT NULL,
  total_minutes integer NOT NULL CHECK (total_minutes >= 0),
  step_count integer NOT NULL CHECK (step_count >= 0),
  approval_number text,
  approval_date date,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  CONSTRAINT process_versions_number_unique UNIQUE (process_id, number)
);
CREATE INDEX process_versions_procedure_version_idx ON process_versions (procedure_version_id, id);

ALTER TABLE processes ADD CONSTRAINT processes_current_version_fk FOREIGN KEY (current_version_id) REFERENCES process_versions (id);
ALTER TABLE procedure_history ADD CONSTRAINT procedure_history_process_version_fk FOREIGN KEY (process_version_id) REFERENCES process_versions (id);

-- A dossier received under a version must always find it as it was: versions and history are never rewritten.
CREATE FUNCTION catalogue_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are immutable (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER procedure_versions_immutable BEFORE UPDATE OR DELETE ON procedure_versions
  FOR EACH ROW EXECUTE FUNCTION catalogue_immutable();
CREATE TRIGGER process_versions_immutable BEFORE UPDATE OR DELETE ON process_versions
  FOR EACH ROW EXECUTE FUNCTION catalogue_immutable();
CREATE TRIGGER procedure_history_immutable BEFORE UPDATE OR DELETE ON procedure_history
  FOR EACH ROW EXECUTE FUNCTION catalogue_immutable();

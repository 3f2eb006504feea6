-- Dossier actions and receptions at scale (docs/benchmarks.md): cheaper audit appends with the same chain (see
-- src/store/audit.ts), and the indexes the inbox work queues read.
-- Forward-only: never edit an applied migration, add a new file instead.

-- The head also keeps the hash it replaced, so one
--   UPDATE audit_head SET prev_hash = hash, seq = seq + 1, hash = <sha256 of the old hash and the entry> … RETURNING
-- gives the new link and its predecessor under the head's row lock (a concurrent writer waits, then works on the
-- committed head), and the entry is inserted from that row in the same statement.
ALTER TABLE audit_head ADD COLUMN prev_hash text;

-- Busy use cases (dossier actions, receptions) do not lock the head in the middle of their transaction, where the
-- lock would be held across round trips to the application until commit: they insert their entry here, and a
-- deferred trigger links it into the chain at COMMIT, inside the server, then removes it. An entry is in audit_log
-- exactly when its transaction committed; this table is empty between transactions. The hash is the one
-- src/domain/audit.ts computes: sha256(prev_hash || E'\n' || canonical JSON of the entry), the JSON given here cut
-- around the value of "seq" (hash_prefix ends with `"seq":`).
CREATE TABLE audit_pending (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
  hash_prefix text NOT NULL,
  hash_suffix text NOT NULL
);

CREATE FUNCTION audit_link_pending() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  h record;
BEGIN
  UPDATE audit_head
     SET prev_hash = hash,
         seq = seq + 1,
         hash = encode(sha256(convert_to(hash || E'\n' || NEW.hash_prefix || (seq + 1)::text || NEW.hash_suffix, 'UTF8')), 'hex')
   WHERE id = 1
  RETURNING seq, hash, prev_hash INTO STRICT h;
  INSERT INTO audit_log (seq, occurred_at, actor_user_id, actor_label, unit_id, ip, request_id, action, target_type, target_id, details, prev_hash, hash)
  VALUES (h.seq, NEW.occurred_at, NEW.actor_user_id, NEW.actor_label, NEW.unit_id, NEW.ip, NEW.request_id, NEW.action, NEW.target_type,
          NEW.target_id, NEW.details, h.prev_hash, h.hash);
  DELETE FROM audit_pending WHERE id = NEW.id;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER audit_pending_link AFTER INSERT ON audit_pending
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_link_pending();

-- Work queues of a unit (inbox filters todo, late, due soon), in the order they are shown (least time left first):
-- a page stops after its rows and the count reads the index alone. Partial, so finished and returned dossiers — most
-- of the table after a year — cost nothing here.
CREATE INDEX dossier_projection_todo_idx ON dossier_projection (current_unit_id, current_due_at, dossier_id)
  WHERE phase IN ('submitted', 'processing', 'finished') AND waiting_for IS NULL;
CREATE INDEX dossier_projection_running_idx ON dossier_projection (current_unit_id, current_due_at)
  WHERE phase = 'processing' AND clock_status = 'running';
-- Dossiers waiting for the applicant's supplement, by the unit holding or having received them (a few per cent of
-- the table): the waiting list and its count never read the rest.
CREATE INDEX dossier_projection_waiting_idx ON dossier_projection (current_unit_id, receiving_unit_id)
  WHERE waiting_for = 'supplement' OR phase = 'supplement_before_reception';
-- Dossiers with open consultations, by the unit holding them (the consulted units are in the GIN index on
-- pending_unit_ids).
CREATE INDEX dossier_projection_consulting_idx ON dossier_projection (current_unit_id) WHERE open_consultations > 0;

-- Every action rewrites its dossier's row (version, updated_at, neither indexed): with room left on each page the new
-- version stays on the same page (a HOT update) and none of the row's four indexes gets a new entry.
ALTER TABLE dossiers SET (fillfactor = 85);

-- Notification outbox: a message to an applicant, an official or a unit is written in the same transaction as the
-- change that causes it, together with a delivery job; the worker sends it through a channel adapter (e-mail over
-- SMTP, SMS over the provider's HTTP API) and records the outcome. Nothing is sent from inside a request.
CREATE TABLE notification_outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  -- What caused it: 'dossier.apology', 'dossier.supplement_request', 'reminder.unit', 'reminder.official', ...
  kind text NOT NULL,
  dossier_id bigint,
  user_id bigint REFERENCES users (id),
  unit_id bigint REFERENCES units (id),
  -- The same reminder is never queued twice for one recipient on one day, whichever process schedules it.
  dedupe_key text,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  provider text,
  provider_ref text,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE UNIQUE INDEX notification_outbox_dedupe ON notification_outbox (dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX notification_outbox_status_idx ON notification_outbox (status, id);
CREATE INDEX notification_outbox_dossier_idx ON notification_outbox (dossier_id) WHERE dossier_id IS NOT NULL;

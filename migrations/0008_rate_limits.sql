-- Rate limits and sign-in back-off shared by every app process: one row per key and window, counted with a single
-- upsert. A fixed window (route limits) starts at a multiple of its length; a rolling one (sign-in failures of one
-- account from one address, verifier failures of one dossier code) uses window_start = epoch and restarts from one
-- when the row has expired. Rows past expires_at are worthless and purged with expired sessions.
CREATE TABLE rate_limit_counters (
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL,
  last_hit_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (key, window_start)
);

CREATE INDEX rate_limit_counters_expires_idx ON rate_limit_counters (expires_at);

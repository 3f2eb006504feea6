-- Working calendars: dated entries entered by administrators, yearly national announcements, per-unit office
-- hours. The Labour Code rules and the built-in 2025/2026 announcements live in code (src/domain/calendar); these
-- tables only hold what an administrator adds on top, so a calendar is the code's rules plus these rows.

-- A dated entry on the national calendar (unit_id NULL) or on a unit's calendar (inherited by the units below).
CREATE TABLE calendar_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id bigint REFERENCES units (id),
  day date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('holiday', 'compensatory', 'swapped_day_off', 'working_saturday', 'closure')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 2 AND 300),
  source text NOT NULL CHECK (source IN ('law', 'announcement', 'local')),
  version integer NOT NULL DEFAULT 1,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX calendar_entries_unit_day ON calendar_entries (unit_id, day) WHERE unit_id IS NOT NULL;
CREATE UNIQUE INDEX calendar_entries_national_day ON calendar_entries (day) WHERE unit_id IS NULL;

-- A government announcement of a year's public-sector schedule; it replaces the predictions for its year (and the
-- built-in copy when one exists for that year).
CREATE TABLE calendar_announcements (
  year integer PRIMARY KEY CHECK (year BETWEEN 1900 AND 2100),
  reference text,
  body jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- A unit's own office hours, cut-off for same-day procedures and weekly rest days; NULL columns inherit.
CREATE TABLE calendar_profiles (
  unit_id bigint PRIMARY KEY REFERENCES units (id),
  office_hours jsonb,
  same_day_cutoff text,
  weekly_rest_days jsonb,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL
);

-- One counter bumped in the transaction of every calendar change; each app process compares it with the revision
-- of its cached calendars, so an edit made through one process is seen by all of them on their next request.
CREATE TABLE calendar_revision (
  id integer PRIMARY KEY CHECK (id = 1),
  revision bigint NOT NULL
);
INSERT INTO calendar_revision (id, revision) VALUES (1, 1);

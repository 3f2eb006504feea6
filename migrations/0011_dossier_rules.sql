-- The province's dossier rules become configuration (docs/dossier.md "Province rules"): the overrides of DEFAULT_RULES
-- are stored in app_settings under the key 'dossier_rules' (a JSON object, validated by the application; every change
-- is in the audit log with the values before and after), and each dossier pins them at reception.
-- The projection row carries the instants from which the live warnings hold under the dossier's pinned rules and
-- calendars: "due soon" and "an apology will be due". Lists compare the read instant with them. Existing rows keep
-- null: every dossier received before this migration pinned the default rules, which the readers apply to a null;
-- `motcua dossiers rebuild` fills them.
-- Forward-only: never edit an applied migration, add a new file instead.
ALTER TABLE dossier_projection
  ADD COLUMN due_soon_from timestamptz,
  ADD COLUMN apology_warning_from timestamptz;

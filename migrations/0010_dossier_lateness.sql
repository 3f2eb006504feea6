-- Lateness that no action can hide (issue 10 B1–B3, B7; docs/dossier.md "Late dossiers"): the projection row keeps
-- whether the apology came after its deadline, the "late, apologised late" flag, whether the due is to be recounted
-- when a supplement arrives (restart policy; the due columns are then null), and lateness for the service index
-- (Decision 766). Existing rows get the defaults: run `motcua dossiers rebuild` after deploying so that every row is
-- derived under the new rules.
-- Forward-only: never edit an applied migration, add a new file instead.
ALTER TABLE dossier_projection
  ADD COLUMN apology_late boolean NOT NULL DEFAULT false,
  ADD COLUMN late_apologised_late boolean NOT NULL DEFAULT false,
  ADD COLUMN due_recounted boolean NOT NULL DEFAULT false,
  ADD COLUMN late_for_service_index boolean NOT NULL DEFAULT false;

-- Statistics per unit and period come from daily counters kept up to date by a trigger on dossier_projection, in the
-- transaction of the action that changed the row: a figure never lags its dossiers, and no report scans dossiers.
-- Each projection row contributes fixed amounts to a few (unit, procedure, channel, day) rows; an update takes the
-- old row's contribution away and adds the new one's, so the counters always equal the sum over the current rows,
-- and `rebuild_dossier_daily_stats()` recomputes them from scratch (the projection itself is rebuilt from the
-- actions). docs/statistics.md explains each counter and how the period figures are read from them.

ALTER TABLE dossier_projection ADD COLUMN stop_ground text;
ALTER TABLE dossier_projection ADD COLUMN apologised_at timestamptz;

-- The dossiers in progress now, per competent unit (the live part of a period that includes today).
CREATE INDEX dossier_projection_competent_open_idx ON dossier_projection (competent_unit_id) WHERE phase = 'processing';

CREATE TABLE dossier_daily_stats (
  -- The competent unit: the one that decides and is scored.
  unit_id bigint NOT NULL,
  procedure_code text NOT NULL,
  channel text NOT NULL,
  -- A calendar date in Asia/Ho_Chi_Minh.
  day date NOT NULL,
  received integer NOT NULL DEFAULT 0,
  -- Left processing that day: a result (granted or refused after examination) or a stop.
  completed integer NOT NULL DEFAULT 0,
  -- Of those, judged against the original appointment (a stop after the due instant is late).
  completed_early integer NOT NULL DEFAULT 0,
  completed_on_time integer NOT NULL DEFAULT 0,
  completed_late integer NOT NULL DEFAULT 0,
  refused integer NOT NULL DEFAULT 0,
  stopped integer NOT NULL DEFAULT 0,
  withdrawn integer NOT NULL DEFAULT 0,
  late_without_apology integer NOT NULL DEFAULT 0,
  -- Counted on the day of the original due instant: every received dossier with one, and those that left
  -- processing no later than it. With completed_late these give the dossiers overdue at the end of any day.
  due integer NOT NULL DEFAULT 0,
  completed_by_due integer NOT NULL DEFAULT 0,
  -- On the day the apology was issued.
  apologies_on_time integer NOT NULL DEFAULT 0,
  apologies_late integer NOT NULL DEFAULT 0,
  -- On the day of reception.
  supplement_requests integer NOT NULL DEFAULT 0,
  multiple_supplement_requests integer NOT NULL DEFAULT 0,
  -- Circular 01 scores of the dossiers that left processing that day: sums and counts, for averages.
  indicator1_sum integer NOT NULL DEFAULT 0,
  indicator1_count integer NOT NULL DEFAULT 0,
  indicator2_sum integer NOT NULL DEFAULT 0,
  indicator2_count integer NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, day, procedure_code, channel)
);

-- Vietnam keeps UTC+7 all year; AT TIME ZONE 'UTC' does not depend on the session's time zone or on tzdata.
CREATE FUNCTION vn_day(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT ((t AT TIME ZONE 'UTC') + interval '7 hours')::date
$$;

CREATE FUNCTION dossier_stats_add(r dossier_projection, d date, sgn integer, v integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dossier_daily_stats AS s (unit_id, procedure_code, channel, day, received, completed, completed_early,
      completed_on_time, completed_late, refused, stopped, withdrawn, late_without_apology, due, completed_by_due,
      apologies_on_time, apologies_late, supplement_requests, multiple_supplement_requests, indicator1_sum,
      indicator1_count, indicator2_sum, indicator2_count)
  VALUES (r.competent_unit_id, r.procedure_code, coalesce(r.channel, 'counter'), d, sgn * v[1], sgn * v[2], sgn * v[3],
      sgn * v[4], sgn * v[5], sgn * v[6], sgn * v[7], sgn * v[8], sgn * v[9], sgn * v[10], sgn * v[11], sgn * v[12],
      sgn * v[13], sgn * v[14], sgn * v[15], sgn * v[16], sgn * v[17], sgn * v[18], sgn * v[19])
  ON CONFLICT (unit_id, day, procedure_code, channel) DO UPDATE SET
    received = s.received + EXCLUDED.received,
    completed = s.completed + EXCLUDED.completed,
    completed_early = s.completed_early + EXCLUDED.completed_early,
    completed_on_time = s.completed_on_time + EXCLUDED.completed_on_time,
    completed_late = s.completed_late + EXCLUDED.completed_late,
    refused = s.refused + EXCLUDED.refused,
    stopped = s.stopped + EXCLUDED.stopped,
    withdrawn = s.withdrawn + EXCLUDED.withdrawn,
    late_without_apology = s.late_without_apology + EXCLUDED.late_without_apology,
    due = s.due + EXCLUDED.due,
    completed_by_due = s.completed_by_due + EXCLUDED.completed_by_due,
    apologies_on_time = s.apologies_on_time + EXCLUDED.apologies_on_time,
    apologies_late = s.apologies_late + EXCLUDED.apologies_late,
    supplement_requests = s.supplement_requests + EXCLUDED.supplement_requests,
    multiple_supplement_requests = s.multiple_supplement_requests + EXCLUDED.multiple_supplement_requests,
    indicator1_sum = s.indicator1_sum + EXCLUDED.indicator1_sum,
    indicator1_count = s.indicator1_count + EXCLUDED.indicator1_count,
    indicator2_sum = s.indicator2_sum + EXCLUDED.indicator2_sum,
    indicator2_count = s.indicator2_count + EXCLUDED.indicator2_count;
END
$$;

-- What one projection row adds (sgn = 1) or takes away (sgn = -1). Only received dossiers of a competent unit count.
CREATE FUNCTION dossier_stats_apply(r dossier_projection, sgn integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  ended timestamptz;
  late_end boolean;
BEGIN
  IF r.received_at IS NULL OR r.competent_unit_id IS NULL THEN
    RETURN;
  END IF;
  PERFORM dossier_stats_add(r, vn_day(r.received_at), sgn, ARRAY[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    r.supplement_request_count, CASE WHEN r.multiple_supplement_requests THEN 1 ELSE 0 END, 0, 0, 0, 0]);
  ended := coalesce(r.finished_at, r.stopped_at);
  late_end := ended IS NOT NULL AND r.original_due_at IS NOT NULL AND ended > r.original_due_at;
  IF ended IS NOT NULL THEN
    PERFORM dossier_stats_add(r, vn_day(ended), sgn, ARRAY[0, 1,
      CASE WHEN r.outcome_against_original = 'early' THEN 1 ELSE 0 END,
      CASE WHEN r.outcome_against_original = 'on_time' THEN 1 ELSE 0 END,
      CASE WHEN late_end OR r.outcome_against_original = 'late' THEN 1 ELSE 0 END,
      CASE WHEN r.finished_at IS NOT NULL AND r.result = 'refused' THEN 1 ELSE 0 END,
      CASE WHEN r.finished_at IS NULL AND coalesce(r.stop_ground, '') <> 'applicant_withdrawal' THEN 1 ELSE 0 END,
      CASE WHEN r.finished_at IS NULL AND r.stop_ground = 'applicant_withdrawal' THEN 1 ELSE 0 END,
      CASE WHEN (late_end OR r.outcome_against_original = 'late') AND NOT r.apologised THEN 1 ELSE 0 END,
      0, 0, 0, 0, 0, 0,
      coalesce(r.indicator1, 0), CASE WHEN r.indicator1 IS NULL THEN 0 ELSE 1 END,
      coalesce(r.indicator2, 0), CASE WHEN r.indicator2 IS NULL THEN 0 ELSE 1 END]);
  END IF;
  IF r.original_due_at IS NOT NULL THEN
    PERFORM dossier_stats_add(r, vn_day(r.original_due_at), sgn, ARRAY[0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
      CASE WHEN ended IS NOT NULL AND NOT late_end THEN 1 ELSE 0 END, 0, 0, 0, 0, 0, 0, 0, 0]);
  END IF;
  IF r.apologised_at IS NOT NULL THEN
    PERFORM dossier_stats_add(r, vn_day(r.apologised_at), sgn, ARRAY[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      CASE WHEN r.apology_late THEN 0 ELSE 1 END, CASE WHEN r.apology_late THEN 1 ELSE 0 END, 0, 0, 0, 0, 0, 0]);
  END IF;
END
$$;

CREATE FUNCTION dossier_stats_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    -- Most actions (a hand-over, an assignment) change nothing a statistic reads: nothing to do.
    IF (OLD.received_at, OLD.competent_unit_id, OLD.procedure_code, OLD.channel, OLD.finished_at, OLD.stopped_at,
        OLD.stop_ground, OLD.original_due_at, OLD.outcome_against_original, OLD.result, OLD.apologised,
        OLD.apologised_at, OLD.apology_late, OLD.supplement_request_count, OLD.multiple_supplement_requests,
        OLD.indicator1, OLD.indicator2)
       IS NOT DISTINCT FROM
       (NEW.received_at, NEW.competent_unit_id, NEW.procedure_code, NEW.channel, NEW.finished_at, NEW.stopped_at,
        NEW.stop_ground, NEW.original_due_at, NEW.outcome_against_original, NEW.result, NEW.apologised,
        NEW.apologised_at, NEW.apology_late, NEW.supplement_request_count, NEW.multiple_supplement_requests,
        NEW.indicator1, NEW.indicator2) THEN
      RETURN NULL;
    END IF;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM dossier_stats_apply(OLD, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM dossier_stats_apply(NEW, 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER dossier_projection_stats AFTER INSERT OR UPDATE OR DELETE ON dossier_projection
  FOR EACH ROW EXECUTE FUNCTION dossier_stats_trigger();

-- Recomputes every counter from the projection, row by row through the same function that the trigger uses, so each
-- contribution has one definition (the bulk loader of the benchmark disables the trigger and calls this once).
CREATE FUNCTION rebuild_dossier_daily_stats() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  r dossier_projection;
BEGIN
  DELETE FROM dossier_daily_stats;
  FOR r IN SELECT * FROM dossier_projection WHERE received_at IS NOT NULL AND competent_unit_id IS NOT NULL LOOP
    PERFORM dossier_stats_apply(r, 1);
  END LOOP;
END
$$;

SELECT rebuild_dossier_daily_stats();

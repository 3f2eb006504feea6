// The instants from which a processing dossier's time-dependent warnings hold, under the rules it pinned: lists and
// the daily reminder compare the read instant with them (the projection row stores both), so a province's settings
// reach every figure without a list knowing any rule.
import { apologyWarningFrom, rulesOf } from './derive.js';
import { dueSoonThreshold } from './live.js';
import type { DossierState, PinnedProcedure } from './types.js';

export interface WarningThresholds {
  /** "Due soon" from here: `dueSoonWorkingDays` working days before the current due, on the receiving unit's calendar. */
  dueSoonFrom: Date | null;
  /** The leader is warned that an apology will be due from here: `apologyWarningWorkingDays` before the current due, on the holding unit's calendar. */
  apologyWarningFrom: Date | null;
}

/**
 * Both thresholds while the dossier is processed and its due is known (null otherwise, and while the due is to be
 * recounted when a supplement arrives). The same calendars and windows as the flags of deriveDossier.
 */
export function warningThresholds(state: DossierState, pinned: PinnedProcedure): WarningThresholds {
  const c = state.clock;
  if (state.phase !== 'processing' || c === null || c.dueRecountedOnSupplement || state.receivingUnitId === null) return { dueSoonFrom: null, apologyWarningFrom: null };
  const rules = rulesOf(pinned);
  const receiving = pinned.calendarOf(state.receivingUnitId);
  const holding = pinned.calendarOf(state.currentUnitId ?? state.receivingUnitId);
  return {
    dueSoonFrom: dueSoonThreshold(c.currentDueAt, rules, receiving),
    apologyWarningFrom: apologyWarningFrom(c.currentDueAt, rules, holding),
  };
}

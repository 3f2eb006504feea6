// "Late", "due soon", "an apology will be due" and the remaining working time of a processing dossier whose clock
// runs: the figures that change with the reading instant alone. deriveDossier computes them with this function, and
// so do lists from the projection row (src/app/dossiers/core.ts liveFigures), so a list and the dossier's own page
// never disagree. The pinned rules reach this function only through the two thresholds they set (dueSoonThreshold,
// apologyWarningFrom), which the projection row stores.
//
// The inbox filters in SQL (src/store/dossiers.ts queryProjection) agree because they compare the same stored
// instants: `late` is `original_due_at < now` on a processing row whose clock runs, the inequality below. `due_soon`
// selects the candidates whose stored `due_soon_from` is within a horizon and whose `current_due_at` is not past,
// and the list keeps those for which this function says due soon: "no working time left before the threshold" can
// hold a little before the threshold itself (outside office hours), which a plain comparison in SQL cannot see.
import { addWorkingMinutes, dailyOfficeMinutes, workingTimeBetween, type Calendar } from '../calendar/index.js';
import type { DossierRules } from './types.js';

export interface LiveSnapshot {
  /** Lateness is judged against the original appointment: an apology's new one never takes a dossier off the late list. */
  originalDueAt: Date;
  currentDueAt: Date;
  /** From here the dossier is due soon; null: never (its due is to be recounted). */
  dueSoonFrom: Date | null;
  /** From here the leader is warned that an apology will be due. */
  apologyWarningFrom: Date;
  apologised: boolean;
}

export interface LiveFlags {
  /** Working minutes from `now` to the current due on the receiving unit's calendar, negative once past. */
  remaining: number;
  late: boolean;
  dueSoon: boolean;
  apologyDueSoon: boolean;
}

/** "Due soon" holds from `dueSoonWorkingDays` working days before the due, on the receiving unit's calendar. */
export function dueSoonThreshold(due: Date, rules: Pick<DossierRules, 'dueSoonWorkingDays'>, receiving: Calendar): Date {
  return addWorkingMinutes(due, -rules.dueSoonWorkingDays * dailyOfficeMinutes(receiving), receiving);
}

/** The flags of a processing dossier whose clock runs, at `now`; `receiving`: the receiving unit's calendar. */
export function liveFlags(s: LiveSnapshot, now: Date, receiving: Calendar): LiveFlags {
  const at = now.getTime();
  const remaining = workingTimeBetween(now, s.currentDueAt, receiving);
  const late = at > s.originalDueAt.getTime();
  const beforeDue = at <= s.currentDueAt.getTime();
  return {
    remaining: remaining === 0 ? 0 : remaining,
    late,
    dueSoon: !late && beforeDue && s.dueSoonFrom !== null && workingTimeBetween(now, s.dueSoonFrom, receiving) <= 0,
    apologyDueSoon: !s.apologised && beforeDue && at >= s.apologyWarningFrom.getTime(),
  };
}

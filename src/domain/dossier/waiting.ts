// Online submissions waiting at the desk (national status 1, "Mới đăng ký"): the desk checks an online dossier like a
// paper one and either receives it, asks for a supplement (form 02) or refuses it (form 03). One that is still not
// dealt with one working day after it was submitted is flagged for the desk (queue, inbox, daily reminder). The wait
// is counted on the desk's calendar: a submission made on Friday evening is flagged on Monday at closing time.
import { addWorkingTime, type Calendar } from '../calendar/index.js';

/** Working days an online submission may wait at the desk before it is flagged (issue 10 B.10). */
export const RECEPTION_WAIT_WORKING_DAYS = 1;

/** The instant after which a submission still waiting at the desk is overdue for reception. */
export function receptionDueAt(submittedAt: Date, deskCalendar: Calendar): Date {
  return addWorkingTime(submittedAt, RECEPTION_WAIT_WORKING_DAYS, 'working_days', deskCalendar);
}

/** Whether a submission made at `submittedAt` and still waiting at `asOf` is overdue for reception. */
export function isReceptionOverdue(submittedAt: Date, asOf: Date, deskCalendar: Calendar): boolean {
  return asOf.getTime() > receptionDueAt(submittedAt, deskCalendar).getTime();
}

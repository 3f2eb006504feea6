// What the daily reminder (đôn đốc) needs: for each unit holding dossiers and each official they are assigned to,
// the unfinished dossiers due soon, those whose apology (form 04) is due soon, and those already late; for each desk, the online submissions
// still waiting for reception one working day after they were made. The job that sends it and the
// notification outbox are built on top of this query.
import { runningDueBefore, waitingAtDesks } from '../../store/dossiers.js';
import type { AppContext } from '../context.js';
import { liveFigures, peopleById } from './core.js';
import { resolveCalendars, unitRef, unitSnapshot } from './pinning.js';
import type { ReminderDigest, ReminderItem, WaitingReceptionItem } from './types.js';

/** See reads.ts: the widest stretch one working day can span. */
const HORIZON_MS = 16 * 24 * 3600_000;

/** Dossiers due within one working day (on the receiving unit's calendar) or late at `now`, per unit and per official. */
export async function remindersDue(ctx: AppContext, now: Date = ctx.clock()): Promise<ReminderDigest> {
  const units = await unitSnapshot(ctx);
  const rows = await runningDueBefore(ctx.db, new Date(now.getTime() + HORIZON_MS));
  // One working day is never shorter than the shortest office period: a cheap bound before the exact check.
  const waiting = await waitingAtDesks(ctx.db, new Date(now.getTime() - 3600_000));
  const calendars = await resolveCalendars(ctx, units, [...rows.map((r) => r.receiving_unit_id), ...waiting.map((r) => r.current_unit_id)]);
  type Bucket = { dueSoon: ReminderItem[]; late: ReminderItem[] };
  const byUnit = new Map<number, Bucket>();
  const byOfficial = new Map<number, Bucket>();
  const waitingByDesk = new Map<number, WaitingReceptionItem[]>();
  const put = (map: Map<number, Bucket>, key: number, kind: keyof Bucket, item: ReminderItem) => {
    const b = map.get(key) ?? { dueSoon: [], late: [] };
    b[kind].push(item);
    map.set(key, b);
  };
  for (const r of waiting) {
    if (r.current_unit_id === null || !liveFigures(r, now, calendars).receptionOverdue) continue;
    const list = waitingByDesk.get(r.current_unit_id) ?? [];
    list.push({ id: r.dossier_id, procedureName: r.procedure_name, applicantName: r.applicant_name, submittedAt: r.submitted_at! });
    waitingByDesk.set(r.current_unit_id, list);
    if (!byUnit.has(r.current_unit_id)) byUnit.set(r.current_unit_id, { dueSoon: [], late: [] });
  }
  for (const r of rows) {
    const live = liveFigures(r, now, calendars);
    // A dossier whose apology deadline is near (two working days before the due) is listed with those due soon.
    if (!live.late && !live.dueSoon && !live.apologyDueSoon) continue;
    const item: ReminderItem = {
      id: r.dossier_id,
      code: r.dossier_code,
      procedureName: r.procedure_name,
      applicantName: r.applicant_name,
      currentDueAt: r.current_due_at!,
      remainingWorkingMinutes: live.remaining ?? 0,
      apologised: r.apologised,
      dueSoon: live.dueSoon,
      apologyDueSoon: live.apologyDueSoon,
    };
    const kind = live.late ? 'late' : 'dueSoon';
    if (r.current_unit_id !== null) put(byUnit, r.current_unit_id, kind, item);
    if (r.assignee_id !== null) put(byOfficial, r.assignee_id, kind, item);
  }
  const people = await peopleById(ctx.db, byOfficial.keys());
  return {
    asOf: now,
    units: [...byUnit]
      .filter(([id]) => units.byId.has(id))
      .map(([id, b]) => ({ unit: unitRef(units.byId.get(id)!), ...b, waitingReception: waitingByDesk.get(id) ?? [] }))
      .sort((a, b) => a.unit.code.localeCompare(b.unit.code)),
    officials: [...byOfficial]
      .filter(([id]) => people[id])
      .map(([id, b]) => ({ person: people[id]!, ...b }))
      .sort((a, b) => a.person.username.localeCompare(b.person.username)),
  };
}

// The daily reminder (đôn đốc): on each working day at the configured time, every unit holding unfinished dossiers
// that are late, due within one working day, or whose apology (form 04) falls due soon, and every official they are
// assigned to, gets one message listing them under those headings; a desk's message also lists the online
// submissions waiting for reception for more than one working day. Messages go through the outbox, deduplicated
// per recipient and day, so any number of workers may run it.
import { formatVnInstant, isWorkingDay, vnDateOf } from '../domain/calendar/index.js';
import { smsText } from '../domain/dossier/index.js';
import type { Actor } from './actor.js';
import { systemActor } from './actor.js';
import { appendAudit } from './audit.js';
import { calendarForUnit } from './calendar.js';
import type { AppContext } from './context.js';
import { remindersDue } from './dossiers/index.js';
import type { ReminderItem, WaitingReceptionItem } from './dossiers/types.js';
import { queueNotification } from './notifications.js';
import { inTransaction } from './tx.js';
import { unitContacts } from '../store/units.js';
import { userContacts } from '../store/users.js';

export interface ReminderRun {
  date: string;
  workingDay: boolean;
  units: number;
  officials: number;
  queued: number;
  /** Recipients with neither e-mail nor phone: named so an administrator can fix their records. */
  unreachable: string[];
}

const dm = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}`;

function describe(items: ReminderItem[], late: boolean): string[] {
  return items.map((i) => {
    const due = formatVnInstant(i.currentDueAt);
    const hours = Math.round(Math.abs(i.remainingWorkingMinutes) / 6) / 10;
    return `- ${i.code ?? `#${i.id}`} · ${i.procedureName} · ${i.applicantName} · hẹn trả ${due.slice(11, 16)} ${dm(due.slice(0, 10))}${
      late ? ` · quá hạn ${hours} giờ làm việc${i.apologised ? ' (đã xin lỗi)' : ' (CHƯA có văn bản xin lỗi)'}` : ` · còn ${hours} giờ làm việc`
    }${!late && i.dueSoon && i.apologyDueSoon ? ' · sắp hết hạn gửi văn bản xin lỗi (Mẫu 04) nếu không kịp hẹn' : ''}`;
  });
}

function describeWaiting(items: WaitingReceptionItem[]): string[] {
  return items.map((i) => {
    const at = formatVnInstant(i.submittedAt);
    return `- Số tham chiếu ${i.id} · ${i.procedureName} · ${i.applicantName} · nộp lúc ${at.slice(11, 16)} ${dm(at.slice(0, 10))}`;
  });
}

const section = (heading: string, lines: string[]): string[] => (lines.length ? [heading, ...lines] : []);

function message(date: string, dueSoon: ReminderItem[], late: ReminderItem[], waiting: WaitingReceptionItem[] = []) {
  const subject =
    `[Một Cửa] Nhắc việc ngày ${dm(date)}: ${late.length} hồ sơ quá hạn, ${dueSoon.length} hồ sơ sắp đến hạn` +
    (waiting.length ? `, ${waiting.length} hồ sơ trực tuyến chờ tiếp nhận` : '');
  const body = [
    late.length ? 'Hồ sơ đã quá hạn:' : null,
    ...describe(late, true),
    ...section('Hồ sơ đến hạn trong 01 ngày làm việc:', describe(dueSoon.filter((i) => i.dueSoon), false)),
    // Not yet due within a day, but an apology (form 04) must go out before the due if it will be missed.
    ...section('Hồ sơ sắp hết hạn gửi văn bản xin lỗi (Mẫu 04) nếu không kịp hẹn trả:', describe(dueSoon.filter((i) => !i.dueSoon), false)),
    waiting.length ? 'Hồ sơ nộp trực tuyến chờ tiếp nhận quá 01 ngày làm việc:' : null,
    ...describeWaiting(waiting),
    '',
    'Late dossiers, dossiers due within one working day, dossiers whose apology letter (form 04) is due soon and online submissions waiting for reception for more than one working day, as of this morning. Xem chi tiết trong hệ thống Một Cửa.',
  ]
    .filter((l) => l !== null)
    .join('\n');
  return { subject, body };
}

export async function sendDailyReminders(ctx: AppContext, actor: Actor = systemActor('reminders'), now: Date = ctx.clock()): Promise<ReminderRun> {
  const date = vnDateOf(now);
  const national = await calendarForUnit(ctx, null);
  if (!isWorkingDay(national, date)) return { date, workingDay: false, units: 0, officials: 0, queued: 0, unreachable: [] };
  const digest = await remindersDue(ctx, now);
  const unitIds = digest.units.map((u) => u.unit.id);
  const userIds = digest.officials.map((o) => o.person.id);
  const unitAddresses = await unitContacts(ctx.db, unitIds);
  const userAddresses = await userContacts(ctx.db, userIds);
  const run: ReminderRun = { date, workingDay: true, units: digest.units.length, officials: digest.officials.length, queued: 0, unreachable: [] };
  await inTransaction(ctx, async (trx, at) => {
    const send = async (who: { email: string | null; phone: string | null } | undefined, label: string, base: { kind: string; unitId?: number; userId?: number }, dueSoon: ReminderItem[], late: ReminderItem[], waiting: WaitingReceptionItem[] = []) => {
      const { subject, body } = message(date, dueSoon, late, waiting);
      const key = `${base.kind}:${base.unitId ?? base.userId}:${date}`;
      let id: number | null = null;
      if (who?.email) id = await queueNotification(trx, at, { channel: 'email', recipient: who.email, subject, body, ...base, dedupeKey: key });
      else if (who?.phone) id = await queueNotification(trx, at, { channel: 'sms', recipient: who.phone, subject, body: smsText(`Một Cửa nhắc việc ${dm(date)}: ${late.length} hồ sơ quá hạn, ${dueSoon.length} hồ sơ sắp đến hạn${waiting.length ? `, ${waiting.length} hồ sơ trực tuyến chờ tiếp nhận` : ''}.`), ...base, dedupeKey: key });
      else run.unreachable.push(label);
      if (id !== null) run.queued++;
    };
    for (const u of digest.units) await send(unitAddresses.find((c) => c.id === u.unit.id), u.unit.code, { kind: 'reminder.unit', unitId: u.unit.id }, u.dueSoon, u.late, u.waitingReception);
    for (const o of digest.officials) await send(userAddresses.find((c) => c.id === o.person.id), o.person.username, { kind: 'reminder.official', userId: o.person.id }, o.dueSoon, o.late);
    await appendAudit(trx, actor, at, { action: 'reminders.daily', targetType: 'reminders', targetId: date, details: { units: run.units, officials: run.officials, queued: run.queued, unreachable: run.unreachable } });
  });
  return run;
}

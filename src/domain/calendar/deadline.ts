// Time-limit arithmetic. See docs/calendar.md for the counting rules and why they were chosen.
//
// Working time is modelled as a non-decreasing function W(t): the office milliseconds elapsed before instant t, where
// one working day contributes exactly the calendar's daily office time. W is flat outside office hours and on rest
// days. Adding working time R to a start s returns the EARLIEST instant t with W(t) ≥ W(s) + R, which is why a
// limit that ends exactly at the end of a working period is due at its closing time (17:00) rather than at the next
// opening (07:30 the next working day) — both have the same W, and the earlier instant is the honest appointment.

import {
  compile,
  dayInfoOfDayNumber,
  isWorkingDayNumber,
  workingDayAt,
  workingDayOnOrAfter,
  yearIndex,
  yearIndexOfDay,
  type CompiledCalendar,
} from './calendar.js';
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  VN_OFFSET_MS,
  assertInstant,
  dayNumberFromParts,
  daysInMonth,
  formatTimeOfDay,
  partsFromDayNumber,
} from './date.js';
import { CalendarError } from './errors.js';
import type { Calendar, DayEnd, DeadlineExplanation, ExplainedDay, TimeUnit } from './types.js';

export const TIME_UNITS = ['hours', 'working_hours', 'working_days', 'days', 'months', 'same_day'] as const satisfies readonly TimeUnit[];
export const DAY_ENDS: readonly DayEnd[] = ['end_of_day', 'closing'];

/** Options of a limit beyond its amount and unit. */
export interface DeadlineOptions {
  /** `days` / `months` only: the end of the last day (default, Civil Code Art. 148) or its closing time. */
  dayEnd?: DayEnd | undefined;
}

/** Office milliseconds elapsed on a working day at `msInDay` after local midnight (0 … dailyMs). */
function officeOffset(c: CompiledCalendar, msInDay: number): number {
  const starts = c.periodStart;
  const ends = c.periodEnd;
  let off = 0;
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i]!;
    if (msInDay <= s) break;
    const e = ends[i]!;
    if (msInDay < e) return off + msInDay - s;
    off += e - s;
  }
  return off;
}

/** Inverse of officeOffset for off in (0, dailyMs]: the earliest time of day reaching that office time. */
function msAtOffset(c: CompiledCalendar, off: number): number {
  const starts = c.periodStart;
  const ends = c.periodEnd;
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i]!;
    const len = ends[i]! - s;
    if (off <= len) return s + off;
    off -= len;
  }
  return c.closingMs;
}

const localDay = (t: number) => Math.floor((t + VN_OFFSET_MS) / MS_PER_DAY);
const atLocal = (day: number, msInDay: number) => day * MS_PER_DAY + msInDay - VN_OFFSET_MS;
/** The last millisecond of a local day (23:59:59.999): "the end of the day" of Civil Code Art. 148. */
const END_OF_DAY_MS = MS_PER_DAY - 1;

/** `t` itself when the office is open at `t` (a working day, inside a period, its closing instant included), else the next opening. */
export function openAtOrAfter(c: CompiledCalendar, t: number): number {
  const day = localDay(t);
  const msInDay = t + VN_OFFSET_MS - day * MS_PER_DAY;
  if (isWorkingDayNumber(c, day)) {
    for (let i = 0; i < c.periodStart.length; i++) {
      if (msInDay < c.periodStart[i]!) return atLocal(day, c.periodStart[i]!);
      if (msInDay <= c.periodEnd[i]!) return t;
    }
  }
  return atLocal(workingDayOnOrAfter(c, day + 1), c.periodStart[0]!);
}

/** Instant (ms) reached by adding `r` > 0 ms of working time to instant `t`. */
export function forwardWorking(c: CompiledCalendar, t: number, r: number): number {
  const local = t + VN_OFFSET_MS;
  const day = Math.floor(local / MS_PER_DAY);
  const y = yearIndexOfDay(c, day);
  const i = day - y.first;
  // On a rest day the position is the next working day's opening, whose ordinal is before[i] as well.
  const target = (y.working[i] === 1 ? officeOffset(c, local - day * MS_PER_DAY) : 0) + r;
  const n = Math.ceil(target / c.dailyMs) - 1;
  const dueDay = workingDayAt(c, y, y.before[i]! + n);
  return atLocal(dueDay, msAtOffset(c, target - n * c.dailyMs));
}

/** Earliest instant (ms) whose working position is `r` > 0 ms of working time before instant `t`. */
function backwardWorking(c: CompiledCalendar, t: number, r: number): number {
  const local = t + VN_OFFSET_MS;
  const day = Math.floor(local / MS_PER_DAY);
  const y = yearIndexOfDay(c, day);
  const i = day - y.first;
  let o: number;
  let off: number;
  if (y.working[i] === 1) {
    o = y.before[i]!;
    off = officeOffset(c, local - day * MS_PER_DAY);
  } else {
    // On a rest day the position is the previous working day's closing.
    o = y.before[i]! - 1;
    off = c.dailyMs;
  }
  let target = off - r;
  if (target <= 0) {
    const k = Math.floor(-target / c.dailyMs) + 1;
    o -= k;
    target += k * c.dailyMs;
  }
  return atLocal(workingDayAt(c, y, o), msAtOffset(c, target));
}

/** W(b) − W(a) in ms. */
export function workingMsBetween(c: CompiledCalendar, a: number, b: number): number {
  if (b < a) return -workingMsBetween(c, b, a);
  const la = a + VN_OFFSET_MS;
  const lb = b + VN_OFFSET_MS;
  const da = Math.floor(la / MS_PER_DAY);
  const db = Math.floor(lb / MS_PER_DAY);
  const ya = yearIndexOfDay(c, da);
  const yb = yearIndexOfDay(c, db);
  const ia = da - ya.first;
  const ib = db - yb.first;
  let workingDays: number;
  if (ya === yb) workingDays = yb.before[ib]! - ya.before[ia]!;
  else {
    workingDays = ya.total - ya.before[ia]! + yb.before[ib]!;
    for (let year = ya.year + 1; year < yb.year; year++) workingDays += yearIndex(c, year).total;
  }
  const offA = ya.working[ia] === 1 ? officeOffset(c, la - da * MS_PER_DAY) : 0;
  const offB = yb.working[ib] === 1 ? officeOffset(c, lb - db * MS_PER_DAY) : 0;
  return workingDays * c.dailyMs - offA + offB;
}

function badAmount(en: string, vi: string): CalendarError {
  return new CalendarError('invalid_amount', { vi, en }, 'amount');
}

/** Working ms of a working_hours / working_days limit (validated). */
export function workingLimitMs(c: CompiledCalendar, amount: number, unit: 'working_hours' | 'working_days'): number {
  requireFinite(amount);
  return Math.round(amount * (unit === 'working_hours' ? MS_PER_HOUR : c.dailyMs));
}

function requireFinite(amount: number): void {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    throw badAmount('The amount must be a finite number ≥ 0', 'Thời hạn phải là số hữu hạn, không âm');
  }
}

function requireWholeDays(amount: number): void {
  if (!Number.isInteger(amount) || amount < 1) throw badAmount('Days and months must be whole numbers ≥ 1', 'Số ngày, số tháng phải là số nguyên dương');
}

/** Last day of a `days` / `months` period started by an event on day `day` (Civil Code Art. 147–148). */
function lastDayOfPeriod(day: number, amount: number, unit: 'days' | 'months'): number {
  if (unit === 'days') return day + amount;
  const { year, month, day: dom } = partsFromDayNumber(day);
  const m0 = month - 1 + amount;
  const y2 = year + Math.floor(m0 / 12);
  const m2 = (m0 % 12) + 1;
  return dayNumberFromParts(y2, m2, Math.min(dom, daysInMonth(y2, m2)));
}

export function dueMs(c: CompiledCalendar, t: number, amount: number, unit: TimeUnit, dayEnd: DayEnd = 'end_of_day'): number {
  switch (unit) {
    case 'hours':
      requireFinite(amount);
      // Clock hours; an end that falls while the office is closed moves to its next opening (nobody can deliver then).
      return openAtOrAfter(c, t + Math.round(amount * MS_PER_HOUR));
    case 'working_hours':
    case 'working_days': {
      const r = workingLimitMs(c, amount, unit);
      return r === 0 ? t : forwardWorking(c, t, r);
    }
    case 'days':
    case 'months': {
      requireWholeDays(amount);
      const last = lastDayOfPeriod(localDay(t), amount, unit);
      return atLocal(workingDayOnOrAfter(c, last), dayEnd === 'closing' ? c.closingMs : END_OF_DAY_MS);
    }
    case 'same_day': {
      const day = localDay(t);
      const msInDay = t + VN_OFFSET_MS - day * MS_PER_DAY;
      const sameDay = msInDay <= c.cutoffMs && isWorkingDayNumber(c, day);
      return atLocal(sameDay ? day : workingDayOnOrAfter(c, day + 1), c.closingMs);
    }
    default:
      throw new CalendarError('invalid_unit', { vi: `Đơn vị thời hạn không hợp lệ: ${String(unit)}`, en: `Unknown time unit ${String(unit)}` }, 'unit');
  }
}

/**
 * The due instant of a limit of `amount` `unit` counted from `start` on `calendar`.
 * - hours: clock hours from the stated moment; an end while the office is closed (night, lunch, rest day) moves to
 *   the next opening.
 * - working_hours / working_days: working time inside office hours on working days (1 working day = the daily office
 *   time, 8 h by default); counting starts at the next opening when `start` is outside office hours. Fractions are
 *   allowed (resolution 1 ms).
 * - days / months: whole units; the period starts the day after `start`, ends at the end (23:59:59.999) of its last
 *   day, or of the next working day when the last day is not a working day (Civil Code Art. 147–148); with
 *   `options.dayEnd = 'closing'` (a procedure whose law says so) at that day's closing time instead.
 * - same_day: closing time of the reception day, or of the next working day when received after the cut-off or on
 *   a rest day (`amount` is ignored).
 */
export function addWorkingTime(start: Date, amount: number, unit: TimeUnit, calendar: Calendar, options: DeadlineOptions = {}): Date {
  return new Date(dueMs(compile(calendar), assertInstant(start, 'start'), amount, unit, options.dayEnd));
}

/** Adds (or, when negative, subtracts) working minutes; the inverse of workingTimeBetween. */
export function addWorkingMinutes(start: Date, minutes: number, calendar: Calendar): Date {
  const t = assertInstant(start, 'start');
  if (typeof minutes !== 'number' || !Number.isFinite(minutes)) throw badAmount('Minutes must be a finite number', 'Số phút phải là số hữu hạn');
  const c = compile(calendar);
  const r = Math.round(minutes * MS_PER_MINUTE);
  if (r === 0) return new Date(t);
  return new Date(r > 0 ? forwardWorking(c, t, r) : backwardWorking(c, t, -r));
}

/** Working minutes from `a` to `b` (negative when b is before a). May be fractional when instants carry seconds. */
export function workingTimeBetween(a: Date, b: Date, calendar: Calendar): number {
  return workingMsBetween(compile(calendar), assertInstant(a, 'a'), assertInstant(b, 'b')) / MS_PER_MINUTE;
}

/** Working minutes left from `now` until `due`; negative when overdue. */
export function remainingWorkingTime(now: Date, due: Date, calendar: Calendar): number {
  return workingTimeBetween(now, due, calendar);
}

export interface WorkingDuration {
  /** -1 when the duration is negative (overdue), else 1. */
  sign: 1 | -1;
  days: number;
  hours: number;
  minutes: number;
}

/** Splits working minutes into working days (of the calendar's daily office time), hours and minutes for display. */
export function toWorkingDuration(minutes: number, calendar: Calendar): WorkingDuration {
  const daily = compile(calendar).dailyMs / MS_PER_MINUTE;
  const abs = Math.round(Math.abs(minutes));
  const days = Math.floor(abs / daily);
  const rest = abs - days * daily;
  return { sign: minutes < 0 ? -1 : 1, days, hours: Math.floor(rest / 60), minutes: rest % 60 };
}

// ---------------------------------------------------------------------------------------------------------------
// Explanations (computed only on request, so addWorkingTime stays allocation-free apart from its result)

function describeRule(c: CompiledCalendar, amount: number, unit: TimeUnit, dayEnd: DayEnd): string {
  const daily = c.dailyMs / MS_PER_HOUR;
  const closing = formatTimeOfDay(c.closingMs / MS_PER_MINUTE);
  const end = dayEnd === 'closing' ? `lúc ${closing}` : 'vào cuối ngày (24:00)';
  switch (unit) {
    case 'hours':
      return `${amount} giờ tính liên tục kể từ thời điểm tiếp nhận (Bộ luật Dân sự, Điều 147); nếu hết hạn ngoài giờ làm việc thì chuyển sang giờ làm việc kế tiếp.`;
    case 'working_hours':
      return `${amount} giờ làm việc, chỉ tính trong giờ hành chính của ngày làm việc; ngoài giờ thì bắt đầu tính từ giờ làm việc kế tiếp.`;
    case 'working_days':
      return `${amount} ngày làm việc = ${amount * daily} giờ làm việc (1 ngày = ${daily} giờ), tính trong giờ hành chính, bỏ qua ngày nghỉ, ngày lễ.`;
    case 'days':
    case 'months':
      return (
        `${amount} ${unit === 'days' ? 'ngày' : 'tháng'}: bắt đầu từ ngày tiếp theo ngày tiếp nhận, kết thúc ${end} ngày cuối cùng; ` +
        `nếu ngày cuối cùng là ngày nghỉ thì kết thúc ${end} ngày làm việc tiếp theo (Bộ luật Dân sự, Điều 147–148)` +
        (dayEnd === 'closing' ? '; thủ tục này quy định kết thúc vào giờ đóng cửa.' : '.')
      );
    case 'same_day':
      return `Trả trong ngày lúc ${closing}; tiếp nhận sau ${formatTimeOfDay(c.cutoffMs / MS_PER_MINUTE)} hoặc vào ngày nghỉ thì trả lúc ${closing} ngày làm việc tiếp theo.`;
  }
}

const RECEIVED_AFTER_HOURS = 'Tiếp nhận sau giờ làm việc: bắt đầu tính từ giờ làm việc kế tiếp';
const RECEPTION_DAY = 'Ngày tiếp nhận: thời hạn bắt đầu từ ngày hôm sau (Bộ luật Dân sự, Điều 147)';
const EXTENDED = 'Ngày cuối của thời hạn là ngày nghỉ: hết hạn vào cuối ngày làm việc tiếp theo (Bộ luật Dân sự, Điều 148)';
const MOVED_TO_OPENING = 'Hết hạn ngoài giờ làm việc: chuyển sang giờ làm việc kế tiếp';

function explainDays(c: CompiledCalendar, t: number, due: number, amount: number, unit: TimeUnit): ExplainedDay[] {
  const first = localDay(t);
  const dueDay = localDay(due);
  const out: ExplainedDay[] = [];
  const push = (day: number, counted: boolean, reason: string | null, minutes: number | null, ownSource = false) => {
    const info = dayInfoOfDayNumber(c, day);
    out.push({ date: info.date, counted, reason: reason ?? info.reason, source: ownSource ? null : info.source, minutes });
  };

  if (unit === 'working_hours' || unit === 'working_days') {
    for (let d = first; d <= dueDay; d++) {
      if (!isWorkingDayNumber(c, d)) {
        push(d, false, null, 0);
        continue;
      }
      const from = d === first ? officeOffset(c, t + VN_OFFSET_MS - d * MS_PER_DAY) : 0;
      const to = d === dueDay ? officeOffset(c, due + VN_OFFSET_MS - d * MS_PER_DAY) : c.dailyMs;
      const minutes = Math.max(0, to - from) / MS_PER_MINUTE;
      if (minutes > 0) push(d, true, null, minutes);
      else push(d, false, d === first ? RECEIVED_AFTER_HOURS : 'Không có giờ làm việc nào được tính', minutes, true);
    }
    return out;
  }
  if (unit === 'hours') {
    const end = t + Math.round(amount * MS_PER_HOUR);
    const endDay = localDay(end);
    for (let d = first; d <= endDay; d++) {
      const from = Math.max(t, atLocal(d, 0));
      const to = Math.min(end, atLocal(d + 1, 0));
      const minutes = Math.max(0, to - from) / MS_PER_MINUTE;
      push(d, minutes > 0, d === dueDay && due > end ? MOVED_TO_OPENING : null, minutes, d === dueDay && due > end);
    }
    // Moved to the next opening: the days between, and the opening day itself, add no time.
    for (let d = endDay + 1; d <= dueDay; d++) push(d, false, d === dueDay ? MOVED_TO_OPENING : null, 0, d === dueDay);
    return out;
  }
  if (unit === 'same_day') {
    for (let d = first; d <= dueDay; d++) {
      if (d === dueDay) push(d, true, null, null, true);
      else if (isWorkingDayNumber(c, d)) {
        push(d, false, `Tiếp nhận sau ${formatTimeOfDay(c.cutoffMs / MS_PER_MINUTE)}: trả trong ngày làm việc tiếp theo`, null, true);
      } else push(d, false, null, null);
    }
    return out;
  }
  // days / months
  const last = lastDayOfPeriod(first, amount, unit);
  push(first, false, RECEPTION_DAY, null, true);
  for (let d = first + 1; d <= last; d++) push(d, true, null, null);
  for (let d = last + 1; d < dueDay; d++) push(d, false, null, null);
  if (dueDay > last) push(dueDay, false, EXTENDED, null, true);
  return out;
}

/** The due instant together with the days counted or skipped and why. */
export function explainDeadline(start: Date, amount: number, unit: TimeUnit, calendar: Calendar, options: DeadlineOptions = {}): DeadlineExplanation {
  const c = compile(calendar);
  const t = assertInstant(start, 'start');
  const dayEnd = options.dayEnd ?? 'end_of_day';
  const due = dueMs(c, t, amount, unit, dayEnd);
  return { start: new Date(t), amount, unit, due: new Date(due), rule: describeRule(c, amount, unit, dayEnd), days: explainDays(c, t, due, amount, unit) };
}

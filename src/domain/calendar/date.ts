// Dates and instants in Asia/Ho_Chi_Minh. Vietnam has used a fixed UTC+7 offset without DST since 1975, so plain
// arithmetic with a constant offset is exact for the period we compute and far cheaper than Intl on the hot path.
// Internally a calendar date is a "day number": days since 1970-01-01.

import { CalendarError } from './errors.js';

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
export const VN_OFFSET_MS = 7 * MS_PER_HOUR;

/** Years for which calendars can be computed. Lunar results are verified over 1900–2100. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface VnDate {
  year: number;
  month: number;
  day: number;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})$/;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function dayNumberFromParts(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function partsFromDayNumber(dayNumber: number): VnDate {
  const d = new Date(dayNumber * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function weekdayOfDayNumber(dayNumber: number): Weekday {
  // 1970-01-01 was a Thursday.
  return ((((dayNumber + 4) % 7) + 7) % 7) as Weekday;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function formatDayNumber(dayNumber: number): string {
  const { year, month, day } = partsFromDayNumber(dayNumber);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** Parses 'YYYY-MM-DD' strictly (no rollover: 2025-02-30 is rejected). */
export function parseVnDate(text: string): VnDate {
  const m = typeof text === 'string' ? DATE_PATTERN.exec(text) : null;
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) return { year, month, day };
  }
  throw new CalendarError('invalid_date', {
    vi: `Ngày không hợp lệ: ${String(text)} (định dạng YYYY-MM-DD)`,
    en: `Invalid date: ${String(text)} (expected YYYY-MM-DD)`,
  });
}

export function isVnDate(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  try {
    parseVnDate(text);
    return true;
  } catch {
    return false;
  }
}

export function dayNumberOf(date: string): number {
  const { year, month, day } = parseVnDate(date);
  return dayNumberFromParts(year, month, day);
}

/** Adds (or, when negative, subtracts) calendar days to a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) {
    throw new CalendarError('invalid_amount', { vi: 'Số ngày phải là số nguyên', en: 'Days must be an integer' });
  }
  return formatDayNumber(dayNumberOf(date) + days);
}

export function weekdayOf(date: string): Weekday {
  return weekdayOfDayNumber(dayNumberOf(date));
}

/** Parses 'HH:MM' (00:00–24:00) into minutes after midnight. */
export function parseTimeOfDay(text: string): number {
  const m = typeof text === 'string' ? TIME_PATTERN.exec(text) : null;
  if (m) {
    const h = Number(m[1]);
    const min = Number(m[2]);
    if (min < 60 && (h < 24 || (h === 24 && min === 0))) return h * 60 + min;
  }
  throw new CalendarError('invalid_time', {
    vi: `Giờ không hợp lệ: ${String(text)} (định dạng HH:MM)`,
    en: `Invalid time of day: ${String(text)} (expected HH:MM)`,
  });
}

export function formatTimeOfDay(minutes: number): string {
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

export function assertInstant(instant: Date, field = 'instant'): number {
  const t = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(t)) {
    throw new CalendarError('invalid_instant', { vi: 'Thời điểm không hợp lệ', en: 'Invalid instant' }, field);
  }
  return t;
}

/** The Vietnamese calendar date ('YYYY-MM-DD') on which an instant falls. */
export function vnDateOf(instant: Date): string {
  const t = assertInstant(instant);
  return formatDayNumber(Math.floor((t + VN_OFFSET_MS) / MS_PER_DAY));
}

/** The instant at a wall-clock time ('HH:MM', default midnight) on a Vietnamese calendar date. */
export function vnInstant(date: string, time = '00:00'): Date {
  return new Date(dayNumberOf(date) * MS_PER_DAY + parseTimeOfDay(time) * MS_PER_MINUTE - VN_OFFSET_MS);
}

/** ISO-8601 with the +07:00 offset, e.g. 2026-11-23T10:00:00+07:00; milliseconds only when not zero. */
export function formatVnInstant(instant: Date): string {
  const t = assertInstant(instant);
  const local = new Date(t + VN_OFFSET_MS);
  const ms = local.getUTCMilliseconds();
  const fraction = ms === 0 ? '' : `.${String(ms).padStart(3, '0')}`;
  return (
    `${local.getUTCFullYear()}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}` +
    `T${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())}${fraction}+07:00`
  );
}

const YEAR_FIRST_DAY: Int32Array = (() => {
  const a = new Int32Array(MAX_YEAR - MIN_YEAR + 2);
  for (let y = MIN_YEAR; y <= MAX_YEAR + 1; y++) a[y - MIN_YEAR] = dayNumberFromParts(y, 1, 1);
  return a;
})();

export const FIRST_SUPPORTED_DAY = YEAR_FIRST_DAY[0]!;
export const LAST_SUPPORTED_DAY = YEAR_FIRST_DAY[MAX_YEAR - MIN_YEAR + 1]! - 1;

export function outOfRange(what: string): CalendarError {
  return new CalendarError('out_of_range', {
    vi: `${what} nằm ngoài phạm vi lịch hỗ trợ (${MIN_YEAR}–${MAX_YEAR})`,
    en: `${what} is outside the supported calendar range (${MIN_YEAR}–${MAX_YEAR})`,
  });
}

export function firstDayOfYear(year: number): number {
  const v = YEAR_FIRST_DAY[year - MIN_YEAR];
  if (v === undefined) throw outOfRange(`Year ${year}`);
  return v;
}

/** Year of a day number without allocating a Date (hot path). */
export function yearOfDayNumber(dayNumber: number): number {
  if (dayNumber < FIRST_SUPPORTED_DAY || dayNumber > LAST_SUPPORTED_DAY) throw outOfRange(formatDayNumber(dayNumber));
  let i = Math.floor((dayNumber - FIRST_SUPPORTED_DAY) / 365.2425);
  while (YEAR_FIRST_DAY[i + 1]! <= dayNumber) i++;
  while (YEAR_FIRST_DAY[i]! > dayNumber) i--;
  return MIN_YEAR + i;
}

// Building calendars (national → province → unit) and resolving what each day is.
//
// Every calendar is compiled lazily, one Gregorian year at a time, into flat arrays: a working flag per day, the
// number of working days before each day, and the list of working days. Deadline arithmetic then jumps straight to
// the n-th working day instead of walking the calendar.

import { BUILT_IN_ANNOUNCEMENTS, parseAnnouncement } from './announcements.js';
import {
  MIN_YEAR,
  MS_PER_MINUTE,
  dayNumberOf,
  firstDayOfYear,
  formatDayNumber,
  parseTimeOfDay,
  parseVnDate,
  weekdayOfDayNumber,
  yearOfDayNumber,
  type Weekday,
} from './date.js';
import { CalendarError } from './errors.js';
import { labourCodeEntries } from './rules.js';
import type { Announcement, Calendar, CalendarEntry, DayInfo, EntryKind, EntrySource, OfficeHours } from './types.js';

export const DEFAULT_OFFICE_HOURS: OfficeHours = Object.freeze({
  periods: Object.freeze([Object.freeze({ start: '07:30', end: '11:30' }), Object.freeze({ start: '13:00', end: '17:00' })]),
});
export const DEFAULT_SAME_DAY_CUTOFF = '15:00';
export const DEFAULT_WEEKLY_REST_DAYS: readonly Weekday[] = Object.freeze([6, 0] as Weekday[]);

const WEEKDAY_NAMES = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as const;
const ENTRY_KINDS: readonly EntryKind[] = ['holiday', 'compensatory', 'swapped_day_off', 'working_saturday', 'closure'];
const ENTRY_SOURCES: readonly EntrySource[] = ['law', 'announcement', 'predicted', 'local'];

export interface YearIndex {
  readonly year: number;
  /** Day number of 1 January. */
  readonly first: number;
  /** 1 when the day (offset from `first`) is a working day. */
  readonly working: Uint8Array;
  /** before[i] = working days in [first, first + i); length = days in year + 1. */
  readonly before: Int32Array;
  /** Offsets from `first` of the working days, in order. */
  readonly ordinals: Int32Array;
  readonly total: number;
  readonly entries: ReadonlyMap<number, CalendarEntry>;
}

export interface CompiledCalendar {
  readonly calendar: Calendar;
  readonly rest: readonly boolean[];
  /** Office periods in ms after local midnight. */
  readonly periodStart: readonly number[];
  readonly periodEnd: readonly number[];
  readonly dailyMs: number;
  readonly openingMs: number;
  readonly closingMs: number;
  readonly cutoffMs: number;
  readonly announcements: ReadonlyMap<number, Announcement>;
  readonly ownEntries: ReadonlyMap<number, readonly CalendarEntry[]>;
  readonly years: (YearIndex | undefined)[];
}

const compiled = new WeakMap<Calendar, CompiledCalendar>();

function invalidCalendar(en: string, vi: string, field?: string): CalendarError {
  return new CalendarError('invalid_calendar', { vi, en }, field);
}

function compileOfficeHours(hours: OfficeHours): { start: number[]; end: number[] } {
  const periods = hours?.periods;
  if (!Array.isArray(periods) || periods.length === 0) {
    throw invalidCalendar('Office hours need at least one period', 'Giờ làm việc phải có ít nhất một khoảng', 'officeHours');
  }
  const start: number[] = [];
  const end: number[] = [];
  let previousEnd = -1;
  periods.forEach((p: { start: string; end: string }, i: number) => {
    const s = parseTimeOfDay(p.start);
    const e = parseTimeOfDay(p.end);
    if (e <= s || s < previousEnd) {
      throw invalidCalendar(
        `Office period ${i + 1} must end after it starts and after the previous period`,
        `Khoảng giờ làm việc thứ ${i + 1} phải kết thúc sau khi bắt đầu và không chồng lên khoảng trước`,
        `officeHours.periods[${i}]`,
      );
    }
    previousEnd = e;
    start.push(s * MS_PER_MINUTE);
    end.push(e * MS_PER_MINUTE);
  });
  return { start, end };
}

function validateEntry(entry: CalendarEntry, field: string): void {
  if (typeof entry !== 'object' || entry === null) throw new CalendarError('invalid_entry', { vi: 'Mục lịch không hợp lệ', en: 'Invalid calendar entry' }, field);
  parseVnDate(entry.date);
  if (!ENTRY_KINDS.includes(entry.kind)) {
    throw new CalendarError('invalid_entry', { vi: `Loại ngày không hợp lệ: ${String(entry.kind)}`, en: `Unknown entry kind ${String(entry.kind)}` }, `${field}.kind`);
  }
  if (!ENTRY_SOURCES.includes(entry.source)) {
    throw new CalendarError('invalid_entry', { vi: `Nguồn không hợp lệ: ${String(entry.source)}`, en: `Unknown entry source ${String(entry.source)}` }, `${field}.source`);
  }
  if (typeof entry.reason !== 'string' || entry.reason.trim() === '') {
    throw new CalendarError('invalid_entry', { vi: `Thiếu lý do cho ngày ${entry.date}`, en: `Entry ${entry.date} needs a reason` }, `${field}.reason`);
  }
}

/** Compiles (once per calendar object) and validates a calendar. */
export function compile(calendar: Calendar): CompiledCalendar {
  const hit = compiled.get(calendar);
  if (hit) return hit;
  if (typeof calendar !== 'object' || calendar === null) throw invalidCalendar('Not a calendar', 'Không phải là lịch làm việc');
  const rest = [false, false, false, false, false, false, false];
  for (const d of calendar.weeklyRestDays ?? []) {
    if (!Number.isInteger(d) || d < 0 || d > 6) throw invalidCalendar(`Bad weekday ${String(d)}`, `Thứ không hợp lệ: ${String(d)}`, 'weeklyRestDays');
    rest[d] = true;
  }
  if (rest.every(Boolean)) throw invalidCalendar('A week needs at least one working day', 'Tuần phải có ít nhất một ngày làm việc', 'weeklyRestDays');
  const periods = compileOfficeHours(calendar.officeHours);
  const openingMs = periods.start[0]!;
  const closingMs = periods.end[periods.end.length - 1]!;
  const cutoffMs = parseTimeOfDay(calendar.sameDayCutoff) * MS_PER_MINUTE;
  if (cutoffMs > closingMs) {
    throw invalidCalendar('The same-day cut-off must not be after closing time', 'Giờ chốt trả trong ngày không được sau giờ kết thúc làm việc', 'sameDayCutoff');
  }
  let dailyMs = 0;
  periods.start.forEach((s, i) => (dailyMs += periods.end[i]! - s));

  const announcements = new Map<number, Announcement>();
  (calendar.announcements ?? []).forEach((a, i) => {
    const parsed = parseAnnouncement(a);
    if (announcements.has(parsed.year)) {
      throw invalidCalendar(`Two announcements for ${parsed.year}`, `Có hai thông báo lịch nghỉ cho năm ${parsed.year}`, `announcements[${i}]`);
    }
    announcements.set(parsed.year, parsed);
  });

  const ownEntries = new Map<number, CalendarEntry[]>();
  const seen = new Set<string>();
  (calendar.entries ?? []).forEach((e, i) => {
    validateEntry(e, `entries[${i}]`);
    if (seen.has(e.date)) throw new CalendarError('invalid_entry', { vi: `Ngày ${e.date} bị khai báo hai lần`, en: `${e.date} is listed twice` }, `entries[${i}]`);
    seen.add(e.date);
    const year = parseVnDate(e.date).year;
    const list = ownEntries.get(year) ?? [];
    list.push(e);
    ownEntries.set(year, list);
  });
  if (calendar.parent) compile(calendar.parent);

  const result: CompiledCalendar = {
    calendar,
    rest,
    periodStart: periods.start,
    periodEnd: periods.end,
    dailyMs,
    openingMs,
    closingMs,
    cutoffMs,
    announcements,
    ownEntries,
    years: [],
  };
  compiled.set(calendar, result);
  return result;
}

function resolveEntries(c: CompiledCalendar, year: number): Map<number, CalendarEntry> {
  const cal = c.calendar;
  let entries: Map<number, CalendarEntry>;
  if (cal.parent) entries = new Map(yearIndex(compile(cal.parent), year).entries);
  else if (cal.labourCode) entries = new Map(labourCodeEntries(year, c.rest).map((e) => [dayNumberOf(e.date), e]));
  else entries = new Map();

  const announcement = c.announcements.get(year);
  if (announcement) {
    for (const [day, e] of entries) {
      if (e.source === 'predicted' || (e.source === 'law' && e.kind === 'compensatory')) entries.delete(day);
    }
    for (const d of announcement.off) {
      entries.set(dayNumberOf(d.date), { date: d.date, kind: d.kind ?? 'holiday', reason: d.reason, source: 'announcement' });
    }
    for (const d of announcement.workingSaturdays) {
      entries.set(dayNumberOf(d.date), { date: d.date, kind: 'working_saturday', reason: d.reason, source: 'announcement' });
    }
  }
  for (const e of c.ownEntries.get(year) ?? []) entries.set(dayNumberOf(e.date), e);
  return entries;
}

/** The compiled index of one Gregorian year (built on first use). */
export function yearIndex(c: CompiledCalendar, year: number): YearIndex {
  const hit = c.years[year - MIN_YEAR];
  if (hit) return hit;
  const first = firstDayOfYear(year);
  const length = firstDayOfYear(year + 1) - first;
  const entries = resolveEntries(c, year);
  const working = new Uint8Array(length);
  const before = new Int32Array(length + 1);
  const ordinals: number[] = [];
  for (let i = 0; i < length; i++) {
    const day = first + i;
    const entry = entries.get(day);
    const isWorking = entry ? entry.kind === 'working_saturday' : !c.rest[weekdayOfDayNumber(day)];
    before[i] = ordinals.length;
    if (isWorking) {
      working[i] = 1;
      ordinals.push(i);
    }
  }
  before[length] = ordinals.length;
  const index: YearIndex = { year, first, working, before, ordinals: Int32Array.from(ordinals), total: ordinals.length, entries };
  c.years[year - MIN_YEAR] = index;
  return index;
}

export function yearIndexOfDay(c: CompiledCalendar, dayNumber: number): YearIndex {
  return yearIndex(c, yearOfDayNumber(dayNumber));
}

export function isWorkingDayNumber(c: CompiledCalendar, dayNumber: number): boolean {
  const y = yearIndexOfDay(c, dayNumber);
  return y.working[dayNumber - y.first] === 1;
}

/**
 * Day number of the working day with ordinal `o` counted from the start of year index `y`; `o` may run past either
 * end of the year, and the walk then moves a whole year at a time.
 */
export function workingDayAt(c: CompiledCalendar, y: YearIndex, o: number): number {
  while (o >= y.total) {
    o -= y.total;
    y = yearIndex(c, y.year + 1);
  }
  while (o < 0) {
    y = yearIndex(c, y.year - 1);
    o += y.total;
  }
  return y.first + y.ordinals[o]!;
}

/** First working day on or after `dayNumber`. */
export function workingDayOnOrAfter(c: CompiledCalendar, dayNumber: number): number {
  const y = yearIndexOfDay(c, dayNumber);
  return workingDayAt(c, y, y.before[dayNumber - y.first]!);
}

export function dayInfoOfDayNumber(c: CompiledCalendar, dayNumber: number): DayInfo {
  const y = yearIndexOfDay(c, dayNumber);
  const working = y.working[dayNumber - y.first] === 1;
  const entry = y.entries.get(dayNumber);
  const date = formatDayNumber(dayNumber);
  if (entry) return { date, working, reason: entry.reason, source: entry.source, kind: entry.kind };
  if (!working) return { date, working, reason: `${WEEKDAY_NAMES[weekdayOfDayNumber(dayNumber)]} (nghỉ hằng tuần)`, source: 'weekend', kind: null };
  return { date, working, reason: null, source: null, kind: null };
}

// ---------------------------------------------------------------------------------------------------------------
// Public API

export interface NationalCalendarOptions {
  id?: string;
  name?: string;
  /** Extra or newer announcements; one for a year that is built in replaces the built-in one. */
  announcements?: readonly Announcement[];
  /** Set false to see pure Labour Code predictions for 2025/2026 too. Default true. */
  builtInAnnouncements?: boolean;
  officeHours?: OfficeHours;
  sameDayCutoff?: string;
  weeklyRestDays?: readonly Weekday[];
}

/** Own copy of caller-supplied hours, so later mutation of the caller's object cannot desynchronise caches. */
function ownOfficeHours(hours: OfficeHours): OfficeHours {
  if (hours === DEFAULT_OFFICE_HOURS) return hours;
  const periods = Array.isArray(hours?.periods) ? hours.periods.map((p) => Object.freeze({ start: p?.start, end: p?.end })) : [];
  return Object.freeze({ periods: Object.freeze(periods) });
}

function freezeCalendar(calendar: Calendar): Calendar {
  Object.freeze(calendar.weeklyRestDays);
  Object.freeze(calendar.announcements);
  Object.freeze(calendar.entries);
  Object.freeze(calendar);
  compile(calendar);
  return calendar;
}

let defaultNational: Calendar | undefined;

/**
 * The national public-sector calendar: Saturday and Sunday rest, 07:30–11:30 and 13:00–17:00, Labour Code holidays
 * for every year (predicted where the government has not announced the year), and the built-in 2025 and 2026
 * announcements. Without options the same object is returned every time, so its caches are shared.
 */
export function nationalCalendar(options?: NationalCalendarOptions): Calendar {
  if (!options && defaultNational) return defaultNational;
  const byYear = new Map<number, Announcement>();
  if (options?.builtInAnnouncements !== false) for (const a of BUILT_IN_ANNOUNCEMENTS) byYear.set(a.year, a);
  for (const a of options?.announcements ?? []) {
    const parsed = parseAnnouncement(a);
    byYear.set(parsed.year, parsed);
  }
  const calendar = freezeCalendar({
    id: options?.id ?? 'VN',
    name: options?.name ?? 'Lịch làm việc khu vực công (toàn quốc)',
    parent: null,
    weeklyRestDays: [...(options?.weeklyRestDays ?? DEFAULT_WEEKLY_REST_DAYS)],
    officeHours: ownOfficeHours(options?.officeHours ?? DEFAULT_OFFICE_HOURS),
    sameDayCutoff: options?.sameDayCutoff ?? DEFAULT_SAME_DAY_CUTOFF,
    labourCode: true,
    announcements: [...byYear.values()].sort((a, b) => a.year - b.year),
    entries: [],
  });
  if (!options) defaultNational = calendar;
  return calendar;
}

export interface EntryInput {
  date: string;
  kind: EntryKind;
  reason: string;
  /** Defaults to 'local'. */
  source?: EntrySource;
}

export interface CalendarOverrides {
  id: string;
  name: string;
  /** Defaults to the parent's. */
  officeHours?: OfficeHours;
  sameDayCutoff?: string;
  weeklyRestDays?: readonly Weekday[];
  /** Local closures, local holidays, extra working days; they override inherited entries on the same date. */
  entries?: readonly EntryInput[];
  /** Announcements that apply at this level (e.g. a provincial schedule) and replace predictions for their year. */
  announcements?: readonly Announcement[];
}

const toEntry = (e: EntryInput): CalendarEntry => ({ date: e.date, kind: e.kind, reason: e.reason, source: e.source ?? 'local' });

/** A province or unit calendar inheriting the parent's dated entries, with its own settings and entries. */
export function deriveCalendar(parent: Calendar, overrides: CalendarOverrides): Calendar {
  compile(parent);
  if (typeof overrides?.id !== 'string' || overrides.id === '') throw invalidCalendar('id is required', 'Thiếu mã lịch', 'id');
  return freezeCalendar({
    id: overrides.id,
    name: overrides.name ?? overrides.id,
    parent,
    weeklyRestDays: [...(overrides.weeklyRestDays ?? parent.weeklyRestDays)],
    officeHours: ownOfficeHours(overrides.officeHours ?? parent.officeHours),
    sameDayCutoff: overrides.sameDayCutoff ?? parent.sameDayCutoff,
    labourCode: false,
    announcements: (overrides.announcements ?? []).map(parseAnnouncement),
    entries: (overrides.entries ?? []).map(toEntry),
  });
}

/** A copy of `calendar` with `announcement` added, replacing any announcement for the same year. */
export function withAnnouncement(calendar: Calendar, announcement: Announcement): Calendar {
  const parsed = parseAnnouncement(announcement);
  return freezeCalendar({
    ...calendar,
    announcements: [...calendar.announcements.filter((a) => a.year !== parsed.year), parsed].sort((a, b) => a.year - b.year),
  });
}

/** A copy of `calendar` with entries added; an entry replaces this calendar's own entry on the same date. */
export function withEntries(calendar: Calendar, entries: readonly EntryInput[]): Calendar {
  const added = entries.map(toEntry);
  const dates = new Set(added.map((e) => e.date));
  return freezeCalendar({ ...calendar, entries: [...calendar.entries.filter((e) => !dates.has(e.date)), ...added] });
}

/** A copy of `calendar` without its own entries on the given dates (inherited entries are unaffected). */
export function withoutEntries(calendar: Calendar, dates: readonly string[]): Calendar {
  const drop = new Set(dates);
  return freezeCalendar({ ...calendar, entries: calendar.entries.filter((e) => !drop.has(e.date)) });
}

export function isWorkingDay(calendar: Calendar, date: string): boolean {
  return isWorkingDayNumber(compile(calendar), dayNumberOf(date));
}

export function dayInfo(calendar: Calendar, date: string): DayInfo {
  return dayInfoOfDayNumber(compile(calendar), dayNumberOf(date));
}

/** Every day from `from` to `to` inclusive. */
export function days(calendar: Calendar, from: string, to: string): DayInfo[] {
  const c = compile(calendar);
  const a = dayNumberOf(from);
  const b = dayNumberOf(to);
  if (b < a) throw new CalendarError('invalid_date', { vi: 'Ngày kết thúc trước ngày bắt đầu', en: '`to` is before `from`' }, 'to');
  const out: DayInfo[] = [];
  for (let d = a; d <= b; d++) out.push(dayInfoOfDayNumber(c, d));
  return out;
}

/** The resolved dated entries of a year (holidays, compensations, swaps, closures), in date order. */
export function entriesOfYear(calendar: Calendar, year: number): CalendarEntry[] {
  return [...yearIndex(compile(calendar), year).entries.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e);
}

/** The n-th working day after `date` (n = 1: the next working day; n = 0: `date` if working, else the next). */
export function nextWorkingDay(calendar: Calendar, date: string, n = 1): string {
  if (!Number.isInteger(n) || n < 0) throw new CalendarError('invalid_amount', { vi: 'Số ngày phải là số nguyên không âm', en: 'n must be a non-negative integer' });
  const c = compile(calendar);
  const start = dayNumberOf(date);
  const y = yearIndexOfDay(c, start);
  const i = start - y.first;
  // Ordinal of the first working day after `start` is before[i] + working[i].
  return formatDayNumber(n === 0 ? workingDayAt(c, y, y.before[i]!) : workingDayAt(c, y, y.before[i]! + y.working[i]! + n - 1));
}

/** Working minutes in one working day (the sum of the office periods): 480 for the default hours. */
export function dailyOfficeMinutes(calendar: Calendar): number {
  return compile(calendar).dailyMs / MS_PER_MINUTE;
}

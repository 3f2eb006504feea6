import type { Weekday } from './date.js';

/** Who says a day is special. Weekly rest days that no entry mentions report `weekend`. */
export type EntrySource = 'law' | 'announcement' | 'predicted' | 'local';
export type DaySource = EntrySource | 'weekend';

/**
 * holiday: a public holiday (or a holiday a unit observes); compensatory: nghỉ bù for a holiday that fell on a rest
 * day; swapped_day_off: a weekday off traded for a working Saturday (hoán đổi); working_saturday: a rest day that is
 * worked (usually the Saturday of a swap); closure: a local closure decided by a province or unit.
 */
export type EntryKind = 'holiday' | 'compensatory' | 'swapped_day_off' | 'working_saturday' | 'closure';

export interface CalendarEntry {
  /** 'YYYY-MM-DD' in Asia/Ho_Chi_Minh. */
  readonly date: string;
  readonly kind: EntryKind;
  readonly reason: string;
  readonly source: EntrySource;
}

export interface OfficePeriod {
  /** 'HH:MM' */
  readonly start: string;
  /** 'HH:MM', after start; '24:00' allowed. */
  readonly end: string;
}

/** Daily office hours (giờ hành chính), the same on every working day, as ordered non-overlapping periods. */
export interface OfficeHours {
  readonly periods: readonly OfficePeriod[];
}

export interface AnnouncedDay {
  readonly date: string;
  readonly reason: string;
  /** Defaults to 'holiday' for `off` days and 'working_saturday' for worked days. */
  readonly kind?: EntryKind;
}

/**
 * The government's yearly public-sector schedule: the weekdays not worked (holidays, compensations, swaps) and the
 * Saturdays worked. It is complete for its year: it replaces every predicted day and every Labour Code
 * compensation of that year.
 */
export interface Announcement {
  readonly year: number;
  /** Legal reference, e.g. 'Công văn 12729/VPCP-KGVX ngày 25/12/2025'. */
  readonly reference?: string;
  readonly off: readonly AnnouncedDay[];
  readonly workingSaturdays: readonly AnnouncedDay[];
}

/**
 * A working calendar. Plain immutable data: build with nationalCalendar / deriveCalendar / withAnnouncement /
 * withEntries. Computation caches are keyed on the object, so reuse the same object instead of rebuilding it.
 */
export interface Calendar {
  readonly id: string;
  readonly name: string;
  /** The calendar this one inherits dated entries from (national → province → unit). */
  readonly parent: Calendar | null;
  readonly weeklyRestDays: readonly Weekday[];
  readonly officeHours: OfficeHours;
  /** 'HH:MM': same-day (trong ngày) dossiers received after this time are due the next working day. */
  readonly sameDayCutoff: string;
  /** Generate the Labour Code holidays and the predicted Tết / National Day days (only meaningful on a root). */
  readonly labourCode: boolean;
  readonly announcements: readonly Announcement[];
  /** This calendar's own dated entries; they override inherited ones on the same date. */
  readonly entries: readonly CalendarEntry[];
}

export interface DayInfo {
  date: string;
  working: boolean;
  /** Why the day is special (holiday name, swap…), e.g. 'Thứ Bảy (nghỉ hằng tuần)' for a plain weekend, null otherwise. */
  reason: string | null;
  source: DaySource | null;
  kind: EntryKind | null;
}

export type TimeUnit = 'hours' | 'working_hours' | 'working_days' | 'days' | 'months' | 'same_day';

/**
 * When a `days` / `months` limit ends on its last day: `end_of_day` (the default, Civil Code 2015 Art. 148: at the
 * end of the last day, 23:59:59.999) or `closing` (at the office's closing time), for a procedure whose own law says
 * the period ends when the office closes.
 */
export type DayEnd = 'end_of_day' | 'closing';

export interface Limit {
  amount: number;
  unit: TimeUnit;
  /** Only for `days` / `months`; absent = `end_of_day`. */
  dayEnd?: DayEnd;
}

export interface ExplainedDay {
  date: string;
  /** The day counts toward the limit. */
  counted: boolean;
  /** Why it is special or skipped; null for an ordinary counted day. */
  reason: string | null;
  source: DaySource | null;
  /**
   * Minutes of the limit used on this day: working minutes for working units, clock minutes for `hours`,
   * null for day-based units (days, months, same_day).
   */
  minutes: number | null;
}

export interface DeadlineExplanation {
  start: Date;
  amount: number;
  unit: TimeUnit;
  due: Date;
  /** One sentence (Vietnamese) stating the counting rule applied. */
  rule: string;
  days: ExplainedDay[];
}

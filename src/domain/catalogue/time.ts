// Time limits compared without a calendar. An internal process allots working time to its steps, while legal
// limits come in six units; only some of them convert to working time without knowing the weekends and holidays
// of a particular year. The rule (see docs/catalogue.md):
//   working_hours, working_days (8 h each), same_day (one working day) — exact;
//   hours (continuous clock hours) — an exact ceiling: n clock hours can hold at most n working hours;
//   days, months (calendar) — only bounds: at most every day worked (8 h × n days, 31 days a month), typically
//     five working days in seven (at least one) and 20 working days a month.
// Steps over an exact limit or over a ceiling are refused; steps over a typical estimate are only warned about.
import type { Bilingual } from '../errors.js';
import { TIME_UNIT_LABELS, type TimeLimit } from './model.js';

export const WORKING_HOURS_PER_DAY = 8;
export const MINUTES_PER_WORKING_DAY = WORKING_HOURS_PER_DAY * 60;

export interface LimitInMinutes {
  /** Working minutes the limit stands for, when that is fixed by the unit alone. */
  exact: number | null;
  /** No step plan can use more working minutes than this and still meet the limit. */
  max: number;
  /** What the limit usually allows; equal to `exact` when there is one. */
  typical: number;
}

export function limitInWorkingMinutes(limit: TimeLimit): LimitInMinutes {
  const n = limit.amount;
  switch (limit.unit) {
    case 'working_hours': {
      const m = Math.round(n * 60);
      return { exact: m, max: m, typical: m };
    }
    case 'working_days': {
      const m = Math.round(n * MINUTES_PER_WORKING_DAY);
      return { exact: m, max: m, typical: m };
    }
    case 'same_day':
      return { exact: MINUTES_PER_WORKING_DAY, max: MINUTES_PER_WORKING_DAY, typical: MINUTES_PER_WORKING_DAY };
    case 'hours': {
      const m = Math.round(n * 60);
      return { exact: null, max: m, typical: m };
    }
    case 'days':
      return {
        exact: null,
        max: Math.round(n * MINUTES_PER_WORKING_DAY),
        typical: Math.max(1, Math.floor((n * 5) / 7)) * MINUTES_PER_WORKING_DAY,
      };
    case 'months':
      return { exact: null, max: Math.round(n * 31 * MINUTES_PER_WORKING_DAY), typical: Math.round(n * 20 * MINUTES_PER_WORKING_DAY) };
  }
}

/** -1 / 0 / 1 like a comparator, or null when the two cannot be compared without a calendar. */
export function compareLimits(a: TimeLimit, b: TimeLimit): -1 | 0 | 1 | null {
  const sign = (x: number) => (x < 0 ? -1 : x > 0 ? 1 : 0) as -1 | 0 | 1;
  if (a.unit === b.unit) return a.unit === 'same_day' ? 0 : sign(a.amount - b.amount);
  const ma = limitInWorkingMinutes(a);
  const mb = limitInWorkingMinutes(b);
  if (ma.exact !== null && mb.exact !== null) return sign(ma.exact - mb.exact);
  // A bound settles it when the ranges do not overlap.
  const lo = (m: LimitInMinutes) => m.exact ?? 0;
  if (ma.max < lo(mb)) return -1;
  if (lo(ma) > mb.max) return 1;
  return null;
}

const trimNumber = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100).replace('.', ','));

export function formatLimit(limit: TimeLimit): Bilingual {
  if (limit.unit === 'same_day') return { vi: 'Trong ngày', en: 'Same day' };
  const u = TIME_UNIT_LABELS[limit.unit];
  return { vi: `${trimNumber(limit.amount)} ${u.vi}`, en: `${String(limit.amount)} ${limit.amount === 1 ? u.en.replace(/s$/, '') : u.en}` };
}

/** Working minutes as '2 ngày 4 giờ' / '2 days 4 h' (8-hour working days). */
export function formatWorkingMinutes(minutes: number): Bilingual {
  const days = Math.floor(minutes / MINUTES_PER_WORKING_DAY);
  const rest = minutes - days * MINUTES_PER_WORKING_DAY;
  const h = Math.floor(rest / 60);
  const m = rest % 60;
  const vi: string[] = [];
  const en: string[] = [];
  if (days) {
    vi.push(`${days} ngày làm việc`);
    en.push(`${days} working day${days === 1 ? '' : 's'}`);
  }
  if (h) {
    vi.push(`${h} giờ`);
    en.push(`${h} h`);
  }
  if (m || (!days && !h)) {
    vi.push(`${m} phút`);
    en.push(`${m} min`);
  }
  return { vi: vi.join(' '), en: en.join(' ') };
}

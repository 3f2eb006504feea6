// Labour Code 2019 (Art. 111–112) holidays as rules, generated for any year. Dates the law fixes are `law`; the
// days the Prime Minister chooses each year (the five Tết days and the day adjacent to 2 September) are
// `predicted` by the default pattern documented in docs/calendar.md until an announcement replaces them.

import { dayNumberFromParts, dayNumberOf, formatDayNumber, weekdayOfDayNumber } from './date.js';
import { lunarToSolar, lunarYearName, solarToLunar } from './lunar.js';
import type { CalendarEntry, EntrySource } from './types.js';

interface Holiday {
  day: number;
  reason: string;
  source: EntrySource;
  /** Name used in the reason of its compensation day. */
  short: string;
}

/** Working days the government gives for Tết (Labour Code Art. 112: 5 days, weekends compensated). */
const TET_WORKING_DAYS = 5;

/**
 * Predicted Tết break: five working days starting on the working day just before the last day of the lunar year
 * (28 or 29 tháng Chạp), or — when that day is a rest day — on the first working day from the last day of the year
 * on. This reproduces the announced public-sector breaks of 2020–2026 (e.g. 2024: Thu 8 – Wed 14 Feb; 2025: Mon 27 – Fri 31 Jan;
 * 2026: Mon 16 – Fri 20 Feb). Rest days inside the break are recorded too, so explanations name them as Tết.
 */
function predictedTet(year: number, isRest: (day: number) => boolean): CalendarEntry[] {
  const tet = dayNumberOf(lunarToSolar({ day: 1, month: 1, year, leap: false }));
  const lastDayOfYear = tet - 1;
  let day = lastDayOfYear - 1;
  if (isRest(day)) {
    day = lastDayOfYear;
    while (isRest(day)) day++;
  }
  const yearName = lunarYearName(year);
  const entries: CalendarEntry[] = [];
  for (let worked = 0; worked < TET_WORKING_DAYS; day++) {
    if (!isRest(day)) worked++;
    const lunarDay = solarToLunar(formatDayNumber(day)).day;
    const label = day < tet ? `${lunarDay} tháng Chạp` : `mùng ${lunarDay}`;
    entries.push({ date: formatDayNumber(day), kind: 'holiday', reason: `Tết Nguyên đán ${yearName} (${label})`, source: 'predicted' });
  }
  return entries;
}

/**
 * The adjacent National Day holiday, by weekday of 2 September (0 = Sunday). Chosen so the adjacent day is a
 * weekday that lengthens a weekend break: 2024 (Mon) → 3 Sep, 2025 (Tue) → 1 Sep, 2026 (Wed) → 1 Sep, as announced.
 */
const NATIONAL_DAY_ADJACENT_OFFSET: readonly number[] = [+1, +1, -1, -1, +1, -1, -1];

/** Dated entries the Labour Code implies for `year`, for a calendar whose weekly rest days are `rest`. */
export function labourCodeEntries(year: number, rest: readonly boolean[]): CalendarEntry[] {
  const isRest = (day: number) => rest[weekdayOfDayNumber(day)] === true;
  const holidays: Holiday[] = [];
  const fixed = (month: number, dayOfMonth: number, reason: string, short: string) =>
    holidays.push({ day: dayNumberFromParts(year, month, dayOfMonth), reason, source: 'law', short });

  fixed(1, 1, 'Tết Dương lịch', 'Tết Dương lịch');

  const tetEntries = predictedTet(year, isRest);
  holidays.push({
    day: dayNumberOf(lunarToSolar({ day: 10, month: 3, year, leap: false })),
    reason: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
    source: 'law',
    short: 'Giỗ Tổ Hùng Vương',
  });
  fixed(4, 30, 'Ngày Chiến thắng (30/4)', 'Ngày Chiến thắng');
  fixed(5, 1, 'Ngày Quốc tế Lao động (1/5)', 'Ngày Quốc tế Lao động');
  const nationalDay = dayNumberFromParts(year, 9, 2);
  fixed(9, 2, 'Quốc khánh (2/9)', 'Quốc khánh');
  holidays.push({
    day: nationalDay + NATIONAL_DAY_ADJACENT_OFFSET[weekdayOfDayNumber(nationalDay)]!,
    reason: 'Quốc khánh (ngày liền kề)',
    source: 'predicted',
    short: 'Quốc khánh',
  });

  holidays.sort((a, b) => a.day - b.day);
  const entries = new Map<number, CalendarEntry>(tetEntries.map((e) => [dayNumberOf(e.date), e]));
  const compensations: Holiday[] = [];
  for (const h of holidays) {
    // Art. 111: a holiday on a weekly rest day — or on a day already taken by another holiday (Hùng Kings can
    // meet 30 April) — is compensated on the next working day.
    if (isRest(h.day) || entries.has(h.day)) compensations.push(h);
    if (!entries.has(h.day)) entries.set(h.day, { date: formatDayNumber(h.day), kind: 'holiday', reason: h.reason, source: h.source });
  }
  const taken = new Set(entries.keys());
  for (const h of compensations) {
    let day = h.day + 1;
    while (isRest(day) || taken.has(day)) day++;
    taken.add(day);
    entries.set(day, {
      date: formatDayNumber(day),
      kind: 'compensatory',
      reason: `Nghỉ bù ${h.short} (${formatShort(h.day)} trùng ngày nghỉ)`,
      source: h.source,
    });
  }
  return [...entries.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

function formatShort(day: number): string {
  const [, m, d] = formatDayNumber(day).split('-');
  return `${Number(d)}/${Number(m)}`;
}

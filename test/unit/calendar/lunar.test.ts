import { describe, expect, it } from 'vitest';
import {
  CalendarError,
  addDays,
  leapMonthOf,
  lunarMonthLength,
  lunarToSolar,
  lunarYearName,
  solarToLunar,
  tetDate,
} from '../../../src/domain/calendar/index.js';

// Tết (1/1 lunar) in Vietnam. Each was checked against the astronomy (new moon local day at UTC+7) and against
// dates as celebrated; the years marked ≠ CN are those where China (UTC+8) differs.
const TET: Array<[number, string, string?]> = [
  [1900, '1900-01-31'],
  [1930, '1930-01-30'],
  [1945, '1945-02-13'],
  [1968, '1968-01-29', '≠ CN 30 Jan: the new moon fell between 16:00 and 17:00 UT, before midnight at UTC+7 (the North celebrated on the 29th)'],
  [1975, '1975-02-11'],
  [1985, '1985-01-21', '≠ CN 20 Feb: at UTC+7 the leap month falls in 1985 (month 2) instead of 1984 (month 10)'],
  [1986, '1986-02-09'],
  [1990, '1990-01-27'],
  [2000, '2000-02-05'],
  [2007, '2007-02-17', '≠ CN 18 Feb: new moon between 16:00 and 17:00 UT'],
  [2017, '2017-01-28'],
  [2018, '2018-02-16'],
  [2019, '2019-02-05'],
  [2020, '2020-01-25'],
  [2021, '2021-02-12'],
  [2022, '2022-02-01'],
  [2023, '2023-01-22'],
  [2024, '2024-02-10'],
  [2025, '2025-01-29'],
  [2026, '2026-02-17'],
  [2030, '2030-02-02', '≠ CN 3 Feb: new moon between 16:00 and 17:00 UT'],
  [2050, '2050-01-23'],
  [2100, '2100-02-09'],
];

describe('Vietnamese lunar calendar (UTC+7)', () => {
  it.each(TET)('Tết %i is %s', (year, date) => {
    expect(tetDate(year)).toBe(date);
    expect(solarToLunar(date)).toEqual({ day: 1, month: 1, year, leap: false });
    expect(solarToLunar(addDays(date, -1))).toMatchObject({ month: 12, year: year - 1 });
  });

  it('Hùng Kings (10/3 lunar): 7 Apr 2025, 26 Apr 2026 (a Sunday), 18 Apr 2024, 29 Apr 2023', () => {
    expect(lunarToSolar({ day: 10, month: 3, year: 2025, leap: false })).toBe('2025-04-07');
    expect(lunarToSolar({ day: 10, month: 3, year: 2026, leap: false })).toBe('2026-04-26');
    expect(new Date('2026-04-26T00:00:00Z').getUTCDay()).toBe(0);
    expect(lunarToSolar({ day: 10, month: 3, year: 2024, leap: false })).toBe('2024-04-18');
    expect(lunarToSolar({ day: 10, month: 3, year: 2023, leap: false })).toBe('2023-04-29');
  });

  it('knows the last day of the year before Tết 2025 and 2026 (29 tháng Chạp)', () => {
    expect(solarToLunar('2025-01-28')).toEqual({ day: 29, month: 12, year: 2024, leap: false });
    expect(solarToLunar('2026-02-16')).toEqual({ day: 29, month: 12, year: 2025, leap: false });
  });

  it('places leap months: 2017 (6), 2020 (4), 2023 (2), 2025 (6), 1985 (2, Vietnam only); none in 2024/2026', () => {
    expect(leapMonthOf(2017)).toBe(6);
    expect(leapMonthOf(2020)).toBe(4);
    expect(leapMonthOf(2023)).toBe(2);
    expect(leapMonthOf(2025)).toBe(6);
    expect(leapMonthOf(1985)).toBe(2);
    expect(leapMonthOf(1984)).toBeNull();
    expect(leapMonthOf(2024)).toBeNull();
    expect(leapMonthOf(2026)).toBeNull();
  });

  it('converts inside a leap month and back (2025: month 6 from 25 Jun, leap 6 from 25 Jul)', () => {
    expect(lunarToSolar({ day: 1, month: 6, year: 2025, leap: false })).toBe('2025-06-25');
    expect(lunarToSolar({ day: 1, month: 6, year: 2025, leap: true })).toBe('2025-07-25');
    expect(solarToLunar('2025-08-01')).toEqual({ day: 8, month: 6, year: 2025, leap: true });
    // Mid-autumn (15/8): 17 Sep 2024, 6 Oct 2025.
    expect(lunarToSolar({ day: 15, month: 8, year: 2024, leap: false })).toBe('2024-09-17');
    expect(lunarToSolar({ day: 15, month: 8, year: 2025, leap: false })).toBe('2025-10-06');
  });

  it('names years', () => {
    expect(lunarYearName(2025)).toBe('Ất Tỵ');
    expect(lunarYearName(2026)).toBe('Bính Ngọ');
    expect(lunarYearName(1968)).toBe('Mậu Thân');
    expect(lunarYearName(1900)).toBe('Canh Tý');
  });

  it('rejects lunar dates that do not exist', () => {
    expect(() => lunarToSolar({ day: 1, month: 3, year: 2026, leap: true })).toThrow(CalendarError);
    const short = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].find((m) => lunarMonthLength(2026, m) === 29)!;
    expect(() => lunarToSolar({ day: 30, month: short, year: 2026, leap: false })).toThrow(/No such lunar date/);
    expect(() => lunarToSolar({ day: 1, month: 13, year: 2026, leap: false })).toThrow(CalendarError);
  });

  it('is a consistent calendar every day from 1900 to 2100 (round trip, day/month succession, Tết window)', () => {
    // Collect problems rather than asserting per day: 73,000 expect() calls would dominate the run time.
    const problems: string[] = [];
    let previous = solarToLunar('1899-12-31');
    const monthsPerYear = new Map<number, number>();
    for (let t = Date.UTC(1900, 0, 1); t < Date.UTC(2101, 0, 1); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const lunar = solarToLunar(date);
      const p = previous;
      let ok = lunarToSolar(lunar) === date;
      if (lunar.day === 1) {
        monthsPerYear.set(lunar.year, (monthsPerYear.get(lunar.year) ?? 0) + 1);
        ok &&= p.day === 29 || p.day === 30;
        ok &&= lunar.leap ? lunar.month === p.month : lunar.month === (p.month % 12) + 1;
        if (lunar.month === 1 && !lunar.leap) ok &&= lunar.year === p.year + 1 && date.slice(5) >= '01-21' && date.slice(5) <= '02-20';
        else ok &&= lunar.year === p.year;
      } else {
        ok &&= lunar.day === p.day + 1 && lunar.month === p.month && lunar.year === p.year && lunar.leap === p.leap;
      }
      if (!ok) problems.push(`${date}: ${JSON.stringify(lunar)} after ${JSON.stringify(p)}`);
      previous = lunar;
    }
    expect(problems).toEqual([]);
    for (let y = 1901; y <= 2099; y++) expect([12, 13]).toContain(monthsPerYear.get(y));
  });

  // ICU's Chinese calendar works at UTC+8 with its own (approximate) astronomy, so it is only a loose witness:
  // the two may differ by a day when a new moon falls near midnight, and by a month only in 1985.
  const chinese = (() => {
    try {
      const f = new Intl.DateTimeFormat('en-u-ca-chinese', { timeZone: 'UTC', month: 'numeric', day: 'numeric' });
      return f.resolvedOptions().calendar === 'chinese' ? f : null;
    } catch {
      return null;
    }
  })();
  it.skipIf(chinese === null)('agrees with the Chinese calendar within a day, except 1985', () => {
    const far: number[] = [];
    for (let y = 1900; y <= 2100; y++) {
      const tet = new Date(`${tetDate(y)}T12:00:00Z`);
      const near = [-1, 0, 1].some((k) => {
        const parts = chinese!.formatToParts(new Date(tet.getTime() + k * 86_400_000));
        return parts.find((p) => p.type === 'month')?.value === '1' && parts.find((p) => p.type === 'day')?.value === '1';
      });
      if (!near) far.push(y);
    }
    expect(far).toEqual([1985]);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CalendarError,
  addDays,
  dailyOfficeMinutes,
  dayInfo,
  days,
  deriveCalendar,
  entriesOfYear,
  isWorkingDay,
  nationalCalendar,
  nextWorkingDay,
  parseAnnouncement,
  weekdayOf,
  withAnnouncement,
  withEntries,
  withoutEntries,
  type Calendar,
} from '../../../src/domain/calendar/index.js';

const national = nationalCalendar();
const predictedOnly = nationalCalendar({ builtInAnnouncements: false });

const offDays = (cal: Calendar, from: string, to: string) =>
  days(cal, from, to)
    .filter((d) => !d.working)
    .map((d) => d.date);
const offWeekdays = (cal: Calendar, from: string, to: string) =>
  days(cal, from, to)
    .filter((d) => !d.working && weekdayOf(d.date) !== 0 && weekdayOf(d.date) !== 6)
    .map((d) => d.date);

describe('national calendar: announced 2025 and 2026', () => {
  const file = fileURLToPath(new URL('../../../../shared/data/holidays-vn.json', import.meta.url));
  const fallback = '/work/shared/data/holidays-vn.json';
  const path = existsSync(file) ? file : existsSync(fallback) ? fallback : null;

  it.skipIf(path === null)('matches holidays-vn.json day by day', () => {
    const data = JSON.parse(readFileSync(path!, 'utf8')) as {
      years: Record<string, { off: Array<{ date: string }>; workingSaturdays: Array<{ date: string }> }>;
    };
    for (const year of ['2025', '2026']) {
      const listed = data.years[year]!;
      const off = new Set(listed.off.map((d) => d.date));
      const worked = new Set(listed.workingSaturdays.map((d) => d.date));
      const mismatches: string[] = [];
      for (const d of days(national, `${year}-01-01`, `${year}-12-31`)) {
        const weekday = weekdayOf(d.date);
        const expected = worked.has(d.date) || (!off.has(d.date) && weekday !== 0 && weekday !== 6);
        if (d.working !== expected) mismatches.push(`${d.date}: ${d.working} ≠ ${expected}`);
        if ((off.has(d.date) || worked.has(d.date)) && d.source !== 'announcement') mismatches.push(`${d.date}: source ${d.source}`);
      }
      expect(mismatches).toEqual([]);
    }
  });

  it('has the 2025 breaks: Tết Sat 25 Jan – Sun 2 Feb, 30/4 with the 26 Apr swap, National Day Sat 30 Aug – Tue 2 Sep', () => {
    expect(offDays(national, '2025-01-20', '2025-02-09')).toEqual([
      '2025-01-25', '2025-01-26', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01',
      '2025-02-02', '2025-02-08', '2025-02-09',
    ]);
    expect(isWorkingDay(national, '2025-04-26')).toBe(true);
    expect(dayInfo(national, '2025-04-26')).toMatchObject({ kind: 'working_saturday', source: 'announcement' });
    expect(offDays(national, '2025-04-26', '2025-05-05')).toEqual(['2025-04-27', '2025-04-30', '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04']);
    expect(offDays(national, '2025-08-29', '2025-09-03')).toEqual(['2025-08-30', '2025-08-31', '2025-09-01', '2025-09-02']);
  });

  it('has the 2026 breaks: 1–4 Jan with Sat 10 Jan worked, Tết 14–22 Feb, Hùng Kings compensated Mon 27 Apr, 29 Aug – 2 Sep', () => {
    expect(offDays(national, '2026-01-01', '2026-01-11')).toEqual(['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-11']);
    expect(offDays(national, '2026-02-13', '2026-02-23')).toEqual([
      '2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22',
    ]);
    expect(dayInfo(national, '2026-04-26')).toEqual({
      date: '2026-04-26', working: false, reason: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', source: 'law', kind: 'holiday',
    });
    expect(dayInfo(national, '2026-04-27')).toMatchObject({ working: false, source: 'announcement', kind: 'compensatory' });
    expect(isWorkingDay(national, '2026-08-22')).toBe(true);
    expect(offDays(national, '2026-08-28', '2026-09-03')).toEqual(['2026-08-29', '2026-08-30', '2026-08-31', '2026-09-01', '2026-09-02']);
  });

  it('reports plain weekends and ordinary days', () => {
    expect(dayInfo(national, '2026-11-21')).toEqual({ date: '2026-11-21', working: false, reason: 'Thứ Bảy (nghỉ hằng tuần)', source: 'weekend', kind: null });
    expect(dayInfo(national, '2026-11-23')).toEqual({ date: '2026-11-23', working: true, reason: null, source: null, kind: null });
  });

  it('leaves 24 Nov 2026 (proposed Vietnamese Culture Day) a working day until someone adds it as data', () => {
    expect(isWorkingDay(national, '2026-11-24')).toBe(true);
    const withCultureDay = withEntries(national, [{ date: '2026-11-24', kind: 'holiday', reason: 'Ngày Văn hóa Việt Nam', source: 'announcement' }]);
    expect(dayInfo(withCultureDay, '2026-11-24')).toMatchObject({ working: false, source: 'announcement' });
    expect(isWorkingDay(withoutEntries(withCultureDay, ['2026-11-24']), '2026-11-24')).toBe(true);
  });
});

describe('national calendar: Labour Code rules and predictions', () => {
  it('predicts the Tết break as five working days from the working day before the last day of the lunar year', () => {
    // These are the breaks that were announced for 2020–2026; the pattern reproduces every one of them.
    const breaks: Array<[number, string, string]> = [
      [2020, '2020-01-23', '2020-01-29'],
      [2021, '2021-02-10', '2021-02-16'],
      [2022, '2022-01-31', '2022-02-04'],
      [2023, '2023-01-20', '2023-01-26'],
      [2024, '2024-02-08', '2024-02-14'],
      [2025, '2025-01-27', '2025-01-31'],
      [2026, '2026-02-16', '2026-02-20'],
    ];
    for (const [year, first, last] of breaks) {
      const tet = entriesOfYear(predictedOnly, year).filter((e) => e.reason.startsWith('Tết Nguyên đán'));
      const weekdaysOff = tet.map((e) => e.date).filter((d) => weekdayOf(d) !== 0 && weekdayOf(d) !== 6);
      expect(weekdaysOff).toHaveLength(5);
      expect([weekdaysOff[0], weekdaysOff[4]]).toEqual([first, last]);
      expect(tet.every((e) => e.source === 'predicted' && e.kind === 'holiday')).toBe(true);
    }
    expect(dayInfo(predictedOnly, '2026-02-17').reason).toBe('Tết Nguyên đán Bính Ngọ (mùng 1)');
    expect(dayInfo(predictedOnly, '2024-02-10')).toMatchObject({ working: false, source: 'predicted', reason: 'Tết Nguyên đán Giáp Thìn (mùng 1)' });
  });

  it('predicts the day adjacent to National Day from the weekday of 2 September (2021–2026 practice)', () => {
    expect(offWeekdays(predictedOnly, '2021-08-30', '2021-09-06')).toEqual(['2021-09-02', '2021-09-03']); // Thu → 3 Sep
    expect(offWeekdays(predictedOnly, '2022-08-29', '2022-09-05')).toEqual(['2022-09-01', '2022-09-02']); // Fri → 1 Sep
    expect(offWeekdays(predictedOnly, '2023-08-28', '2023-09-05')).toEqual(['2023-09-01', '2023-09-04']); // Sat → 1 Sep, Mon compensates
    expect(offWeekdays(predictedOnly, '2024-08-26', '2024-09-06')).toEqual(['2024-09-02', '2024-09-03']); // Mon → 3 Sep
    expect(offWeekdays(predictedOnly, '2025-08-25', '2025-09-05')).toEqual(['2025-09-01', '2025-09-02']); // Tue → 1 Sep
    expect(offWeekdays(predictedOnly, '2026-08-24', '2026-09-04')).toEqual(['2026-09-01', '2026-09-02']); // Wed → 1 Sep
    expect(offWeekdays(predictedOnly, '2029-08-27', '2029-09-07')).toEqual(['2029-09-03', '2029-09-04']); // Sun → 3 Sep + Tue
    expect(dayInfo(predictedOnly, '2024-09-03')).toMatchObject({ source: 'predicted', reason: 'Quốc khánh (ngày liền kề)' });
    expect(dayInfo(predictedOnly, '2023-09-04')).toMatchObject({ source: 'law', kind: 'compensatory' });
  });

  it('compensates fixed holidays on rest days by the next free working day (Art. 111)', () => {
    // 2022: 1 Jan Sat → Mon 3 Jan; Hùng Kings Sun 10 Apr → Mon 11 Apr; 30 Apr Sat + 1 May Sun → Mon 2 and Tue 3 May.
    expect(offWeekdays(predictedOnly, '2022-01-01', '2022-01-07')).toEqual(['2022-01-03']);
    expect(offWeekdays(predictedOnly, '2022-04-08', '2022-04-15')).toEqual(['2022-04-11']);
    expect(offWeekdays(predictedOnly, '2022-04-25', '2022-05-06')).toEqual(['2022-05-02', '2022-05-03']);
    // 2023: Hùng Kings Sat 29 Apr and 30 Apr Sun, then 1 May Mon: break 29 Apr – 3 May.
    expect(offDays(predictedOnly, '2023-04-28', '2023-05-05')).toEqual(['2023-04-29', '2023-04-30', '2023-05-01', '2023-05-02', '2023-05-03']);
    expect(dayInfo(predictedOnly, '2023-05-02')).toMatchObject({ source: 'law', kind: 'compensatory' });
    // 1947: Hùng Kings fell on 30 April itself; the second holiday is compensated too.
    expect(offWeekdays(predictedOnly, '1947-04-28', '1947-05-09')).toEqual(['1947-04-30', '1947-05-01', '1947-05-02']);
  });

  it('marks fixed holidays as law in every year 1900–2100 and gives exactly 11 weekdays off a year', () => {
    for (let year = 1900; year <= 2100; year += 1) {
      const entries = entriesOfYear(predictedOnly, year);
      for (const md of ['01-01', '04-30', '05-01', '09-02']) {
        const e = entries.find((x) => x.date === `${year}-${md}`);
        expect(e?.source === 'law' || (md === '04-30' && e?.reason.startsWith('Giỗ Tổ'))).toBe(true);
      }
      const weekdaysOff = offWeekdays(predictedOnly, `${year}-01-01`, `${year}-12-31`).length;
      // 11 paid holiday days, each landing on a weekday directly or through a compensation.
      expect(weekdaysOff).toBe(11);
    }
  });

  it('lets an announcement replace every prediction and Labour Code compensation of its year', () => {
    const before = entriesOfYear(national, 2027);
    expect(before.some((e) => e.source === 'predicted')).toBe(true);
    const announcement = parseAnnouncement({
      year: 2027,
      reference: 'Công văn giả định (kiểm thử)',
      off: [
        { date: '2027-02-04', reason: 'Tết' },
        { date: '2027-02-05', reason: 'Tết' },
        { date: '2027-02-08', reason: 'Tết' },
        { date: '2027-02-09', reason: 'Tết' },
        { date: '2027-02-10', reason: 'Tết' },
        { date: '2027-02-11', reason: 'Nghỉ hoán đổi', kind: 'swapped_day_off' },
        { date: '2027-04-16', reason: 'Giỗ Tổ Hùng Vương' },
        { date: '2027-04-30', reason: 'Ngày Chiến thắng' },
        { date: '2027-05-03', reason: 'Nghỉ bù 1/5', kind: 'compensatory' },
        { date: '2027-09-02', reason: 'Quốc khánh' },
        { date: '2027-09-03', reason: 'Quốc khánh (ngày liền kề)' },
      ],
      workingSaturdays: [{ date: '2027-02-20', reason: 'Làm bù cho thứ Năm 11/2' }],
    });
    const cal = withAnnouncement(national, announcement);
    const after = entriesOfYear(cal, 2027);
    expect(after.filter((e) => e.source === 'predicted')).toEqual([]);
    expect(after.filter((e) => e.source === 'law' && e.kind === 'compensatory')).toEqual([]);
    expect(dayInfo(cal, '2027-02-11')).toMatchObject({ working: false, kind: 'swapped_day_off', source: 'announcement' });
    expect(isWorkingDay(cal, '2027-02-20')).toBe(true);
    // Law holidays stay as facts even where the announcement is silent (1 Jan 2027 is a Friday).
    expect(dayInfo(cal, '2027-01-01')).toMatchObject({ working: false, source: 'law' });
    // Other years keep their predictions; the original calendar object is untouched.
    expect(entriesOfYear(cal, 2028).some((e) => e.source === 'predicted')).toBe(true);
    expect(entriesOfYear(national, 2027)).toEqual(before);
  });

  it('validates announcements', () => {
    expect(() => parseAnnouncement({ year: 2027, off: [{ date: '2028-01-01', reason: 'x' }], workingSaturdays: [] })).toThrow(CalendarError);
    expect(() => parseAnnouncement({ year: 2027, off: [{ date: '2027-01-01' }], workingSaturdays: [] })).toThrow(/reason/);
    expect(() =>
      parseAnnouncement({ year: 2027, off: [{ date: '2027-01-01', reason: 'a' }], workingSaturdays: [{ date: '2027-01-01', reason: 'b' }] }),
    ).toThrow(/twice/);
    expect(() => parseAnnouncement({ year: 2027, off: [{ date: '2027-02-30', reason: 'a' }] })).toThrow(CalendarError);
    expect(() => parseAnnouncement({ year: 'x' })).toThrow(CalendarError);
    expect(() => nationalCalendar({ announcements: [{ year: 2027, off: [{ date: '2027-01-01', reason: 'a', kind: 'working_saturday' }], workingSaturdays: [] }] })).toThrow(
      CalendarError,
    );
  });

  it('accepts next year as data through nationalCalendar options, overriding a built-in year when given', () => {
    const cal = nationalCalendar({ announcements: [{ year: 2026, off: [{ date: '2026-02-16', reason: 'Tết' }], workingSaturdays: [] }] });
    expect(isWorkingDay(cal, '2026-02-17')).toBe(true); // only what the (replacement) announcement says
    expect(isWorkingDay(cal, '2026-02-16')).toBe(false);
    expect(nationalCalendar()).toBe(national);
  });
});

describe('inheritance: national → province → unit', () => {
  const province = deriveCalendar(national, {
    id: 'H29',
    name: 'Tỉnh X',
    entries: [{ date: '2026-03-10', kind: 'closure', reason: 'Nghỉ theo quyết định của UBND tỉnh' }],
  });
  const unit = deriveCalendar(province, {
    id: '000.00.12.H29',
    name: 'UBND xã Y',
    officeHours: { periods: [{ start: '07:00', end: '11:00' }, { start: '13:30', end: '16:30' }] },
    sameDayCutoff: '14:30',
    entries: [
      { date: '2026-03-11', kind: 'closure', reason: 'Mất điện toàn trụ sở' },
      { date: '2026-03-10', kind: 'working_saturday', reason: 'Xã vẫn làm việc' },
    ],
  });

  it('inherits national holidays and adds local closures', () => {
    expect(isWorkingDay(province, '2026-02-17')).toBe(false);
    expect(dayInfo(province, '2026-03-10')).toMatchObject({ working: false, source: 'local', kind: 'closure' });
    expect(dayInfo(unit, '2026-03-11')).toMatchObject({ working: false, source: 'local' });
    expect(isWorkingDay(national, '2026-03-10')).toBe(true);
  });

  it('lets a child override an inherited entry and set its own office hours', () => {
    expect(isWorkingDay(unit, '2026-03-10')).toBe(true);
    expect(dailyOfficeMinutes(unit)).toBe(420);
    expect(dailyOfficeMinutes(province)).toBe(480);
    expect(unit.sameDayCutoff).toBe('14:30');
    expect(province.sameDayCutoff).toBe('15:00');
  });

  it('finds working days across Tết and closures', () => {
    expect(nextWorkingDay(national, '2026-02-13')).toBe('2026-02-23');
    expect(nextWorkingDay(province, '2026-03-09')).toBe('2026-03-11');
    expect(nextWorkingDay(unit, '2026-03-09')).toBe('2026-03-10');
    expect(nextWorkingDay(unit, '2026-03-10')).toBe('2026-03-12');
    expect(nextWorkingDay(national, '2026-02-14', 0)).toBe('2026-02-23');
    expect(nextWorkingDay(national, '2026-12-30', 2)).toBe('2027-01-04');
    expect(nextWorkingDay(national, '2026-02-09', 15)).toBe('2026-03-09');
  });

  it('rejects malformed calendars and entries', () => {
    expect(() => deriveCalendar(national, { id: 'x', name: 'x', officeHours: { periods: [] } })).toThrow(CalendarError);
    expect(() => deriveCalendar(national, { id: 'x', name: 'x', officeHours: { periods: [{ start: '13:00', end: '12:00' }] } })).toThrow(CalendarError);
    expect(() =>
      deriveCalendar(national, { id: 'x', name: 'x', officeHours: { periods: [{ start: '08:00', end: '12:00' }, { start: '11:00', end: '17:00' }] } }),
    ).toThrow(CalendarError);
    expect(() => deriveCalendar(national, { id: 'x', name: 'x', sameDayCutoff: '18:00' })).toThrow(/cut-off/);
    expect(() => deriveCalendar(national, { id: 'x', name: 'x', weeklyRestDays: [0, 1, 2, 3, 4, 5, 6] })).toThrow(CalendarError);
    expect(() => deriveCalendar(national, { id: 'x', name: 'x', entries: [{ date: '2026-13-01', kind: 'closure', reason: 'x' }] })).toThrow(CalendarError);
    expect(() => deriveCalendar(national, { id: 'x', name: 'x', entries: [{ date: '2026-03-01', kind: 'closure', reason: ' ' }] })).toThrow(CalendarError);
    expect(() => dayInfo(national, '1899-12-31')).toThrow(/supported calendar range/);
    expect(() => days(national, '2026-01-02', '2026-01-01')).toThrow(CalendarError);
  });

  it('computes across year boundaries and lists days inclusively', () => {
    expect(days(national, '2026-12-30', '2027-01-02').map((d) => d.working)).toEqual([true, true, false, false]);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

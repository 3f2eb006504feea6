import { describe, expect, it } from 'vitest';
import {
  CalendarError,
  addWorkingMinutes,
  addWorkingTime,
  deriveCalendar,
  explainDeadline,
  formatVnInstant,
  nationalCalendar,
  remainingWorkingTime,
  toWorkingDuration,
  vnDateOf,
  vnInstant,
  workingTimeBetween,
  type TimeUnit,
} from '../../../src/domain/calendar/index.js';

const cal = nationalCalendar();
const at = (date: string, time: string) => vnInstant(date, time);
const due = (date: string, time: string, amount: number, unit: TimeUnit, calendar = cal) =>
  formatVnInstant(addWorkingTime(at(date, time), amount, unit, calendar));

// Week of Monday 23 November 2026 (an ordinary week), Tết 2026 break Sat 14 – Sun 22 Feb.
describe('instants in Asia/Ho_Chi_Minh', () => {
  it('formats and parses with a fixed +07:00 offset', () => {
    expect(vnInstant('2026-11-23', '10:00').toISOString()).toBe('2026-11-23T03:00:00.000Z');
    expect(formatVnInstant(new Date('2026-11-23T03:00:00Z'))).toBe('2026-11-23T10:00:00+07:00');
    expect(formatVnInstant(new Date('2026-11-22T17:00:00.250Z'))).toBe('2026-11-23T00:00:00.250+07:00');
    expect(vnDateOf(new Date('2026-11-22T17:00:00Z'))).toBe('2026-11-23');
    expect(vnDateOf(new Date('2026-11-22T16:59:59Z'))).toBe('2026-11-22');
    expect(() => formatVnInstant(new Date(Number.NaN))).toThrow(CalendarError);
    expect(() => vnInstant('2026-11-23', '25:00')).toThrow(CalendarError);
  });
});

describe('working days and working hours', () => {
  it('received Monday 10:00 with 3 working days is due Thursday 10:00', () => {
    expect(due('2026-11-23', '10:00', 3, 'working_days')).toBe('2026-11-26T10:00:00+07:00');
    expect(due('2026-11-23', '10:00', 24, 'working_hours')).toBe('2026-11-26T10:00:00+07:00');
  });

  it('received Friday 16:00 with 1 working day runs over the weekend to Monday 16:00', () => {
    expect(due('2026-11-20', '16:00', 1, 'working_days')).toBe('2026-11-23T16:00:00+07:00');
    const x = explainDeadline(at('2026-11-20', '16:00'), 1, 'working_days', cal);
    expect(x.days.map((d) => [d.date, d.counted, d.minutes, d.source])).toEqual([
      ['2026-11-20', true, 60, null],
      ['2026-11-21', false, 0, 'weekend'],
      ['2026-11-22', false, 0, 'weekend'],
      ['2026-11-23', true, 420, null],
    ]);
  });

  it('received during lunch starts counting at 13:00, and a limit ending at a closing time is due at that closing time', () => {
    expect(due('2026-11-23', '12:15', 4, 'working_hours')).toBe('2026-11-23T17:00:00+07:00');
    expect(due('2026-11-23', '12:15', 1, 'working_days')).toBe('2026-11-24T11:30:00+07:00');
    expect(due('2026-11-23', '12:15', 5, 'working_hours')).toBe('2026-11-24T08:30:00+07:00');
    expect(due('2026-11-23', '07:30', 1, 'working_days')).toBe('2026-11-23T17:00:00+07:00');
  });

  it('received outside office hours starts counting at the next opening', () => {
    expect(due('2026-11-23', '06:00', 1, 'working_days')).toBe('2026-11-23T17:00:00+07:00');
    expect(due('2026-11-23', '18:00', 1, 'working_days')).toBe('2026-11-24T17:00:00+07:00');
    expect(due('2026-11-23', '18:00', 2, 'working_hours')).toBe('2026-11-24T09:30:00+07:00');
    const x = explainDeadline(at('2026-11-23', '18:00'), 1, 'working_days', cal);
    expect(x.days[0]).toMatchObject({ date: '2026-11-23', counted: false, minutes: 0 });
    expect(x.days[0]!.reason).toMatch(/sau giờ làm việc/);
  });

  it('received on a holiday or a weekend starts on the next working day', () => {
    expect(due('2026-09-02', '10:00', 1, 'working_days')).toBe('2026-09-03T17:00:00+07:00');
    expect(due('2026-11-22', '10:00', 2, 'working_days')).toBe('2026-11-24T17:00:00+07:00');
    expect(due('2026-02-17', '09:00', 0.5, 'working_days')).toBe('2026-02-23T11:30:00+07:00');
  });

  it('counts 15 working days across the Tết 2026 break and explains every skipped day', () => {
    expect(due('2026-02-09', '10:00', 15, 'working_days')).toBe('2026-03-09T10:00:00+07:00');
    expect(due('2026-02-13', '16:00', 1, 'working_days')).toBe('2026-02-23T16:00:00+07:00');
    const x = explainDeadline(at('2026-02-09', '10:00'), 15, 'working_days', cal);
    const counted = x.days.filter((d) => d.counted);
    expect(counted.reduce((s, d) => s + (d.minutes ?? 0), 0)).toBe(15 * 480);
    expect(counted).toHaveLength(16); // partial first and last day
    const skipped = x.days.filter((d) => !d.counted);
    expect(skipped.filter((d) => d.source === 'announcement').map((d) => d.date)).toEqual([
      '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20',
    ]);
    expect(skipped.find((d) => d.date === '2026-02-17')!.reason).toBe('Tết Nguyên đán Bính Ngọ (mùng 1)');
    expect(x.rule).toMatch(/15 ngày làm việc = 120 giờ/);
  });

  it('works on announced working Saturdays', () => {
    expect(due('2026-01-09', '16:00', 2, 'working_hours')).toBe('2026-01-10T08:30:00+07:00');
    const x = explainDeadline(at('2026-01-09', '16:00'), 2, 'working_hours', cal);
    expect(x.days[1]).toMatchObject({ date: '2026-01-10', counted: true, source: 'announcement', reason: 'Làm bù cho thứ Sáu 2/1' });
  });

  it('crosses the new year (1 Jan 2027 is a Friday holiday)', () => {
    expect(due('2026-12-31', '16:00', 2, 'working_days')).toBe('2027-01-05T16:00:00+07:00');
  });

  it('derives a working day from the calendar’s office hours', () => {
    const commune = deriveCalendar(cal, {
      id: 'xa',
      name: 'UBND xã',
      officeHours: { periods: [{ start: '07:00', end: '11:00' }, { start: '13:30', end: '16:30' }] },
    });
    expect(due('2026-11-23', '10:00', 1, 'working_days', commune)).toBe('2026-11-24T10:00:00+07:00');
    expect(workingTimeBetween(at('2026-11-23', '10:00'), at('2026-11-24', '10:00'), commune)).toBe(420);
    expect(due('2026-11-23', '15:00', 3, 'working_hours', commune)).toBe('2026-11-24T08:30:00+07:00');
  });

  it('returns the start itself for a zero amount', () => {
    expect(due('2026-11-23', '18:00', 0, 'working_days')).toBe('2026-11-23T18:00:00+07:00');
  });
});

describe('calendar days and months (Civil Code Art. 147–148)', () => {
  it('starts the day after reception and moves a Saturday end to the end of Monday', () => {
    expect(due('2026-11-18', '10:00', 3, 'days')).toBe('2026-11-23T23:59:59.999+07:00');
    const x = explainDeadline(at('2026-11-18', '10:00'), 3, 'days', cal);
    expect(x.days.map((d) => [d.date, d.counted])).toEqual([
      ['2026-11-18', false],
      ['2026-11-19', true],
      ['2026-11-20', true],
      ['2026-11-21', true],
      ['2026-11-22', false],
      ['2026-11-23', false],
    ]);
    expect(x.days[5]!.reason).toMatch(/Điều 148/);
    expect(x.days.filter((d) => d.counted)).toHaveLength(3);
  });

  it('counts holidays inside the period but never ends on one', () => {
    expect(due('2026-11-19', '16:59', 1, 'days')).toBe('2026-11-20T23:59:59.999+07:00');
    expect(due('2026-02-10', '09:00', 5, 'days')).toBe('2026-02-23T23:59:59.999+07:00');
    expect(due('2026-02-05', '09:00', 10, 'days')).toBe('2026-02-23T23:59:59.999+07:00');
    expect(due('2026-01-30', '09:00', 30, 'days')).toBe('2026-03-02T23:59:59.999+07:00');
  });

  it('adds months to the same day of the month, clamped to the month end', () => {
    expect(due('2026-01-31', '10:00', 1, 'months')).toBe('2026-03-02T23:59:59.999+07:00'); // 28 Feb 2026 is a Saturday
    expect(due('2028-01-31', '10:00', 1, 'months')).toBe('2028-02-29T23:59:59.999+07:00'); // leap year, a Tuesday
    expect(due('2026-03-31', '10:00', 1, 'months')).toBe('2026-05-04T23:59:59.999+07:00'); // 30 Apr, 1 May, weekend
    expect(due('2026-08-31', '10:00', 12, 'months')).toBe('2027-08-31T23:59:59.999+07:00');
    expect(due('2026-11-15', '10:00', 3, 'months')).toBe('2027-02-15T23:59:59.999+07:00');
  });

  it('ends at the end of the last day (Art. 148), or at closing time when the procedure says so', () => {
    const start = at('2026-11-18', '10:00');
    expect(formatVnInstant(addWorkingTime(start, 3, 'days', cal, { dayEnd: 'end_of_day' }))).toBe('2026-11-23T23:59:59.999+07:00');
    expect(formatVnInstant(addWorkingTime(start, 3, 'days', cal, { dayEnd: 'closing' }))).toBe('2026-11-23T17:00:00+07:00');
    expect(formatVnInstant(addWorkingTime(at('2026-01-31', '10:00'), 1, 'months', cal, { dayEnd: 'closing' }))).toBe('2026-03-02T17:00:00+07:00');
    // A result delivered on the last day after the office closed is still on time under the Civil Code rule.
    expect(addWorkingTime(start, 3, 'days', cal).getTime()).toBeGreaterThan(at('2026-11-23', '23:59').getTime());
    expect(addWorkingTime(start, 3, 'days', cal).getTime()).toBeLessThan(at('2026-11-24', '00:00').getTime());
    expect(explainDeadline(start, 3, 'days', cal).rule).toMatch(/cuối ngày/);
    const closing = explainDeadline(start, 3, 'days', cal, { dayEnd: 'closing' });
    expect(closing.rule).toMatch(/lúc 17:00/);
    expect(closing.due.getTime()).toBe(at('2026-11-23', '17:00').getTime());
  });
});

describe('same day (trong ngày)', () => {
  it('is due at closing time when received up to the 15:00 cut-off, else on the next working day', () => {
    expect(due('2026-11-23', '14:59', 0, 'same_day')).toBe('2026-11-23T17:00:00+07:00');
    expect(due('2026-11-23', '15:00', 0, 'same_day')).toBe('2026-11-23T17:00:00+07:00');
    expect(due('2026-11-23', '15:01', 0, 'same_day')).toBe('2026-11-24T17:00:00+07:00');
    expect(due('2026-11-23', '06:45', 0, 'same_day')).toBe('2026-11-23T17:00:00+07:00');
    expect(due('2026-11-20', '15:30', 0, 'same_day')).toBe('2026-11-23T17:00:00+07:00');
    expect(due('2026-11-21', '09:00', 0, 'same_day')).toBe('2026-11-23T17:00:00+07:00');
    expect(due('2026-02-13', '16:00', 1, 'same_day')).toBe('2026-02-23T17:00:00+07:00');
  });

  it('uses the cut-off configured on the calendar', () => {
    const late = deriveCalendar(cal, { id: 'u', name: 'u', sameDayCutoff: '16:00' });
    expect(due('2026-11-23', '15:30', 0, 'same_day', late)).toBe('2026-11-23T17:00:00+07:00');
    const x = explainDeadline(at('2026-11-23', '15:30'), 0, 'same_day', cal);
    expect(x.days.map((d) => [d.date, d.counted])).toEqual([
      ['2026-11-23', false],
      ['2026-11-24', true],
    ]);
    expect(x.days[0]!.reason).toMatch(/sau 15:00/);
  });
});

describe('clock hours', () => {
  it('count continuously and ignore the working calendar while the office is open at the end', () => {
    expect(due('2026-02-12', '16:00', 24, 'hours')).toBe('2026-02-13T16:00:00+07:00');
    expect(due('2026-02-13', '16:00', 0.5, 'hours')).toBe('2026-02-13T16:30:00+07:00');
    expect(due('2026-11-23', '10:00', 7, 'hours')).toBe('2026-11-23T17:00:00+07:00'); // the closing instant is still open
    const x = explainDeadline(at('2026-02-12', '16:00'), 24, 'hours', cal);
    expect(x.days.map((d) => [d.date, d.counted, d.minutes])).toEqual([
      ['2026-02-12', true, 480],
      ['2026-02-13', true, 960],
    ]);
  });

  it('move an end that falls while the office is closed to the next opening', () => {
    expect(due('2026-11-23', '10:00', 2, 'hours')).toBe('2026-11-23T13:00:00+07:00'); // lunch
    expect(due('2026-11-23', '16:00', 2, 'hours')).toBe('2026-11-24T07:30:00+07:00'); // evening
    expect(due('2026-11-23', '02:00', 3, 'hours')).toBe('2026-11-23T07:30:00+07:00'); // before opening
    expect(due('2026-02-13', '16:00', 24, 'hours')).toBe('2026-02-23T07:30:00+07:00'); // Tết break
    const x = explainDeadline(at('2026-02-13', '16:00'), 24, 'hours', cal);
    expect(x.rule).toMatch(/giờ làm việc kế tiếp/);
    expect(x.days[0]).toMatchObject({ date: '2026-02-13', counted: true, minutes: 480 });
    expect(x.days[1]).toMatchObject({ date: '2026-02-14', counted: true, minutes: 960 });
    expect(x.days.at(-1)).toMatchObject({ date: '2026-02-23', counted: false, minutes: 0 });
    expect(x.days.at(-1)!.reason).toMatch(/ngoài giờ làm việc/);
    expect(x.days.filter((d) => d.counted).reduce((s, d) => s + d.minutes!, 0)).toBe(24 * 60);
  });
});

describe('working time between instants and its inverse', () => {
  it('measures working minutes', () => {
    expect(workingTimeBetween(at('2026-11-23', '10:00'), at('2026-11-26', '10:00'), cal)).toBe(1440);
    expect(workingTimeBetween(at('2026-11-26', '10:00'), at('2026-11-23', '10:00'), cal)).toBe(-1440);
    expect(workingTimeBetween(at('2026-11-23', '11:45'), at('2026-11-23', '12:45'), cal)).toBe(0);
    expect(workingTimeBetween(at('2026-11-20', '16:00'), at('2026-11-23', '08:00'), cal)).toBe(90);
    expect(workingTimeBetween(at('2026-02-13', '07:30'), at('2026-02-23', '07:30'), cal)).toBe(480);
    expect(workingTimeBetween(at('2025-12-31', '17:00'), at('2027-01-04', '07:30'), cal)).toBe(480 * (365 - 104 - 11));
    expect(workingTimeBetween(at('2026-11-23', '10:00'), new Date(at('2026-11-23', '10:00').getTime() + 30_000), cal)).toBe(0.5);
  });

  it('subtracts working time (earliest instant with the same working position)', () => {
    expect(formatVnInstant(addWorkingMinutes(at('2026-11-26', '10:00'), -1440, cal))).toBe('2026-11-23T10:00:00+07:00');
    expect(formatVnInstant(addWorkingMinutes(at('2026-11-23', '07:30'), -60, cal))).toBe('2026-11-20T16:00:00+07:00');
    expect(formatVnInstant(addWorkingMinutes(at('2026-11-23', '07:30'), -480, cal))).toBe('2026-11-19T17:00:00+07:00');
    expect(formatVnInstant(addWorkingMinutes(at('2026-02-23', '08:30'), -120, cal))).toBe('2026-02-13T16:00:00+07:00');
    expect(formatVnInstant(addWorkingMinutes(at('2026-11-22', '10:00'), -30, cal))).toBe('2026-11-20T16:30:00+07:00');
    expect(formatVnInstant(addWorkingMinutes(at('2026-11-23', '10:00'), 90, cal))).toBe('2026-11-23T11:30:00+07:00');
  });

  it('reports time remaining and splits it into working days, hours and minutes', () => {
    const deadline = addWorkingTime(at('2026-11-23', '10:00'), 3, 'working_days', cal);
    const left = remainingWorkingTime(at('2026-11-24', '09:00'), deadline, cal);
    expect(left).toBe(390 + 480 + 150);
    expect(toWorkingDuration(left, cal)).toEqual({ sign: 1, days: 2, hours: 1, minutes: 0 });
    const overdue = remainingWorkingTime(at('2026-11-27', '08:15'), deadline, cal);
    // Thu 10:00–11:30 and 13:00–17:00, Fri 07:30–08:15.
    expect(overdue).toBe(-(90 + 240 + 45));
    expect(toWorkingDuration(overdue, cal)).toEqual({ sign: -1, days: 0, hours: 6, minutes: 15 });
  });
});

describe('input validation', () => {
  it('rejects bad amounts, units and instants with typed errors', () => {
    const start = at('2026-11-23', '10:00');
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof CalendarError ? e.code : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => addWorkingTime(start, -1, 'working_days', cal))).toBe('invalid_amount');
    expect(codeOf(() => addWorkingTime(start, Number.NaN, 'hours', cal))).toBe('invalid_amount');
    expect(codeOf(() => addWorkingTime(start, 1.5, 'days', cal))).toBe('invalid_amount');
    expect(codeOf(() => addWorkingTime(start, 0, 'months', cal))).toBe('invalid_amount');
    expect(codeOf(() => addWorkingTime(start, 1, 'weeks' as TimeUnit, cal))).toBe('invalid_unit');
    expect(codeOf(() => addWorkingTime(new Date('nope'), 1, 'hours', cal))).toBe('invalid_instant');
    expect(codeOf(() => addWorkingTime(at('2199-12-31', '10:00'), 5, 'working_days', cal))).toBe('out_of_range');
    expect(codeOf(() => workingTimeBetween(start, new Date(Number.NaN), cal))).toBe('invalid_instant');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addWorkingMinutes,
  addWorkingTime,
  deriveCalendar,
  deriveClock,
  explainDeadline,
  isWorkingDay,
  nationalCalendar,
  vnDateOf,
  vnInstant,
  workingTimeBetween,
  type Calendar,
  type ClockEvent,
  type TimeUnit,
} from '../../../src/domain/calendar/index.js';

const national = nationalCalendar();
// A unit with a shorter day and a local closure, so properties do not depend on the default hours.
const unit = deriveCalendar(national, {
  id: 'unit',
  name: 'unit',
  officeHours: { periods: [{ start: '07:00', end: '11:00' }, { start: '13:30', end: '16:30' }] },
  entries: [{ date: '2026-06-15', kind: 'closure', reason: 'Đóng cửa' }],
});
const PERIODS: Record<string, Array<[number, number]>> = {
  VN: [[450, 690], [780, 1020]],
  unit: [[420, 660], [810, 990]],
};

const MINUTE = 60_000;
const FROM = vnInstant('2025-01-01').getTime() / MINUTE;
const TO = vnInstant('2027-12-31').getTime() / MINUTE;
const instantArb = fc.integer({ min: FROM, max: TO }).map((m) => new Date(m * MINUTE));
const calendarArb = fc.constantFrom<Calendar>(national, unit);
const workingUnitArb = fc.constantFrom<TimeUnit>('working_hours', 'working_days');
const unitArb = fc.constantFrom<TimeUnit>('hours', 'working_hours', 'working_days', 'days', 'months', 'same_day');
const amountFor = (u: TimeUnit) =>
  u === 'days' ? fc.integer({ min: 1, max: 120 })
  : u === 'months' ? fc.integer({ min: 1, max: 24 })
  : u === 'working_days' ? fc.integer({ min: 0, max: 80 }).map((n) => n / 2)
  : u === 'same_day' ? fc.constant(0)
  : fc.integer({ min: 0, max: 400 }).map((n) => n / 4);
const limitArb = unitArb.chain((u) => amountFor(u).map((amount) => ({ unit: u, amount })));
const minutesOf = (amount: number, u: TimeUnit, cal: Calendar) => amount * (u === 'working_hours' ? 60 : PERIODS[cal.id]!.reduce((s, [a, b]) => s + b - a, 0));

const localMinute = (d: Date) => Math.floor(((d.getTime() + 7 * 3_600_000) % 86_400_000) / MINUTE);

/** Straightforward day-by-day reference for adding working minutes (no indexes, no ordinals). */
function referenceAdd(start: Date, minutes: number, cal: Calendar): number {
  let day = vnDateOf(start);
  let from = localMinute(start);
  let left = minutes;
  for (;;) {
    if (isWorkingDay(cal, day)) {
      for (const [s, e] of PERIODS[cal.id]!) {
        const begin = Math.max(s, from);
        if (begin >= e) continue;
        if (left <= e - begin) return vnInstant(day).getTime() + (begin + left) * MINUTE;
        left -= e - begin;
      }
    }
    day = addDays(day, 1);
    from = 0;
  }
}

function referenceBetween(a: Date, b: Date, cal: Calendar): number {
  let total = 0;
  for (let day = vnDateOf(a); day <= vnDateOf(b); day = addDays(day, 1)) {
    if (!isWorkingDay(cal, day)) continue;
    const base = vnInstant(day).getTime() / MINUTE;
    for (const [s, e] of PERIODS[cal.id]!) {
      const lo = Math.max(base + s, a.getTime() / MINUTE);
      const hi = Math.min(base + e, b.getTime() / MINUTE);
      if (hi > lo) total += hi - lo;
    }
  }
  return total;
}

const RUNS = { numRuns: 300 };

describe('deadline invariants (fast-check)', () => {
  it('agrees with a day-by-day reference implementation', () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 1, max: 40 * 480 }), calendarArb, (start, minutes, cal) => {
        expect(addWorkingTime(start, minutes / 60, 'working_hours', cal).getTime()).toBe(referenceAdd(start, minutes, cal));
      }),
      RUNS,
    );
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 0, max: 60 * 24 * 60 }), calendarArb, (a, gap, cal) => {
        const b = new Date(a.getTime() + gap * MINUTE);
        expect(workingTimeBetween(a, b, cal)).toBe(referenceBetween(a, b, cal));
      }),
      RUNS,
    );
  });

  it('is monotonic in the amount', () => {
    fc.assert(
      fc.property(instantArb, calendarArb, unitArb.chain((u) => fc.tuple(fc.constant(u), amountFor(u), amountFor(u))), (start, cal, [u, x, y]) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        expect(addWorkingTime(start, lo, u, cal).getTime()).toBeLessThanOrEqual(addWorkingTime(start, hi, u, cal).getTime());
      }),
      RUNS,
    );
  });

  it('is monotonic in the start', () => {
    fc.assert(
      fc.property(instantArb, instantArb, calendarArb, limitArb, (a, b, cal, { unit: u, amount }) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(addWorkingTime(early, amount, u, cal).getTime()).toBeLessThanOrEqual(addWorkingTime(late, amount, u, cal).getTime());
      }),
      RUNS,
    );
  });

  it('workingTimeBetween(start, addWorkingTime(start, amount)) is the amount, for any start', () => {
    fc.assert(
      fc.property(instantArb, calendarArb, workingUnitArb.chain((u) => fc.tuple(fc.constant(u), amountFor(u))), (start, cal, [u, amount]) => {
        const due = addWorkingTime(start, amount, u, cal);
        expect(workingTimeBetween(start, due, cal)).toBeCloseTo(minutesOf(amount, u, cal), 9);
      }),
      RUNS,
    );
  });

  it('subtracting is the inverse of adding, and between is additive', () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 1, max: 30 * 480 }), instantArb, calendarArb, (t, minutes, u, cal) => {
        const back = addWorkingMinutes(t, -minutes, cal);
        expect(back.getTime()).toBeLessThan(t.getTime());
        expect(workingTimeBetween(back, t, cal)).toBe(minutes);
        const fwd = addWorkingMinutes(t, minutes, cal);
        expect(workingTimeBetween(t, fwd, cal)).toBe(minutes);
        expect(workingTimeBetween(back, fwd, cal)).toBe(workingTimeBetween(back, u, cal) + workingTimeBetween(u, fwd, cal));
      }),
      RUNS,
    );
  });

  it('is due within office hours (or exactly at a closing time) on a working day; days and months at the end of the day', () => {
    fc.assert(
      fc.property(instantArb, calendarArb, limitArb, (start, cal, { unit: u, amount }) => {
        fc.pre(amount > 0 || u === 'same_day' || u === 'days' || u === 'months');
        const due = addWorkingTime(start, amount, u, cal);
        expect(due.getTime()).toBeGreaterThan(start.getTime());
        expect(isWorkingDay(cal, vnDateOf(due))).toBe(true);
        const m = localMinute(due) + (due.getTime() % MINUTE) / MINUTE;
        const periods = PERIODS[cal.id]!;
        if (u === 'days' || u === 'months') {
          // Civil Code Art. 148: the end of the last day (23:59:59.999), or closing time when the procedure says so.
          expect(m).toBeCloseTo(24 * 60 - 1 / MINUTE, 9);
          const closing = addWorkingTime(start, amount, u, cal, { dayEnd: 'closing' });
          expect(vnDateOf(closing)).toBe(vnDateOf(due));
          expect(localMinute(closing)).toBe(periods[periods.length - 1]![1]);
          return;
        }
        if (u === 'hours') {
          // Clock hours, moved to the next opening only when the office is closed at the end.
          const raw = start.getTime() + Math.round(amount * 3_600_000);
          expect(due.getTime()).toBeGreaterThanOrEqual(raw);
          if (due.getTime() > raw) expect(periods.some(([s]) => m === s)).toBe(true);
          expect(periods.some(([s, e]) => m >= s && m <= e)).toBe(true);
          return;
        }
        expect(periods.some(([s, e]) => m > s && m <= e)).toBe(true);
        if (u !== 'working_hours' && u !== 'working_days') expect(m).toBe(periods[periods.length - 1]![1]);
      }),
      RUNS,
    );
  });

  it('explains itself: counted days add up to the limit', () => {
    fc.assert(
      fc.property(instantArb, calendarArb, limitArb, (start, cal, { unit: u, amount }) => {
        const x = explainDeadline(start, amount, u, cal);
        expect(x.due.getTime()).toBe(addWorkingTime(start, amount, u, cal).getTime());
        const counted = x.days.filter((d) => d.counted);
        if (u === 'working_hours' || u === 'working_days') {
          expect(counted.reduce((s, d) => s + d.minutes!, 0)).toBeCloseTo(minutesOf(amount, u, cal), 9);
          expect(counted.every((d) => isWorkingDay(cal, d.date) && d.minutes! > 0)).toBe(true);
          expect(x.days.filter((d) => !d.counted).every((d) => d.reason !== null)).toBe(true);
        } else if (u === 'days') {
          expect(counted).toHaveLength(amount);
          expect(counted[counted.length - 1]!.date).toBe(addDays(vnDateOf(start), amount));
        } else if (u === 'hours') {
          expect(counted.reduce((s, d) => s + d.minutes!, 0)).toBeCloseTo(amount * 60, 9);
        } else if (u === 'same_day') {
          expect(counted.map((d) => d.date)).toEqual([vnDateOf(x.due)]);
        }
        if (x.days.length > 0) expect(x.days[x.days.length - 1]!.date).toBe(vnDateOf(x.due));
      }),
      RUNS,
    );
  });

  it('counts whole working days from an opening time as exactly that many days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 30 }), (offset, n) => {
        const day = addDays('2025-01-01', offset);
        fc.pre(isWorkingDay(national, day));
        const x = explainDeadline(vnInstant(day, '07:30'), n, 'working_days', national);
        expect(x.days.filter((d) => d.counted)).toHaveLength(n);
      }),
      RUNS,
    );
  });
});

describe('clock invariants (fast-check)', () => {
  /** start, then 0–4 pause/resume pairs with positive gaps, optionally ending paused. */
  const eventsArb = fc
    .tuple(instantArb, fc.array(fc.tuple(fc.integer({ min: 0, max: 4 * 1440 }), fc.integer({ min: 0, max: 6 * 1440 })), { maxLength: 4 }), fc.boolean())
    .map(([start, gaps, endPaused]) => {
      const events: ClockEvent[] = [{ type: 'start', at: start }];
      let t = start.getTime();
      gaps.forEach(([run, wait], i) => {
        t += run * MINUTE;
        events.push({ type: 'pause', at: new Date(t) });
        if (i === gaps.length - 1 && endPaused) return;
        t += wait * MINUTE;
        events.push({ type: 'resume', at: new Date(t) });
      });
      return { events, last: new Date(t) };
    });

  it('without pauses, the due instant is addWorkingTime from the start', () => {
    fc.assert(
      fc.property(instantArb, calendarArb, limitArb, (start, cal, limit) => {
        const s = deriveClock({ calendar: cal, limit, events: [{ type: 'start', at: start }] });
        expect(s.due!.getTime()).toBe(addWorkingTime(start, limit.amount, limit.unit, cal).getTime());
      }),
      RUNS,
    );
  });

  it('a pause never makes the due instant earlier, and restarting is never earlier than pausing', () => {
    fc.assert(
      fc.property(eventsArb, calendarArb, limitArb, ({ events, last }, cal, limit) => {
        const plain = addWorkingTime(events[0]!.at, limit.amount, limit.unit, cal).getTime();
        const paused = deriveClock({ calendar: cal, limit, pausePolicy: 'pause', events }, last);
        const restarted = deriveClock({ calendar: cal, limit, pausePolicy: 'restart', events }, last);
        expect(paused.due!.getTime()).toBeGreaterThanOrEqual(plain);
        expect(restarted.due!.getTime()).toBeGreaterThanOrEqual(paused.due!.getTime());
        // A longer final wait never brings the due instant forward.
        const later = new Date(last.getTime() + 3 * 86_400_000);
        if (paused.status === 'paused') expect(deriveClock({ calendar: cal, limit, events }, later).due!.getTime()).toBeGreaterThanOrEqual(paused.due!.getTime());
      }),
      RUNS,
    );
  });

  it('elapsed + remaining = limit for working units while running', () => {
    fc.assert(
      fc.property(eventsArb, calendarArb, workingUnitArb.chain((u) => amountFor(u).map((amount) => ({ unit: u, amount }))), ({ events, last }, cal, limit) => {
        const s = deriveClock({ calendar: cal, limit, events }, last);
        fc.pre(s.status === 'running');
        expect(s.elapsedMinutes + s.remainingMinutes!).toBeCloseTo(minutesOf(limit.amount, limit.unit, cal), 9);
      }),
      RUNS,
    );
  });
});

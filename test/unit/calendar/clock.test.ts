import { describe, expect, it } from 'vitest';
import {
  ClockError,
  deriveClock,
  formatVnInstant,
  nationalCalendar,
  outcomeOf,
  scoreOf,
  vnInstant,
  type ClockEvent,
  type ClockInput,
  type Limit,
  type PausePolicy,
} from '../../../src/domain/calendar/index.js';

const calendar = nationalCalendar();
const at = (date: string, time: string) => vnInstant(date, time);
const iso = (d: Date | null) => (d === null ? null : formatVnInstant(d));
const clock = (events: ClockEvent[], limit: Limit = { amount: 3, unit: 'working_days' }, pausePolicy: PausePolicy = 'pause'): ClockInput => ({
  calendar,
  limit,
  pausePolicy,
  events,
});
const start = { type: 'start', at: at('2026-11-23', '10:00') } as const;

describe('scoring (Circular 01/2018: 2 early, 1 on time, 0 late)', () => {
  const due = at('2026-11-26', '10:00');
  it('gives 2 for a finish on an earlier day, 1 on the due day up to the due instant, 0 after it', () => {
    expect([outcomeOf(at('2026-11-25', '16:59'), due), scoreOf(at('2026-11-25', '16:59'), due)]).toEqual(['early', 2]);
    expect([outcomeOf(at('2026-11-26', '08:00'), due), scoreOf(at('2026-11-26', '08:00'), due)]).toEqual(['on_time', 1]);
    expect([outcomeOf(due, due), scoreOf(due, due)]).toEqual(['on_time', 1]);
    expect([outcomeOf(at('2026-11-26', '10:01'), due), scoreOf(at('2026-11-26', '10:01'), due)]).toEqual(['late', 0]);
  });
});

describe('deriveClock', () => {
  it('is not started without events', () => {
    expect(deriveClock(clock([]))).toMatchObject({ status: 'not_started', due: null, score: null, remainingMinutes: null });
  });

  it('runs from the start and reports elapsed and remaining working time at `now`', () => {
    const s = deriveClock(clock([start]), at('2026-11-24', '09:00'));
    expect(s.status).toBe('running');
    expect(iso(s.due)).toBe('2026-11-26T10:00:00+07:00');
    expect(s.elapsedMinutes).toBe(90 + 240 + 90);
    expect(s.remainingMinutes).toBe(3 * 480 - (90 + 240 + 90));
    expect(s.outcome).toBeNull();
    expect(deriveClock(clock([start]), at('2026-11-27', '08:00')).remainingMinutes).toBe(-(90 + 240 + 30));
  });

  it('scores a stopped clock', () => {
    const early = deriveClock(clock([start, { type: 'stop', at: at('2026-11-25', '15:00') }]));
    expect(early).toMatchObject({ status: 'stopped', outcome: 'early', score: 2 });
    expect(early.remainingMinutes).toBe(120 + 150);
    const onTime = deriveClock(clock([start, { type: 'stop', at: at('2026-11-26', '09:00') }]));
    expect(onTime).toMatchObject({ outcome: 'on_time', score: 1 });
    const late = deriveClock(clock([start, { type: 'stop', at: at('2026-11-26', '13:30') }]));
    expect(late).toMatchObject({ outcome: 'late', score: 0, remainingMinutes: -120 });
  });

  it('pause policy: waiting time does not count, the due instant moves by the paused working time', () => {
    const events: ClockEvent[] = [
      start,
      { type: 'pause', at: at('2026-11-24', '10:00'), reason: 'Yêu cầu bổ sung hồ sơ' },
      { type: 'resume', at: at('2026-11-25', '10:00') },
    ];
    const s = deriveClock(clock(events), at('2026-11-25', '10:00'));
    expect(iso(s.due)).toBe('2026-11-27T10:00:00+07:00');
    expect(s.pausedMinutes).toBe(480);
    expect(s.elapsedMinutes).toBe(480);
    expect(s.remainingMinutes).toBe(960);
  });

  it('restart policy: the whole limit starts again at resume', () => {
    const events: ClockEvent[] = [start, { type: 'pause', at: at('2026-11-24', '10:00') }, { type: 'resume', at: at('2026-11-25', '10:00') }];
    const s = deriveClock(clock(events, undefined, 'restart'));
    expect(iso(s.due)).toBe('2026-11-30T10:00:00+07:00');
    expect(iso(s.countingFrom)).toBe('2026-11-25T10:00:00+07:00');
    expect(s.elapsedMinutes).toBe(0);
  });

  it('an explicit restart event resets the limit whatever the policy', () => {
    const s = deriveClock(clock([start, { type: 'restart', at: at('2026-11-25', '10:00'), reason: 'Hẹn lại' }]));
    expect(iso(s.due)).toBe('2026-11-30T10:00:00+07:00');
  });

  it('while paused, shows the due instant as if resumed at `now`', () => {
    const events: ClockEvent[] = [start, { type: 'pause', at: at('2026-11-24', '10:00') }];
    const s = deriveClock(clock(events), at('2026-11-24', '15:00'));
    expect(s.status).toBe('paused');
    expect(s.pausedMinutes).toBe(90 + 120);
    expect(iso(s.due)).toBe('2026-11-26T15:00:00+07:00');
    expect(s.remainingMinutes).toBe(3 * 480 - 480);
  });

  it('stopping while paused judges as if resumed at the stop', () => {
    const events: ClockEvent[] = [start, { type: 'pause', at: at('2026-11-24', '10:00') }, { type: 'stop', at: at('2026-11-30', '10:00') }];
    const s = deriveClock(clock(events));
    // One working day was used before the pause; the two left run from the stop, so the stop is early.
    expect(iso(s.due)).toBe('2026-12-02T10:00:00+07:00');
    expect(s).toMatchObject({ status: 'stopped', outcome: 'early', score: 2, elapsedMinutes: 480 });
  });

  it('pauses calendar-day limits by clock time', () => {
    const events: ClockEvent[] = [
      { type: 'start', at: at('2026-11-18', '10:00') },
      { type: 'pause', at: at('2026-11-19', '10:00') },
      { type: 'resume', at: at('2026-11-21', '10:00') },
    ];
    // Unpaused, 3 days from Wed 18 Nov end Sat 21 → Mon 23. Two days of pause move the counting start to 20 Nov,
    // so the period ends Mon 23 itself; four days of pause move it to 22 Nov and the end to Wed 25.
    // The period ends at the end of its last day (Civil Code Art. 148), or at closing time when the procedure says so.
    expect(iso(deriveClock(clock(events, { amount: 3, unit: 'days' })).due)).toBe('2026-11-23T23:59:59.999+07:00');
    expect(iso(deriveClock(clock(events, { amount: 3, unit: 'days', dayEnd: 'closing' })).due)).toBe('2026-11-23T17:00:00+07:00');
    const longer: ClockEvent[] = [events[0]!, events[1]!, { type: 'resume', at: at('2026-11-23', '10:00') }];
    expect(iso(deriveClock(clock(longer, { amount: 3, unit: 'days' })).due)).toBe('2026-11-25T23:59:59.999+07:00');
    // 24 clock hours end Thu 19 Nov 12:00, during the lunch break: due at the afternoon opening.
    const hours: ClockEvent[] = [events[0]!, events[1]!, { type: 'resume', at: at('2026-11-19', '12:00') }];
    expect(iso(deriveClock(clock(hours, { amount: 24, unit: 'hours' })).due)).toBe('2026-11-19T13:00:00+07:00');
  });

  it('rejects invalid event sequences with typed errors', () => {
    const codeOf = (events: ClockEvent[], now?: Date) => {
      try {
        deriveClock(clock(events), now);
      } catch (e) {
        return e instanceof ClockError ? [e.code, e.eventIndex] : ['other'];
      }
      return ['none'];
    };
    const t = (time: string) => at('2026-11-23', time);
    expect(codeOf([{ type: 'resume', at: t('10:00') }])).toEqual(['first_event_not_start', 0]);
    expect(codeOf([{ type: 'start', at: t('10:00') }, { type: 'resume', at: t('11:00') }])).toEqual(['not_paused', 1]);
    expect(codeOf([{ type: 'start', at: t('10:00') }, { type: 'start', at: t('11:00') }])).toEqual(['already_started', 1]);
    expect(codeOf([{ type: 'start', at: t('10:00') }, { type: 'pause', at: t('11:00') }, { type: 'pause', at: t('12:00') }])).toEqual(['not_running', 2]);
    expect(codeOf([{ type: 'start', at: t('10:00') }, { type: 'pause', at: t('09:00') }])).toEqual(['out_of_order', 1]);
    expect(codeOf([{ type: 'start', at: t('10:00') }, { type: 'stop', at: t('11:00') }, { type: 'resume', at: t('12:00') }])).toEqual(['after_stop', 2]);
    expect(codeOf([{ type: 'start', at: new Date(Number.NaN) }])).toEqual(['invalid_instant', 0]);
    expect(codeOf([{ type: 'start', at: t('10:00') }, { type: 'tick', at: t('11:00') } as unknown as ClockEvent])).toEqual(['unknown_event', 1]);
    expect(codeOf([{ type: 'start', at: t('10:00') }], t('09:00'))).toEqual(['now_before_last_event', undefined]);
    expect(codeOf([{ type: 'start', at: t('10:00') }, { type: 'pause', at: t('10:00') }, { type: 'resume', at: t('10:00') }])).toEqual(['none']);
  });
});

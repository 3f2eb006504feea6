// Processing clocks: a dossier's (or a step's) time limit as a pure fold over its events.
//
// Pauses are measured in the currency of the limit: working time for working_hours / working_days (so a pause only
// moves the due date by the office time that was lost), clock time for hours / days / months / same_day (the
// counting start is moved later by the paused duration and the limit recomputed from there). Both make the due
// instant a non-decreasing function of the pauses, and never later than restarting the limit at resume.

import { compile } from './calendar.js';
import { VN_OFFSET_MS, MS_PER_DAY, MS_PER_MINUTE } from './date.js';
import { dueMs, forwardWorking, workingLimitMs, workingMsBetween } from './deadline.js';
import { ClockError } from './errors.js';
import type { Calendar, Limit } from './types.js';

export type ClockEvent =
  | { readonly type: 'start'; readonly at: Date }
  | { readonly type: 'pause'; readonly at: Date; readonly reason?: string }
  | { readonly type: 'resume'; readonly at: Date }
  /** The limit counts again from zero at `at` (e.g. a new appointment after a supplement); valid while running or paused. */
  | { readonly type: 'restart'; readonly at: Date; readonly reason?: string }
  | { readonly type: 'stop'; readonly at: Date };

/** What `resume` does: `pause` = waiting time does not count; `restart` = the limit starts again from zero. */
export type PausePolicy = 'pause' | 'restart';

export interface ClockInput {
  calendar: Calendar;
  limit: Limit;
  /** Default 'pause'. */
  pausePolicy?: PausePolicy;
  events: readonly ClockEvent[];
}

export type ClockStatus = 'not_started' | 'running' | 'paused' | 'stopped';
export type Outcome = 'early' | 'on_time' | 'late';
export type Score = 0 | 1 | 2;

export interface ClockState {
  status: ClockStatus;
  /** First start. */
  startedAt: Date | null;
  /** Instant the current limit counts from (start, or the last restart). */
  countingFrom: Date | null;
  /** Instant the figures below refer to: the stop instant, else `now` (default: the last event). */
  asOf: Date | null;
  /** Due instant; while paused, the due instant if the clock were resumed at `asOf`. */
  due: Date | null;
  /** Working minutes counted against the current limit (pauses excluded). */
  elapsedMinutes: number;
  /** Working minutes from `asOf` to `due`; negative when overdue. */
  remainingMinutes: number | null;
  /** Working minutes spent paused since `countingFrom`. */
  pausedMinutes: number;
  stoppedAt: Date | null;
  outcome: Outcome | null;
  score: Score | null;
}

const vnDay = (t: number) => Math.floor((t + VN_OFFSET_MS) / MS_PER_DAY);

/**
 * Early / on time / late of a finish against a due instant. Late: after the due instant. Early: on a Vietnamese
 * calendar day before the due day. On time: on the due day, at or before the due instant.
 */
export function outcomeOf(finishedAt: Date, due: Date): Outcome {
  const f = finishedAt.getTime();
  const d = due.getTime();
  if (!Number.isFinite(f) || !Number.isFinite(d)) throw new ClockError('invalid_instant', { vi: 'Thời điểm không hợp lệ', en: 'Invalid instant' });
  if (f > d) return 'late';
  return vnDay(f) < vnDay(d) ? 'early' : 'on_time';
}

/** Circular 01/2018 score: 2 early (finished on an earlier day than due), 1 on time (on the due day), 0 late. */
export function scoreOf(finishedAt: Date, due: Date): Score {
  const o = outcomeOf(finishedAt, due);
  return o === 'early' ? 2 : o === 'on_time' ? 1 : 0;
}

function fail(code: ClockError['code'], en: string, vi: string, index?: number): ClockError {
  return new ClockError(code, { vi, en }, index);
}

/** Folds the events of a clock into its state at `now` (or at its last event when `now` is omitted). */
export function deriveClock(input: ClockInput, now?: Date): ClockState {
  const c = compile(input.calendar);
  const { amount, unit } = input.limit;
  const policy = input.pausePolicy ?? 'pause';
  const working = unit === 'working_hours' || unit === 'working_days';
  const limitMs = working ? workingLimitMs(c, amount, unit) : 0;

  let status: ClockStatus = 'not_started';
  let startedAt = 0;
  let countingFrom = 0;
  let runSince = 0;
  let pausedAt = 0;
  let stoppedAt = 0;
  let elapsedMs = 0;
  let pausedWorkMs = 0;
  let pausedClockMs = 0;
  let last = Number.NEGATIVE_INFINITY;

  const resetAt = (t: number) => {
    countingFrom = t;
    runSince = t;
    elapsedMs = 0;
    pausedWorkMs = 0;
    pausedClockMs = 0;
  };
  const endPause = (t: number) => {
    pausedWorkMs += workingMsBetween(c, pausedAt, t);
    pausedClockMs += t - pausedAt;
  };

  input.events.forEach((event, i) => {
    const t = event?.at instanceof Date ? event.at.getTime() : Number.NaN;
    if (!Number.isFinite(t)) throw fail('invalid_instant', `Event ${i} has no valid instant`, `Sự kiện thứ ${i + 1} không có thời điểm hợp lệ`, i);
    if (t < last) throw fail('out_of_order', `Event ${i} is earlier than the event before it`, `Sự kiện thứ ${i + 1} xảy ra trước sự kiện liền trước`, i);
    last = t;
    if (status === 'stopped') throw fail('after_stop', `Event ${i} comes after stop`, `Sự kiện thứ ${i + 1} xảy ra sau khi đã dừng`, i);
    switch (event.type) {
      case 'start':
        if (status !== 'not_started') throw fail('already_started', `Event ${i}: the clock is already started`, `Sự kiện thứ ${i + 1}: đồng hồ đã được bắt đầu`, i);
        startedAt = t;
        resetAt(t);
        status = 'running';
        return;
      case 'pause':
        if (status !== 'running') throw fail(status === 'not_started' ? 'first_event_not_start' : 'not_running', `Event ${i}: pause while not running`, `Sự kiện thứ ${i + 1}: tạm dừng khi đồng hồ không chạy`, i);
        elapsedMs += workingMsBetween(c, runSince, t);
        pausedAt = t;
        status = 'paused';
        return;
      case 'resume':
        if (status !== 'paused') throw fail(status === 'not_started' ? 'first_event_not_start' : 'not_paused', `Event ${i}: resume without pause`, `Sự kiện thứ ${i + 1}: tiếp tục khi không tạm dừng`, i);
        if (policy === 'restart') resetAt(t);
        else {
          endPause(t);
          runSince = t;
        }
        status = 'running';
        return;
      case 'restart':
        if (status === 'not_started') throw fail('first_event_not_start', `Event ${i}: restart before start`, `Sự kiện thứ ${i + 1}: tính lại khi chưa bắt đầu`, i);
        resetAt(t);
        status = 'running';
        return;
      case 'stop':
        if (status === 'not_started') throw fail('first_event_not_start', `Event ${i}: stop before start`, `Sự kiện thứ ${i + 1}: dừng khi chưa bắt đầu`, i);
        // A clock stopped while paused is judged as if resumed at the stop (pause policy) or restarted then.
        if (status === 'running') elapsedMs += workingMsBetween(c, runSince, t);
        else if (policy === 'restart') resetAt(t);
        else endPause(t);
        stoppedAt = t;
        status = 'stopped';
        return;
      default:
        throw fail('unknown_event', `Event ${i} has an unknown type`, `Sự kiện thứ ${i + 1} không xác định`, i);
    }
  });

  if (status === 'not_started') {
    return {
      status, startedAt: null, countingFrom: null, asOf: null, due: null, elapsedMinutes: 0, remainingMinutes: null,
      pausedMinutes: 0, stoppedAt: null, outcome: null, score: null,
    };
  }

  let asOf = last;
  if (status !== 'stopped' && now !== undefined) {
    const n = now instanceof Date ? now.getTime() : Number.NaN;
    if (!Number.isFinite(n)) throw fail('invalid_instant', '`now` is not a valid instant', 'Thời điểm hiện tại không hợp lệ');
    if (n < last) throw fail('now_before_last_event', '`now` is earlier than the last event', 'Thời điểm hiện tại sớm hơn sự kiện cuối cùng');
    asOf = n;
  }
  let from = countingFrom;
  let pausedWork = pausedWorkMs;
  let pausedClock = pausedClockMs;
  let elapsed = elapsedMs;
  if (status === 'running') elapsed += workingMsBetween(c, runSince, asOf);
  if (status === 'paused') {
    if (policy === 'restart') {
      from = asOf;
      pausedWork = 0;
      pausedClock = 0;
      elapsed = 0;
    } else {
      pausedWork += workingMsBetween(c, pausedAt, asOf);
      pausedClock += asOf - pausedAt;
    }
  }

  let due: number;
  if (working) {
    const total = limitMs + pausedWork;
    due = total === 0 ? from : forwardWorking(c, from, total);
  } else {
    due = dueMs(c, from + pausedClock, amount, unit, input.limit.dayEnd);
  }

  const stopped = status === 'stopped';
  const outcome = stopped ? outcomeOf(new Date(stoppedAt), new Date(due)) : null;
  return {
    status,
    startedAt: new Date(startedAt),
    countingFrom: new Date(countingFrom),
    asOf: new Date(asOf),
    due: new Date(due),
    elapsedMinutes: elapsed / MS_PER_MINUTE,
    remainingMinutes: workingMsBetween(c, asOf, due) / MS_PER_MINUTE,
    pausedMinutes: pausedWork / MS_PER_MINUTE,
    stoppedAt: stopped ? new Date(stoppedAt) : null,
    outcome,
    score: outcome === null ? null : outcome === 'early' ? 2 : outcome === 'on_time' ? 1 : 0,
  };
}

// Full journeys on the real 2026 calendar. Sat 25 – Mon 27 Apr (Hùng Kings, compensated), Thu 30 Apr – Sun 3 May
// are not worked; office hours 07:30–11:30 and 13:00–17:00 (480 minutes a day).
import { describe, expect, it } from 'vitest';
import { withEntries } from '../../../src/domain/calendar/index.js';
import { AppError } from '../../../src/domain/errors.js';
import { projectionOf } from '../../../src/domain/dossier/index.js';
import { at, calendar, CODE, iso, Journey, pinned, prefix, received, STEPS, UNIT, USER } from './fixtures.js';

/** Received Thu 23 Apr 09:00, five working days: due Tue 5 May 09:00 (390 + 480 + 480 + 480 + 480 + 90). */
const DUE = '2026-05-05T09:00:00+07:00';

function examined(j: Journey) {
  return j
    .by(USER.desk, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 })
    .by(USER.justiceLeader, 'assign', at('2026-04-23', '14:00'), { assigneeId: USER.justiceSpecialist })
    .by(USER.justiceLeader, 'forward', at('2026-04-23', '15:00'), { toStepIndex: 2 });
}

function expectConflict(f: () => unknown, code = 'action_not_allowed') {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).kind).toBe('conflict');
    expect((e as AppError).code).toBe(code);
    return e as AppError;
  }
  throw new Error('expected a conflict');
}

describe('counter reception → assign → examine → approve → sign → finish → return', () => {
  const j = examined(received())
    .by(USER.justiceSpecialist, 'forward', at('2026-04-28', '16:00'), { toStepIndex: 3 })
    .by(USER.justiceLeader, 'approve', at('2026-04-29', '09:00'), {})
    .by(USER.justiceLeader, 'sign', at('2026-04-29', '09:30'), { documentNumber: '123/QĐ-STP' })
    .by(USER.justiceLeader, 'finish', at('2026-04-29', '10:00'), {})
    .by(USER.desk, 'return_result', at('2026-05-04', '08:00'), { method: 'counter' });

  it('walks the statuses 2 → 4 → 9 → 10', () => {
    const statuses = j.actions.map((a, i) => {
      const s = prefix(j, i + 1).at(a.at);
      return [s.status, s.nationalStatus];
    });
    expect(statuses).toEqual([
      ['received', 2],
      ['in_step', 4],
      ['assigned', 4],
      ['assigned', 4],
      ['in_step', 4],
      ['awaiting_signature', 4],
      ['signed', 4],
      ['finished', 9],
      ['returned', 10],
    ]);
  });

  it('keeps the due instant on the receiving centre calendar and scores an early finish', () => {
    const s = j.at(at('2026-05-06', '08:00'));
    expect(s.dossierCode).toBe(CODE);
    expect(iso(s.receivedAt)).toBe('2026-04-23T09:00:00+07:00');
    expect(iso(s.clock!.originalDueAt)).toBe(DUE);
    expect(iso(s.clock!.currentDueAt)).toBe(DUE);
    expect(iso(s.finishedAt)).toBe('2026-04-29T10:00:00+07:00');
    expect(iso(s.returnedAt)).toBe('2026-05-04T08:00:00+07:00');
    // 390 (Thu) + 480 (Fri) + 480 (Tue) + 150 (Wed to 10:00)
    expect(s.clock).toMatchObject({ status: 'stopped', elapsedMinutes: 1500, processingMinutes: 1500, remainingMinutes: 900, pausedMinutes: 0 });
    expect([s.outcome, s.outcomeAgainstOriginal, s.result]).toEqual(['early', 'early', 'granted']);
    expect(s.flags).toMatchObject({ late: false, lateWithoutApology: false, dueWithinOneWorkingDay: false, apologyAllowed: false });
  });

  it('writes one control-slip row per hand-over, each judged on its allotment', () => {
    const rows = j.at(at('2026-05-06', '08:00')).steps.map((r) => [
      r.row,
      r.stepIndex,
      r.unitId,
      iso(r.receivedAt),
      r.givenBy,
      r.receivedBy,
      iso(r.handedOverAt),
      r.handedOverHow,
      r.allottedMinutes,
      r.usedMinutes,
      iso(r.dueAt),
      r.outcome,
      r.score,
    ]);
    // The outcome (form 06 "Trước hạn / Đúng hạn / Quá hạn") compares the hand-over with the due instant; the score
    // (Circular 01/2018) compares working time used with working time allotted. Before issue 10 the score copied the
    // calendar-day outcome, so a step that used 60 of its 240 working minutes scored 1 ("on the due day").
    expect(rows).toEqual([
      [1, 0, UNIT.centre, '2026-04-23T09:00:00+07:00', USER.desk, USER.desk, '2026-04-23T10:00:00+07:00', 'forward', 240, 60, '2026-04-23T14:30:00+07:00', 'on_time', 2],
      [2, 1, UNIT.justice, '2026-04-23T10:00:00+07:00', USER.desk, USER.justiceLeader, '2026-04-23T15:00:00+07:00', 'forward', 240, 210, '2026-04-23T15:30:00+07:00', 'on_time', 2],
      // Thu 15:00 + 1440: 120 Thu, 480 Fri, 480 Tue, 360 Wed → Wed 29 Apr 15:00; handed over the day before.
      [3, 2, UNIT.justice, '2026-04-23T15:00:00+07:00', USER.justiceLeader, USER.justiceSpecialist, '2026-04-28T16:00:00+07:00', 'forward', 1440, 1020, '2026-04-29T15:00:00+07:00', 'early', 2],
      [4, 3, UNIT.justice, '2026-04-28T16:00:00+07:00', USER.justiceSpecialist, USER.justiceLeader, '2026-04-29T10:00:00+07:00', 'finish', 480, 210, '2026-04-29T16:00:00+07:00', 'on_time', 2],
    ]);
  });

  it('scores indicator 1 on the whole and indicator 2 per unit, on working time', () => {
    const s = j.at(at('2026-05-06', '08:00'));
    // Indicator 2 is per participating unit (Circular 01/2018), not the worst step: the justice department used
    // 210 + 1020 + 210 of its 240 + 1440 + 480 working minutes. (Before issue 10: the worst step, scored by calendar day.)
    expect(s.scores).toEqual({ indicator1: 2, indicator2: 2 });
    expect(s.unitScores).toEqual([
      { unitId: UNIT.centre, allottedMinutes: 240, usedMinutes: 60, late: false, blamed: false, score: 2 },
      { unitId: UNIT.justice, allottedMinutes: 2160, usedMinutes: 1440, late: false, blamed: false, score: 2 },
    ]);
    expect(s.steps.reduce((sum, r) => sum + r.usedMinutes, 0)).toBe(s.clock!.processingMinutes);
  });

  it('projects the row an inbox needs', () => {
    expect(projectionOf(7, j.at(at('2026-05-06', '08:00')))).toMatchObject({
      dossierId: 7,
      dossierCode: CODE,
      version: 9,
      status: 'returned',
      nationalStatus: 10,
      currentUnitId: null,
      originalDueAt: new Date(DUE),
      currentDueAt: new Date(DUE),
      outcome: 'early',
      indicator1: 2,
      remainingWorkingMinutes: null,
      apologised: false,
      supplementRequestCount: 0,
    });
  });

  it('reports the holder and the remaining time while in progress', () => {
    const mid = prefix(j, 4);
    const m = mid.at(at('2026-04-28', '10:00'));
    expect(m).toMatchObject({ status: 'assigned', currentStepIndex: 2, currentUnitId: UNIT.justice, assigneeId: USER.justiceSpecialist });
    // Thu 390 + Fri 480 + Tue 07:30–10:00 150 = 1020 used of 2400.
    expect(m.clock).toMatchObject({ status: 'running', elapsedMinutes: 1020, remainingMinutes: 1380 });
    expect(m.flags.dueWithinOneWorkingDay).toBe(false);
    // Mon 4 May 08:00 → Tue 5 May 09:00: 210 + 240 + 90 = 540 minutes, more than one working day.
    const soon = mid.at(at('2026-05-04', '08:00'));
    expect(soon.clock!.remainingMinutes).toBe(540);
    expect(soon.flags).toMatchObject({ dueWithinOneWorkingDay: false, late: false });
    const sooner = mid.at(at('2026-05-04', '09:00'));
    expect(sooner.clock!.remainingMinutes).toBe(480);
    expect(sooner.flags).toMatchObject({ dueWithinOneWorkingDay: true, late: false, apologyAllowed: true });
    expect(projectionOf(3, sooner)).toMatchObject({ remainingWorkingMinutes: 480, dueWithinOneWorkingDay: true, status: 'assigned', nationalStatus: 4 });
  });
});

describe('a late dossier with an apology', () => {
  const base = () => examined(received()).by(USER.justiceSpecialist, 'forward', at('2026-05-04', '08:00'), { toStepIndex: 3 });
  const newDue = at('2026-05-08', '16:00');

  it('moves the current due, keeps the original one, and is late against the original only', () => {
    // On time: one working day before the due instant (Tue 5 May 09:00) is Mon 4 May 09:00.
    const j = base()
      .by(USER.justiceLeader, 'apologise', at('2026-05-04', '08:30'), { lateUnitId: UNIT.justice, reason: 'Chờ xác minh thực địa', newDueAt: newDue })
      .by(USER.justiceLeader, 'approve', at('2026-05-07', '14:00'), {})
      .by(USER.justiceLeader, 'sign', at('2026-05-07', '14:30'), {})
      .by(USER.justiceLeader, 'finish', at('2026-05-07', '15:00'), {});
    const d = prefix(j, 6).at(at('2026-05-05', '10:00'));
    expect(iso(d.clock!.originalDueAt)).toBe(DUE);
    expect(iso(d.clock!.currentDueAt)).toBe('2026-05-08T16:00:00+07:00');
    // Lists judge lateness against the original appointment: late, but apologised in time.
    expect(d.flags).toMatchObject({ late: true, lateWithoutApology: false, lateApologisedLate: false, apologyAllowed: false, lateForServiceIndex: true });
    expect(d.apology).toMatchObject({ lateUnitId: UNIT.justice, signerId: USER.justiceLeader, issuedDayBeforeDue: true, late: false });
    expect(iso(d.apology!.previousDueAt)).toBe(DUE);

    const s = j.at(at('2026-05-11', '08:00'));
    expect(s.status).toBe('finished');
    expect(s.nationalStatus).toBe(9);
    expect([s.outcome, s.outcomeAgainstOriginal]).toEqual(['early', 'late']);
    expect(s.scores.indicator1).toBe(0);
    expect(s.flags.lateWithoutApology).toBe(false);
    expect(projectionOf(1, s)).toMatchObject({ apologised: true, outcome: 'early', outcomeAgainstOriginal: 'late' });
  });

  it('refuses a second apology', () => {
    const j = base().by(USER.justiceLeader, 'apologise', at('2026-05-04', '10:00'), { lateUnitId: UNIT.justice, reason: 'Chờ xác minh', newDueAt: newDue });
    const e = expectConflict(() =>
      j.by(USER.justiceLeader, 'apologise', at('2026-05-05', '08:00'), { lateUnitId: UNIT.justice, reason: 'Lần hai', newDueAt: at('2026-05-12', '16:00') }),
    );
    expect(e.messages.en).toMatch(/only once/);
  });

  it('accepts a late apology after the due instant: recorded late, the breach stays', () => {
    const j = base();
    const s = j.at(at('2026-05-05', '09:01'));
    expect(s.flags).toMatchObject({ late: true, lateWithoutApology: true, lateApologisedLate: false, apologyAllowed: true, dueWithinOneWorkingDay: false });
    expect(s.clock!.remainingMinutes).toBe(-1);
    // The new appointment is after the apology (the due has passed) and at most five working days after it.
    base()
      .when(USER.justiceLeader, 'apologise', at('2026-05-05', '09:01'), { lateUnitId: UNIT.justice, reason: 'Muộn', newDueAt: at('2026-05-12', '09:02') })
      .then.refused('conflict', { fields: ['payload.newDueAt'] });
    j.by(USER.justiceLeader, 'apologise', at('2026-05-05', '09:01'), { lateUnitId: UNIT.justice, reason: 'Muộn', newDueAt: newDue })
      .by(USER.justiceLeader, 'approve', at('2026-05-06', '09:00'), {})
      .by(USER.justiceLeader, 'sign', at('2026-05-06', '09:00'), {})
      .by(USER.justiceLeader, 'finish', at('2026-05-06', '10:00'), {});
    const f = j.at(at('2026-05-06', '10:00'));
    expect(f.apology).toMatchObject({ late: true, issuedDayBeforeDue: false });
    expect(iso(f.apology!.previousDueAt)).toBe(DUE);
    expect([f.outcome, f.outcomeAgainstOriginal, f.scores.indicator1]).toEqual(['early', 'late', 0]);
    expect(f.flags).toMatchObject({ lateWithoutApology: false, lateApologisedLate: true, lateForServiceIndex: true });
    expect(projectionOf(1, f)).toMatchObject({ apologised: true, outcomeAgainstOriginal: 'late', lateWithoutApology: false, lateApologisedLate: true });
  });

  it('is late after the deadline (one working day before the due, by default) and warns from two working days before', () => {
    const j = examined(received());
    // Due Tue 5 May 09:00: the warning starts Wed 29 Apr 09:00 (two working days before), the deadline Mon 4 May 09:00.
    expect(j.at(at('2026-04-29', '08:59')).flags.apologyDueSoon).toBe(false);
    expect(j.at(at('2026-04-29', '09:00')).flags.apologyDueSoon).toBe(true);
    expect(j.at(at('2026-05-05', '09:01')).flags.apologyDueSoon).toBe(false);
    const onTime = examined(received()).by(USER.justiceLeader, 'apologise', at('2026-05-04', '09:00'), { lateUnitId: UNIT.justice, reason: 'Kịp', newDueAt: newDue });
    expect(onTime.state.apology!.late).toBe(false);
    expect(onTime.at(at('2026-05-04', '09:00')).flags.apologyDueSoon).toBe(false);
    const late = examined(received()).by(USER.justiceLeader, 'apologise', at('2026-05-04', '09:01'), { lateUnitId: UNIT.justice, reason: 'Muộn', newDueAt: newDue });
    expect(late.state.apology!.late).toBe(true);
    // The day-before rule: anything on the due day is late.
    const dayRule = examined(received(pinned({ rules: { apologyDeadline: 'day_before_due' } })))
      .by(USER.justiceLeader, 'apologise', at('2026-05-05', '08:00'), { lateUnitId: UNIT.justice, reason: 'Muộn', newDueAt: newDue });
    expect(dayRule.state.apology).toMatchObject({ late: true, issuedDayBeforeDue: false });
    const dayRuleOk = examined(received(pinned({ rules: { apologyDeadline: 'day_before_due' } })))
      .by(USER.justiceLeader, 'apologise', at('2026-05-04', '16:59'), { lateUnitId: UNIT.justice, reason: 'Kịp', newDueAt: newDue });
    expect(dayRuleOk.state.apology!.late).toBe(false);
  });

  it('is given only by the leader of the unit holding the dossier or of a unit over its allotment', () => {
    // Held by the centre's desk step (240 minutes) far beyond its allotment: the centre may apologise, Justice may not.
    const held = received().at(at('2026-04-28', '09:00'));
    expect(held.currentUnitId).toBe(UNIT.centre);
    const j = received();
    j.when(USER.justiceLeader, 'apologise', at('2026-04-28', '09:00'), { lateUnitId: UNIT.justice, reason: 'x', newDueAt: newDue }).then.refused('conflict', { fields: ['payload.lateUnitId'] });
    j.when(USER.justiceLeader, 'apologise', at('2026-04-28', '09:00'), { lateUnitId: UNIT.centre, reason: 'x', newDueAt: newDue }).then.refused('forbidden');
    // Once at Justice, the centre's step (over its 240 minutes) still lets the centre's leader apologise for it.
    received()
      .by(USER.desk, 'forward', at('2026-04-28', '09:00'), { toStepIndex: 1 })
      .when(USER.centreLeader, 'apologise', at('2026-04-28', '10:00'), { lateUnitId: UNIT.centre, reason: 'Chậm chuyển', newDueAt: newDue })
      .then.state({ apology: { lateUnitId: UNIT.centre, signerId: USER.centreLeader } });
    // Without a reason, no apology.
    received().when(USER.centreLeader, 'apologise', at('2026-04-28', '10:00'), { lateUnitId: UNIT.centre, reason: ' ', newDueAt: newDue }).then.refused('invalid');
  });

  it('only the head of a unit taking part signs it, and the new appointment must add working time', () => {
    const j = base();
    const t = at('2026-05-04', '10:00');
    j.when(USER.justiceSpecialist, 'apologise', t, { lateUnitId: UNIT.justice, reason: 'x', newDueAt: newDue }).then.refused('forbidden');
    j.when(USER.financeLeader, 'apologise', t, { lateUnitId: UNIT.finance, reason: 'x', newDueAt: newDue }).then.refused('conflict');
    // A new appointment before the current one is no extension; one beyond the limit again (5 working days after
    // Tue 5 May 09:00: Tue 12 May 09:00) is not allowed either.
    j.when(USER.justiceLeader, 'apologise', t, { lateUnitId: UNIT.justice, reason: 'x', newDueAt: at('2026-05-05', '08:00') }).then.refused('conflict');
    j.when(USER.justiceLeader, 'apologise', t, { lateUnitId: UNIT.justice, reason: 'x', newDueAt: at('2026-05-12', '09:01') }).then.refused('conflict', /09:00 12\/05\/2026/);
    expect(j.actions).toHaveLength(5);
    j.when(USER.justiceLeader, 'apologise', t, { lateUnitId: UNIT.justice, reason: 'x', newDueAt: at('2026-05-12', '09:00') }).then.state({ apology: { lateUnitId: UNIT.justice } });
  });
});

describe('supplement during processing: pause or restart', () => {
  // Requested Fri 24 Apr 10:00 after 540 working minutes; the complete supplement arrives Wed 29 Apr 14:00.
  const run = (policy: 'pause' | 'restart') =>
    examined(received(pinned({ supplementPolicy: policy })))
      .by(USER.justiceSpecialist, 'request_supplement', at('2026-04-24', '10:00'), { items: ['Bản sao Giấy khai sinh'], reason: 'Thiếu giấy tờ' })
      .by(USER.desk, 'supplement_received', at('2026-04-29', '14:00'), {});

  it('pause: the waiting working time (1110 minutes) moves the due to Thu 7 May 11:30', () => {
    const s = run('pause').at(at('2026-04-29', '14:00'));
    expect(iso(s.clock!.originalDueAt)).toBe('2026-05-07T11:30:00+07:00');
    expect(s.clock).toMatchObject({ elapsedMinutes: 540, pausedMinutes: 1110, remainingMinutes: 1860 });
    expect(s.supplementRequestCount).toBe(1);
  });

  it('restart: the whole limit counts again from the arrival, due Fri 8 May 14:00', () => {
    const s = run('restart').at(at('2026-04-29', '14:00'));
    expect(iso(s.clock!.originalDueAt)).toBe('2026-05-08T14:00:00+07:00');
    expect(s.clock).toMatchObject({ elapsedMinutes: 0, remainingMinutes: 2400 });
  });

  it('shows status 5 while waiting, the wait excluded from the step', () => {
    const j = examined(received()).by(USER.justiceSpecialist, 'request_supplement', at('2026-04-24', '10:00'), { items: ['Bản sao'], reason: 'Thiếu' });
    const s = j.at(at('2026-04-28', '10:00'));
    expect([s.status, s.nationalStatus, s.waitingFor]).toEqual(['awaiting_supplement', 5, 'supplement']);
    // Paused: the due is where it would be if the supplement came now (1860 minutes from Tue 28 10:00).
    expect(iso(s.clock!.currentDueAt)).toBe('2026-05-06T09:00:00+07:00');
    expect(s.clock!.status).toBe('paused');
    expect(s.steps[2]!.usedMinutes).toBe(120 + 150);
    expect(s.flags.apologyAllowed).toBe(false);
    expect(() => j.by(USER.justiceSpecialist, 'forward', at('2026-04-28', '10:00'), { toStepIndex: 3 })).toThrow(/waiting for the applicant/);
    expect(() => j.by(USER.justiceSpecialist, 'request_payment', at('2026-04-28', '10:00'), { items: [{ name: 'Lệ phí', amountVnd: 50_000 }] })).toThrow(
      /one request at a time/,
    );
  });

  it('refuses a request after three working days from the unit receiving it by default; "flag" records it and counts the dossier late', () => {
    // The Department of Justice got the dossier Thu 23 Apr 10:00; three working days end Wed 29 Apr 10:00.
    const strict = examined(received());
    const e = expectConflict(() => strict.by(USER.justiceSpecialist, 'request_supplement', at('2026-04-29', '10:30'), { items: ['Bản sao'], reason: 'Thiếu' }));
    expect(e.messages.en).toMatch(/3 working days/);
    expect(e.messages.vi).toMatch(/3 ngày làm việc/);
    expect(strict.actions).toHaveLength(4);
    expect(() => strict.by(USER.justiceSpecialist, 'request_supplement', at('2026-04-29', '10:00'), { items: ['Bản sao'], reason: 'Thiếu' })).not.toThrow();
    const late = examined(received(pinned({ rules: { lateSupplementRequest: 'flag' } }))).by(USER.justiceSpecialist, 'request_supplement', at('2026-04-29', '10:30'), {
      items: ['Bản sao'],
      reason: 'Thiếu',
    });
    const s = late.at(at('2026-04-29', '10:30'));
    expect(iso(s.supplementRequests[0]!.windowEndsAt)).toBe('2026-04-29T10:00:00+07:00');
    expect(s.supplementRequests[0]!.withinWindow).toBe(false);
    expect(s.flags).toMatchObject({ lateSupplementRequest: true, lateForServiceIndex: true, late: false });
  });

  it('refuses a second request unless the procedure allows it; more than one counts late (Decision 766)', () => {
    const e = expectConflict(() => run('pause').by(USER.justiceSpecialist, 'request_supplement', at('2026-04-29', '15:00'), { items: ['Bản chính'], reason: 'Còn thiếu' }));
    expect(e.messages.en).toMatch(/second request/);
    const s = examined(received(pinned({ repeatSupplementRequests: true, rules: { supplementWindowWorkingDays: 10 } })))
      .by(USER.justiceSpecialist, 'request_supplement', at('2026-04-24', '10:00'), { items: ['Bản sao Giấy khai sinh'], reason: 'Thiếu giấy tờ' })
      .by(USER.desk, 'supplement_received', at('2026-04-29', '14:00'), {})
      .by(USER.justiceSpecialist, 'request_supplement', at('2026-04-29', '15:00'), { items: ['Bản chính'], reason: 'Còn thiếu' })
      .at(at('2026-04-29', '15:00'));
    expect(s.supplementRequestCount).toBe(2);
    expect(s.flags).toMatchObject({ multipleSupplementRequests: true, lateForServiceIndex: true });
  });

  it('restart: while waiting the due is to be recounted, and a request once the dossier is late never restarts it', () => {
    const p = pinned({ supplementPolicy: 'restart', rules: { lateSupplementRequest: 'flag', supplementWindowWorkingDays: 20 } });
    const waiting = examined(received(p)).by(USER.justiceSpecialist, 'request_supplement', at('2026-04-24', '10:00'), { items: ['Bản sao'], reason: 'Thiếu' });
    const w = waiting.at(at('2026-04-28', '10:00'));
    expect(w.clock!.dueRecountedOnSupplement).toBe(true);
    expect(w.flags).toMatchObject({ late: false, dueWithinOneWorkingDay: false });
    expect(projectionOf(1, w)).toMatchObject({ currentDueAt: null, originalDueAt: null, remainingWorkingMinutes: null, dueRecountedOnSupplement: true });
    // Asked Wed 6 May, after the due (Tue 5 May 09:00): the clock neither pauses nor restarts; still late after the supplement.
    const late = examined(received(p))
      .by(USER.justiceSpecialist, 'request_supplement', at('2026-05-06', '10:00'), { items: ['Bản sao'], reason: 'Thiếu' })
      .by(USER.desk, 'supplement_received', at('2026-05-07', '10:00'), {});
    const l = late.at(at('2026-05-07', '10:00'));
    expect(iso(l.clock!.originalDueAt)).toBe(DUE);
    expect(l.clock!.dueRecountedOnSupplement).toBe(false);
    expect(l.flags).toMatchObject({ late: true, lateWithoutApology: true });
    const waitingLate = late.at(at('2026-05-06', '11:00'));
    expect(waitingLate.flags.late).toBe(true);
    // Outside the window (three working days): no restart either, the waiting time is only paused.
    const outside = examined(received(pinned({ supplementPolicy: 'restart', rules: { lateSupplementRequest: 'flag' } })))
      .by(USER.justiceSpecialist, 'request_supplement', at('2026-04-29', '10:30'), { items: ['Bản sao'], reason: 'Thiếu' });
    expect(outside.at(at('2026-04-29', '11:00')).clock!.dueRecountedOnSupplement).toBe(false);
    outside.by(USER.desk, 'supplement_received', at('2026-04-29', '14:00'), {});
    expect(outside.at(at('2026-04-29', '14:00')).clock!.elapsedMinutes).toBeGreaterThan(0);
  });
});

describe('financial obligation', () => {
  const run = (policy: 'pause' | 'run') =>
    examined(received(pinned({ paymentPolicy: policy })))
      .by(USER.justiceSpecialist, 'request_payment', at('2026-04-24', '10:00'), { items: [{ name: 'Lệ phí', amountVnd: 50_000 }, { name: 'Phí thẩm định', amountVnd: 100_000 }] })
      .by(USER.applicant, 'payment_recorded', at('2026-04-28', '10:00'), { amountVnd: 150_000, online: true }, { roles: ['system'], unitId: null }); // the payment gateway

  it('pauses the clock when sectoral law says so, and not otherwise', () => {
    const waiting = examined(received())
      .by(USER.justiceSpecialist, 'request_payment', at('2026-04-24', '10:00'), { items: [{ name: 'Lệ phí', amountVnd: 50_000 }] })
      .at(at('2026-04-24', '11:00'));
    expect([waiting.status, waiting.nationalStatus]).toEqual(['awaiting_payment', 6]);
    // Fri 10:00 → Tue 10:00 is 330 + 150 = 480 working minutes.
    const paused = run('pause').at(at('2026-04-28', '10:00'));
    expect(iso(paused.clock!.originalDueAt)).toBe('2026-05-06T09:00:00+07:00');
    expect(paused.payments[0]).toMatchObject({ totalVnd: 150_000, paidVnd: 150_000, online: true });
    const running = run('run').at(at('2026-04-28', '10:00'));
    expect(iso(running.clock!.originalDueAt)).toBe(DUE);
    expect(running.status).toBe('assigned');
  });
});

describe('inter-agency with two participants, parallel because the process says so', () => {
  // Sequential is the default since issue 10 (Decree 61/2018 Art. 16-17): this process asks for parallel parts.
  const p = pinned({
    interAgencyDispatch: 'parallel',
    steps: [
      { index: 0, unitId: UNIT.centre, role: 'desk', allottedWorkingMinutes: 240, maySendBack: false },
      { index: 1, unitId: UNIT.justice, role: 'leader', allottedWorkingMinutes: 2160, maySendBack: false },
    ],
    interAgency: [
      { unitId: UNIT.construction, task: 'Xác nhận quy hoạch', allottedWorkingMinutes: 960, lead: false },
      { unitId: UNIT.justice, task: 'Thẩm định, cấp giấy', allottedWorkingMinutes: 1440, lead: true },
    ],
  });
  const j = received(p)
    .by(USER.desk, 'forward', at('2026-04-23', '09:30'), { toStepIndex: 1 })
    // Construction: 960 from Thu 09:00 → Tue 28 Apr 09:00; handed in at 11:00: late.
    .by(USER.constructionSpecialist, 'contribute', at('2026-04-28', '11:00'), { outcome: 'completed', note: 'Phù hợp quy hoạch' })
    // Justice: 1440 → Wed 29 Apr 09:00; handed in 08:30 the same day: on time.
    .by(USER.justiceSpecialist, 'contribute', at('2026-04-29', '08:30'), { outcome: 'completed', note: 'Đủ điều kiện' });

  it('gives each participant its own clock and result, and the lead collects', () => {
    const s = j
      .by(USER.justiceLeader, 'approve', at('2026-04-29', '14:00'), {})
      .by(USER.justiceLeader, 'sign', at('2026-04-29', '14:30'), {})
      .by(USER.justiceLeader, 'finish', at('2026-04-29', '15:00'), {})
      .at(at('2026-04-30', '08:00'));
    expect(s.participants.map((x) => [x.unitId, x.lead, iso(x.startedAt), iso(x.dueAt), iso(x.contributedAt), x.usedMinutes, x.outcome, x.score, x.state])).toEqual([
      [UNIT.construction, false, '2026-04-23T09:00:00+07:00', '2026-04-28T09:00:00+07:00', '2026-04-28T11:00:00+07:00', 1080, 'late', 0, 'done'],
      // 1410 of 1440 working minutes: less than allotted, so 2 (the calendar-day rule gave 1).
      [UNIT.justice, true, '2026-04-23T09:00:00+07:00', '2026-04-29T09:00:00+07:00', '2026-04-29T08:30:00+07:00', 1410, 'on_time', 2, 'done'],
    ]);
    expect(s.outcome).toBe('early');
    expect(s.scores).toEqual({ indicator1: 2, indicator2: 0 });
  });

  it('refuses approval while a participant has not finished, and lets only participants hand in', () => {
    const open = received(p).by(USER.desk, 'forward', at('2026-04-23', '09:30'), { toStepIndex: 1 });
    expect(() => open.by(USER.justiceLeader, 'approve', at('2026-04-24', '09:00'), {})).toThrow(/participant/);
    expect(() => open.by(USER.financeSpecialist, 'contribute', at('2026-04-24', '09:00'), { outcome: 'completed', note: '' })).toThrow(
      expect.objectContaining({ kind: 'forbidden' }),
    );
  });

  it('in sequential dispatch, starts each participant when the previous one hands in', () => {
    const seq = received({ ...p, interAgencyDispatch: 'sequential' }).by(USER.constructionSpecialist, 'contribute', at('2026-04-24', '10:00'), {
      outcome: 'completed',
      note: 'Xong',
    });
    const s = seq.at(at('2026-04-24', '11:00'));
    expect(s.participants.map((x) => [x.state, iso(x.startedAt), iso(x.dueAt)])).toEqual([
      ['done', '2026-04-23T09:00:00+07:00', '2026-04-28T09:00:00+07:00'],
      // 1440 from Fri 10:00: 330 Fri, 480 Tue, 480 Wed, 150 Mon → Mon 4 May 10:00.
      ['in_progress', '2026-04-24T10:00:00+07:00', '2026-05-04T10:00:00+07:00'],
    ]);
    const before = received({ ...p, interAgencyDispatch: 'sequential' }).at(at('2026-04-23', '10:00'));
    expect(before.participants[1]).toMatchObject({ state: 'waiting_turn', startedAt: null, dueAt: null });
  });
});

describe('consultation with its own limit', () => {
  it('runs on the consulted unit and is judged on its reply', () => {
    const j = examined(received())
      .by(USER.justiceSpecialist, 'consult', at('2026-04-24', '08:00'), { toUnitId: UNIT.construction, question: 'Có phù hợp quy hoạch?', limit: { amount: 2, unit: 'working_days' } })
      .by(USER.constructionLeader, 'consult_reply', at('2026-04-28', '15:00'), { consultSeq: 5, answer: 'Phù hợp', agrees: true });
    expect(prefix(j, 5).at(at('2026-04-24', '09:00')).status).toBe('consulting');
    const s = j.at(at('2026-04-28', '15:00'));
    expect(s.status).toBe('assigned');
    expect(s.consultations.map((c) => [c.toUnitId, iso(c.dueAt), iso(c.repliedAt), c.usedMinutes, c.outcome, c.agrees, c.state])).toEqual([
      // 960 from Fri 08:00: 450 Fri, 480 Tue, 30 Wed → Wed 29 Apr 08:00; replied the day before.
      [UNIT.construction, '2026-04-29T08:00:00+07:00', '2026-04-28T15:00:00+07:00', 450 + 360, 'early', true, 'answered'],
    ]);
    expect(() => j.by(USER.constructionLeader, 'consult_reply', at('2026-04-28', '16:00'), { consultSeq: 5, answer: 'Lần nữa' })).toThrow(/No consultation/);
  });
});

describe('refusal at reception', () => {
  it('counter: a supplement request, then a refusal; no clock ever runs', () => {
    const j = new Journey(pinned())
      .by(USER.desk, 'request_supplement_before_reception', at('2026-04-23', '09:00'), { items: ['Tờ khai', 'Bản sao CCCD'], reason: 'Thiếu giấy tờ' })
      .by(USER.desk, 'refuse_reception', at('2026-04-24', '09:00'), { reasons: 'Không thuộc thẩm quyền' });
    const before = prefix(j, 1).at(at('2026-04-23', '10:00'));
    expect([before.status, before.nationalStatus]).toEqual(['supplement_before_reception', 5]);
    const s = j.at(at('2026-04-25', '09:00'));
    expect([s.status, s.nationalStatus, s.clock, s.dossierCode]).toEqual(['refused', 3, null, null]);
    expect(s.preReceptionSupplements).toHaveLength(1);
    expectConflict(() => j.by(USER.desk, 'receive', at('2026-04-25', '09:00'), { channel: 'counter', competentUnitId: UNIT.justice, dossierCode: CODE }));
  });

  it('online: submitted (1), asked to supplement, resubmitted, received with the code it was given', () => {
    const j = new Journey(pinned())
      .by(USER.applicant, 'submit_online', at('2026-04-22', '21:00'), { competentUnitId: UNIT.justice, dossierCode: 'G09.20-20260422-0092637' }, { unitId: UNIT.centre })
      .by(USER.desk, 'request_supplement_before_reception', at('2026-04-23', '08:00'), { items: ['Ảnh chân dung'], reason: 'Ảnh mờ' })
      .by(USER.applicant, 'supplement_received', at('2026-04-23', '12:00'), {})
      .by(USER.desk, 'receive', at('2026-04-23', '13:00'), { channel: 'online', competentUnitId: UNIT.justice });
    const s = j.at(at('2026-04-23', '13:00'));
    expect([s.status, s.channel, s.dossierCode, iso(s.submittedAt)]).toEqual(['received', 'online', 'G09.20-20260422-0092637', '2026-04-22T21:00:00+07:00']);
    // 13:00 Thu + 2400: 240 Thu, 480 each on Fri, Tue, Wed and Mon (2160), 240 Tue → Tue 5 May 11:30.
    expect(iso(s.clock!.originalDueAt)).toBe('2026-05-05T11:30:00+07:00');
    const first = prefix(j, 1).at(at('2026-04-22', '22:00'));
    expect([first.status, first.nationalStatus, first.currentUnitId]).toEqual(['submitted', 1, UNIT.centre]);
  });
});

describe('withdrawal and stop', () => {
  const asked = () =>
    examined(received()).by(USER.applicant, 'request_withdrawal', at('2026-04-24', '09:00'), { reason: 'Không còn nhu cầu' });

  it('shows status 7, holds the work until the leader decides, and stops with status 8', () => {
    const j = asked();
    const s = j.at(at('2026-04-24', '09:00'));
    expect([s.status, s.nationalStatus]).toEqual(['withdrawal_requested', 7]);
    expect(() => j.by(USER.justiceSpecialist, 'forward', at('2026-04-24', '10:00'), { toStepIndex: 3 })).toThrow(/decide first/);
    const w = { reason: 'Rút', ground: 'applicant_withdrawal' };
    expect(() => j.by(USER.justiceSpecialist, 'stop', at('2026-04-24', '10:00'), w)).toThrow(expect.objectContaining({ kind: 'forbidden' }));
    expect(() => j.by(USER.constructionLeader, 'stop', at('2026-04-24', '10:00'), w)).toThrow(expect.objectContaining({ kind: 'forbidden' }));
    const stopped = j.by(USER.justiceLeader, 'stop', at('2026-04-24', '10:00'), { reason: 'Công dân rút hồ sơ', ground: 'applicant_withdrawal' }).at(at('2026-04-30', '10:00'));
    expect([stopped.status, stopped.nationalStatus, iso(stopped.stoppedAt)]).toEqual(['stopped', 8, '2026-04-24T10:00:00+07:00']);
    expect(stopped.withdrawals[0]).toMatchObject({ decision: 'stopped' });
    expect(stopped.steps[2]!.handedOverHow).toBe('stop');
    expect([stopped.outcome, stopped.scores.indicator1, stopped.flags.late]).toEqual([null, null, false]);
    expectConflict(() => j.by(USER.desk, 'return_result', at('2026-04-30', '10:00'), { method: 'counter' }));
  });

  it('needs a ground: the pending withdrawal, or a configured reason with its document', () => {
    const j = examined(received());
    const fieldsOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect((e as AppError).kind).toBe('conflict');
        expect((e as AppError).messages.vi.length * (e as AppError).messages.en.length).toBeGreaterThan(0);
        return (e as AppError).fields.map((x) => x.path);
      }
      throw new Error('expected a refusal');
    };
    expect(fieldsOf(() => j.by(USER.justiceLeader, 'stop', at('2026-04-24', '10:00'), { reason: 'Dừng' }))).toEqual(['payload.ground']);
    expect(fieldsOf(() => j.by(USER.justiceLeader, 'stop', at('2026-04-24', '10:00'), { reason: 'Dừng', ground: 'because' }))).toEqual(['payload.ground']);
    // No withdrawal was asked for.
    expect(fieldsOf(() => j.by(USER.justiceLeader, 'stop', at('2026-04-24', '10:00'), { reason: 'Dừng', ground: 'applicant_withdrawal' }))).toEqual(['payload.ground']);
    expect(fieldsOf(() => j.by(USER.justiceLeader, 'stop', at('2026-04-24', '10:00'), { reason: 'Dừng', ground: 'authority_request' }))).toEqual([
      'payload.documentReference',
    ]);
    expect(j.actions).toHaveLength(4);
    j.by(USER.justiceLeader, 'stop', at('2026-04-24', '10:00'), { reason: 'Tòa án yêu cầu', ground: 'authority_request', documentReference: '12/CV-TA' });
    expect(j.state.status).toBe('stopped');
    // A province's own list replaces the default one.
    const own = examined(received(pinned({ rules: { stopGrounds: [{ code: 'x1', label: { vi: 'Lý do riêng', en: 'Own reason' } }] } })));
    expect(fieldsOf(() => own.by(USER.justiceLeader, 'stop', at('2026-04-24', '10:00'), { reason: 'Dừng', ground: 'authority_request', documentReference: '1' }))).toEqual([
      'payload.ground',
    ]);
    expect(() => own.by(USER.justiceLeader, 'stop', at('2026-04-24', '10:00'), { reason: 'Dừng', ground: 'x1', documentReference: '1/QĐ' })).not.toThrow();
  });

  it('after the due instant stays late in every figure, whatever the ground', () => {
    const j = examined(received())
      .by(USER.applicant, 'request_withdrawal', at('2026-05-06', '09:00'), { reason: 'Chờ lâu quá' })
      .by(USER.justiceLeader, 'stop', at('2026-05-06', '10:00'), { reason: 'Công dân rút hồ sơ', ground: 'applicant_withdrawal' });
    const s = j.at(at('2026-05-20', '10:00'));
    expect(s.status).toBe('stopped');
    expect([s.outcome, s.outcomeAgainstOriginal, s.scores.indicator1]).toEqual(['late', 'late', 0]);
    expect(s.flags).toMatchObject({ late: false, lateWithoutApology: true, lateForServiceIndex: true });
    expect(projectionOf(1, s)).toMatchObject({ outcome: 'late', outcomeAgainstOriginal: 'late', indicator1: 0, lateWithoutApology: true });
    // Before the due instant, a stop is neither on time nor late.
    const early = examined(received()).by(USER.justiceLeader, 'stop', at('2026-04-24', '10:00'), { reason: 'Giả mạo', ground: 'forged_documents', documentReference: '3/BB' });
    expect([early.state.outcomeAgainstOriginal, early.state.scores.indicator1, early.state.flags.lateWithoutApology]).toEqual([null, null, false]);
  });

  it('lets the leader decline, after which work goes on', () => {
    const s = asked()
      .by(USER.justiceLeader, 'decline_withdrawal', at('2026-04-24', '10:00'), { reason: 'Đã ký kết quả' })
      .by(USER.justiceSpecialist, 'forward', at('2026-04-24', '11:00'), { toStepIndex: 3 })
      .at(at('2026-04-24', '11:00'));
    expect(s.status).toBe('in_step');
    expect(s.withdrawals[0]).toMatchObject({ decision: 'declined' });
  });

  it('refuses a withdrawal once the result is ready or handed over', () => {
    const j = examined(received())
      .by(USER.justiceSpecialist, 'forward', at('2026-04-24', '08:00'), { toStepIndex: 3 })
      .by(USER.justiceLeader, 'approve', at('2026-04-24', '09:00'), {})
      .by(USER.justiceLeader, 'sign', at('2026-04-24', '09:00'), {})
      .by(USER.justiceLeader, 'finish', at('2026-04-24', '09:05'), {});
    const e = expectConflict(() => j.by(USER.applicant, 'request_withdrawal', at('2026-04-24', '10:00'), { reason: 'Thôi' }));
    expect(e.messages.en).toMatch(/once the result is ready/);
  });
});

describe('refusal after examination', () => {
  it('ends processing with the configured national status and is handed over like a result', () => {
    const j = examined(received()).by(USER.justiceLeader, 'refuse_after_examination', at('2026-04-28', '10:00'), { reasons: 'Không đủ điều kiện' });
    const s = j.at(at('2026-04-28', '10:00'));
    expect([s.status, s.nationalStatus, s.result, s.outcome]).toEqual(['refused_after_examination', 9, 'refused', 'early']);
    expect(s.scores.indicator1).toBe(2);
    const four = new Journey(pinned({ rules: { refusalAfterExaminationStatus: 4 } }));
    four.actions = j.actions;
    expect(four.at(at('2026-04-28', '10:00')).nationalStatus).toBe(4);
    const r = j.by(USER.desk, 'return_result', at('2026-04-29', '08:00'), { method: 'post' }).at(at('2026-04-29', '08:00'));
    expect([r.status, r.nationalStatus, r.returnMethod]).toEqual(['returned', 10, 'post']);
  });
});

describe('a procedure without an internal process', () => {
  it('is held by the competent unit, finished by its handler without a signature if it needs none', () => {
    const j = received(pinned({ steps: [], signatureRequired: false }))
      .by(USER.justiceLeader, 'assign', at('2026-04-23', '10:00'), { assigneeId: USER.justiceSpecialist })
      .by(USER.justiceSpecialist, 'finish', at('2026-04-23', '16:00'), {});
    const s = j.at(at('2026-04-23', '16:00'));
    expect([s.status, s.currentUnitId, s.steps, s.outcome, s.scores]).toEqual(['finished', UNIT.centre, [], 'early', { indicator1: 2, indicator2: null }]);
    expect(STEPS).toHaveLength(4);
  });
});

describe('each unit on its own calendar', () => {
  it('counts a step on the step unit’s calendar and the whole on the receiving unit’s', () => {
    const justice = withEntries(calendar, [{ date: '2026-04-24', kind: 'closure', reason: 'Sở di chuyển trụ sở' }]);
    const p = pinned({ calendarOf: (u) => (u === UNIT.justice ? justice : calendar) });
    const s = examined(received(p))
      .by(USER.justiceSpecialist, 'forward', at('2026-04-28', '16:00'), { toStepIndex: 3 })
      .at(at('2026-04-28', '16:00'));
    // Step 2 from Thu 15:00 with Friday closed: 120 Thu, 480 Tue, 480 Wed, 360 Mon → Mon 4 May 15:00; used 120 + 420.
    expect([iso(s.steps[2]!.dueAt), s.steps[2]!.usedMinutes, s.steps[2]!.outcome]).toEqual(['2026-05-04T15:00:00+07:00', 540, 'early']);
    // The centre worked on Friday: the dossier's due does not move.
    expect(iso(s.clock!.originalDueAt)).toBe(DUE);
    expect(s.clock!.processingMinutes).toBe(390 + 480 + 420);
  });
});

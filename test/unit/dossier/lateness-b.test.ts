// Issue 10 part B items 4-6: inter-agency order and blame, Circular 01/2018 scores on working time per unit,
// consultations pausing the holding step, and compliance with the approved process. Plus three guards: a test fails
// if send_back stops clearing approval and signature, if a pending withdrawal stops blocking sign, or if a replayed
// log accepts a second apology.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/errors.js';
import { allowedActions, deriveDossier, lateUnits, type DossierAction, type PinnedStep } from '../../../src/domain/dossier/index.js';
import { actorContext, at, iso, pinned, received, STEPS, UNIT, USER } from './fixtures.js';

function refused(f: () => unknown, kind: 'conflict' | 'forbidden' = 'conflict'): AppError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).kind).toBe(kind);
    expect((e as AppError).messages.vi).toBeTruthy();
    expect((e as AppError).messages.en).toBeTruthy();
    return e as AppError;
  }
  throw new Error(`expected a ${kind}`);
}

const PARTS = [
  { unitId: UNIT.construction, task: 'Xác nhận quy hoạch', allottedWorkingMinutes: 960, lead: false },
  { unitId: UNIT.justice, task: 'Thẩm định, cấp giấy', allottedWorkingMinutes: 1440, lead: true },
];
const interSteps: PinnedStep[] = [
  { index: 0, unitId: UNIT.centre, role: 'desk', allottedWorkingMinutes: 240, maySendBack: false },
  { index: 1, unitId: UNIT.justice, role: 'leader', allottedWorkingMinutes: 2160, maySendBack: false },
];

describe('inter-agency parts run in the order of the approved process', () => {
  it('is sequential by default: the next part starts (and is recorded) when the previous one is handed in', () => {
    const p = pinned({ steps: interSteps, interAgency: PARTS });
    const j = received(p);
    expect(j.at(at('2026-04-23', '10:00')).participants.map((x) => [x.unitId, x.state, iso(x.startedAt)])).toEqual([
      [UNIT.construction, 'in_progress', '2026-04-23T09:00:00+07:00'],
      [UNIT.justice, 'waiting_turn', null],
    ]);
    // The justice part cannot be handed in before its turn.
    refused(() => j.by(USER.justiceSpecialist, 'contribute', at('2026-04-23', '11:00'), { outcome: 'completed', note: 'x' }), 'forbidden');
    j.by(USER.constructionSpecialist, 'contribute', at('2026-04-28', '11:00'), { outcome: 'completed', note: 'Phù hợp' });
    const s = j.at(at('2026-04-28', '11:00'));
    expect(s.participants.map((x) => [x.unitId, x.state, iso(x.startedAt)])).toEqual([
      [UNIT.construction, 'done', '2026-04-23T09:00:00+07:00'],
      [UNIT.justice, 'in_progress', '2026-04-28T11:00:00+07:00'],
    ]);
  });

  it('charges lateness to the agency over its own allotment, not to the one that started late', () => {
    const p = pinned({ steps: interSteps, interAgency: PARTS });
    const j = received(p)
      .by(USER.desk, 'forward', at('2026-04-23', '09:30'), { toStepIndex: 1 })
      // Construction: 960 from Thu 09:00 → due Tue 28 Apr 09:00; handed in Wed 29 Apr 09:00: 480 over.
      .by(USER.constructionSpecialist, 'contribute', at('2026-04-29', '09:00'), { outcome: 'completed', note: 'Phù hợp' })
      // Justice starts then, with its full 1440; hands in two working days later: within its share.
      .by(USER.justiceSpecialist, 'contribute', at('2026-05-05', '09:00'), { outcome: 'completed', note: 'Đủ điều kiện' });
    const s = j.at(at('2026-05-05', '09:00'));
    expect(s.participants.map((x) => [x.unitId, x.outcome, x.score])).toEqual([
      [UNIT.construction, 'late', 0],
      [UNIT.justice, 'early', 2],
    ]);
    expect(lateUnits(s, p, s.asOf!)).toEqual([UNIT.construction]);
    // Mid-way, while construction is over its share, it is the late unit; nobody else.
    const mid = received(p).by(USER.desk, 'forward', at('2026-04-23', '09:30'), { toStepIndex: 1 }).at(at('2026-04-28', '10:00'));
    expect(lateUnits(mid, p, at('2026-04-28', '10:00'))).toEqual([UNIT.construction]);
    // The same state asked about an earlier instant (Mon 27 Apr is a holiday): 870 of 960 used, nobody late yet.
    expect(lateUnits(mid, p, at('2026-04-27', '10:00'))).toEqual([]);
    expect(lateUnits(received(p).at(at('2026-04-23', '10:00')), p, at('2026-04-23', '10:00'))).toEqual([]);
    // A desk that keeps the dossier past its own step's allotment is the late unit.
    expect(lateUnits(received(p).at(at('2026-04-24', '10:00')), p, at('2026-04-24', '10:00'))).toEqual([UNIT.centre]);
  });

  it('keeps parallel parts when the process says so', () => {
    const s = received(pinned({ steps: interSteps, interAgency: PARTS, interAgencyDispatch: 'parallel' })).at(at('2026-04-23', '10:00'));
    expect(s.participants.map((x) => x.state)).toEqual(['in_progress', 'in_progress']);
  });
});

describe('Circular 01/2018 indicators 1 and 2 on working time', () => {
  // No internal process, no signature: the justice specialist finishes. Received Thu 23 Apr 09:00, 5 working days:
  // due Tue 5 May 09:00.
  const bare = pinned({ steps: [], signatureRequired: false });
  const finishedAt = (date: string, time: string) =>
    received(bare).by(USER.justiceSpecialist, 'finish', at(date, time), {}).at(at('2026-05-06', '08:00'));

  it('indicator 1: 2 when working time was left, 1 when exactly used, 0 when over (not calendar days)', () => {
    const dueDay = finishedAt('2026-05-05', '08:00');
    // On the due day, so "on time" by the calendar-day rule of the outcome; but 60 working minutes were left.
    expect([dueDay.outcome, dueDay.scores.indicator1]).toEqual(['on_time', 2]);
    const exact = finishedAt('2026-05-05', '09:00');
    expect([exact.outcome, exact.scores.indicator1]).toEqual(['on_time', 1]);
    const late = finishedAt('2026-05-05', '09:01');
    expect([late.outcome, late.scores.indicator1, late.scores.indicator2]).toEqual(['late', 0, 0]);
    // No unit was over a step allotment (there is none): the holder at the due instant carries the lateness.
    expect(late.unitScores).toEqual([{ unitId: UNIT.justice, allottedMinutes: 0, usedMinutes: 0, late: true, blamed: true, score: 0 }]);
  });

  it('indicator 2 is per unit: a slow step is made up by the same unit’s quick ones; send-back buys no time', () => {
    const j = received()
      .by(USER.desk, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 })
      // Dispatch: 240 allotted, 570 used (Thu 10:00–11:30 and 13:00–17:00, Fri 07:30–11:30): over on its own.
      .by(USER.justiceLeader, 'forward', at('2026-04-24', '11:30'), { toStepIndex: 2, assigneeId: USER.justiceSpecialist })
      .by(USER.justiceSpecialist, 'forward', at('2026-04-24', '14:00'), { toStepIndex: 3 })
      .by(USER.justiceLeader, 'approve', at('2026-04-24', '14:30'), {})
      .by(USER.justiceLeader, 'sign', at('2026-04-24', '14:40'), {})
      .by(USER.justiceLeader, 'finish', at('2026-04-24', '15:00'), {});
    const s = j.at(at('2026-04-24', '15:00'));
    expect(s.steps.map((r) => [r.stepIndex, r.usedMinutes, r.score])).toEqual([
      [0, 60, 2],
      [1, 570, 0],
      [2, 60, 2],
      [3, 60, 2],
    ]);
    // Before issue 10 indicator 2 was the worst step (0); the unit used 690 of 2160.
    expect(s.unitScores.map((u) => [u.unitId, u.allottedMinutes, u.usedMinutes, u.score])).toEqual([
      [UNIT.centre, 240, 60, 2],
      [UNIT.justice, 2160, 690, 2],
    ]);
    expect(s.scores).toEqual({ indicator1: 2, indicator2: 2 });

    // Sent back three times: the rows show every stay, the unit's allotment counts each step once.
    let k = received()
      .by(USER.desk, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 })
      .by(USER.justiceLeader, 'forward', at('2026-04-23', '10:30'), { toStepIndex: 2, assigneeId: USER.justiceSpecialist })
      .by(USER.justiceSpecialist, 'forward', at('2026-04-23', '11:00'), { toStepIndex: 3 });
    for (const day of ['2026-04-24', '2026-04-28', '2026-04-29'])
      k = k
        .by(USER.justiceLeader, 'send_back', at(day, '08:00'), { toStepIndex: 2, reason: 'Làm lại' })
        .by(USER.justiceSpecialist, 'forward', at(day, '16:00'), { toStepIndex: 3 });
    const again = k.at(at('2026-05-04', '10:00'));
    const justice = again.unitScores.find((u) => u.unitId === UNIT.justice)!;
    expect(justice.allottedMinutes).toBe(240 + 1440 + 480);
    expect(again.steps.filter((r) => r.stepIndex === 2)).toHaveLength(4);
  });

  it('a consultation pauses the holding step; its own delay is charged to the consulted unit', () => {
    const j = received()
      .by(USER.desk, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 })
      .by(USER.justiceLeader, 'forward', at('2026-04-23', '10:30'), { toStepIndex: 2, assigneeId: USER.justiceSpecialist })
      // Asks construction with 1 working day: due Fri 24 Apr 08:00; replies Tue 28 Apr 08:00 (480 working minutes late).
      .by(USER.justiceSpecialist, 'consult', at('2026-04-23', '11:00'), { toUnitId: UNIT.construction, question: 'Quy hoạch?', limit: { amount: 1, unit: 'working_days' } })
      .by(USER.constructionSpecialist, 'consult_reply', at('2026-04-28', '08:00'), { consultSeq: 4, answer: 'Phù hợp' })
      .by(USER.justiceSpecialist, 'forward', at('2026-04-28', '09:00'), { toStepIndex: 3 });
    const s = j.at(at('2026-04-28', '09:00'));
    // The specialist's stay: 10:30–11:00 and 08:00–09:00 on Tuesday, the consultation excluded.
    expect(s.steps[2]!.usedMinutes).toBe(30 + 60);
    expect(s.consultations[0]!.outcome).toBe('late');
    expect(lateUnits(s, j.pinned, s.asOf!)).toEqual([UNIT.construction]);
    const c = s.unitScores.find((u) => u.unitId === UNIT.construction)!;
    expect(c).toMatchObject({ allottedMinutes: 480, late: true });
    expect(c.usedMinutes).toBeGreaterThan(480);
  });
});

describe('compliance with the approved process', () => {
  const withDesk: PinnedStep[] = [...STEPS, { index: 4, name: 'Trả kết quả', unitId: UNIT.centre, role: 'desk', allottedWorkingMinutes: 240, maySendBack: false }];

  it('approves and signs only at the approval step, not at the leader’s dispatch step', () => {
    const j = received().by(USER.desk, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 });
    const e = refused(() => j.by(USER.justiceLeader, 'approve', at('2026-04-23', '11:00'), {}));
    expect(e.messages.en).toMatch(/approval step/);
    const perms = allowedActions(j.state, j.pinned, actorContext(USER.justiceLeader), at('2026-04-23', '11:00'));
    expect(perms.find((x) => x.type === 'approve')).toMatchObject({ allowed: false, kind: 'conflict' });
  });

  it('finishes only from the last processing step', () => {
    const p = pinned({ signatureRequired: false });
    const j = received(p)
      .by(USER.desk, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 })
      .by(USER.justiceLeader, 'forward', at('2026-04-23', '10:30'), { toStepIndex: 2, assigneeId: USER.justiceSpecialist });
    expect(refused(() => j.by(USER.justiceSpecialist, 'finish', at('2026-04-23', '11:00'), {})).messages.en).toMatch(/last processing step/);
    expect(refused(() => j.by(USER.justiceLeader, 'finish', at('2026-04-23', '11:00'), {})).messages.en).toMatch(/last processing step/);
    j.by(USER.justiceSpecialist, 'forward', at('2026-04-23', '11:00'), { toStepIndex: 3 }).by(USER.justiceLeader, 'finish', at('2026-04-23', '11:30'), {});
    expect(j.state.phase).toBe('finished');
  });

  it('enters the final desk step when the result comes back, never by forwarding, and does not judge the wait for the applicant', () => {
    const j = received(pinned({ steps: withDesk }))
      .by(USER.desk, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 })
      .by(USER.justiceLeader, 'forward', at('2026-04-23', '10:30'), { toStepIndex: 2, assigneeId: USER.justiceSpecialist })
      .by(USER.justiceSpecialist, 'forward', at('2026-04-23', '11:00'), { toStepIndex: 3 })
      .by(USER.justiceLeader, 'approve', at('2026-04-23', '13:00'), {})
      .by(USER.justiceLeader, 'sign', at('2026-04-23', '13:10'), {});
    expect(refused(() => j.by(USER.justiceLeader, 'forward', at('2026-04-23', '13:20'), { toStepIndex: 4 })).messages.en).toMatch(/finish instead/);
    j.by(USER.justiceLeader, 'finish', at('2026-04-23', '13:30'), {});
    const s = j.at(at('2026-04-23', '14:00'));
    expect([s.phase, s.currentStepIndex, s.currentUnitId]).toEqual(['finished', 4, UNIT.centre]);
    expect(s.steps.map((r) => [r.stepIndex, r.handedOverHow])).toEqual([
      [0, 'forward'],
      [1, 'forward'],
      [2, 'forward'],
      [3, 'finish'],
      [4, null],
    ]);
    expect(iso(s.steps[4]!.receivedAt)).toBe('2026-04-23T13:30:00+07:00');
    // Collected a month later: recorded, not judged, not in the desk's indicator 2.
    j.by(USER.desk, 'return_result', at('2026-05-25', '09:00'), { method: 'counter' });
    const r = j.at(at('2026-05-25', '09:00'));
    expect(r.steps[4]).toMatchObject({ handedOverHow: 'return', handedOverBy: USER.desk, outcome: null, score: null });
    expect(r.unitScores.find((u) => u.unitId === UNIT.centre)).toMatchObject({ allottedMinutes: 240, usedMinutes: 60, late: false, score: 2 });
    expect(r.scores).toEqual({ indicator1: 2, indicator2: 2 });
  });

  it('lets a delegate holding "Duyệt và ký thay" approve, sign, forward and finish at the approval step, and nothing at other steps', () => {
    const steps: PinnedStep[] = [...STEPS, { index: 4, name: 'Phát hành', unitId: UNIT.justice, role: 'specialist', allottedWorkingMinutes: 60, maySendBack: false }];
    const del = { fromUserId: USER.justiceLeader, scope: 'approve_and_sign' as const };
    const delegate = { ...actorContext(USER.justiceSpecialist2), delegation: del };
    const j = received(pinned({ steps }))
      .by(USER.desk, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 })
      .by(USER.justiceLeader, 'forward', at('2026-04-23', '10:30'), { toStepIndex: 2, assigneeId: USER.justiceSpecialist });
    // At the specialist's step the delegation gives nothing.
    expect(allowedActions(j.state, j.pinned, { ...actorContext(USER.justiceSpecialist2), delegation: del }, at('2026-04-23', '11:00')).find((x) => x.type === 'forward')).toMatchObject({ allowed: false });
    refused(() => j.by(USER.justiceSpecialist2, 'forward', at('2026-04-23', '11:00'), { toStepIndex: 3 }, { delegation: del }), 'forbidden');
    j.by(USER.justiceSpecialist, 'forward', at('2026-04-23', '11:00'), { toStepIndex: 3 });
    const now = at('2026-04-23', '13:00');
    expect(allowedActions(j.state, j.pinned, delegate, now).find((x) => x.type === 'forward')).toEqual({ type: 'forward', allowed: true, unitId: UNIT.justice, role: 'specialist', delegation: del });
    j.by(USER.justiceSpecialist2, 'approve', now, {}, { delegation: del })
      .by(USER.justiceSpecialist2, 'sign', at('2026-04-23', '13:10'), {}, { delegation: del })
      .by(USER.justiceSpecialist2, 'forward', at('2026-04-23', '13:20'), { toStepIndex: 4 }, { delegation: del })
      .by(USER.justiceSpecialist, 'finish', at('2026-04-23', '14:00'), {});
    expect(j.state.phase).toBe('finished');
    expect(j.state.timeline.filter((t) => t.delegation).map((t) => t.type)).toEqual(['approve', 'sign', 'forward']);

    // Where the approval step is the last processing step, the delegate finishes there.
    const k = received()
      .by(USER.desk, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 })
      .by(USER.justiceLeader, 'forward', at('2026-04-23', '10:30'), { toStepIndex: 2, assigneeId: USER.justiceSpecialist })
      .by(USER.justiceSpecialist, 'forward', at('2026-04-23', '11:00'), { toStepIndex: 3 })
      .by(USER.justiceSpecialist2, 'approve', now, {}, { delegation: del })
      .by(USER.justiceSpecialist2, 'sign', at('2026-04-23', '13:10'), {}, { delegation: del })
      .by(USER.justiceSpecialist2, 'finish', at('2026-04-23', '13:20'), {}, { delegation: del });
    expect(k.state.phase).toBe('finished');
    // A "Ký thay" (sign only) delegation does not cover finishing.
    const m = received()
      .by(USER.desk, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 })
      .by(USER.justiceLeader, 'forward', at('2026-04-23', '10:30'), { toStepIndex: 2, assigneeId: USER.justiceSpecialist })
      .by(USER.justiceSpecialist, 'forward', at('2026-04-23', '11:00'), { toStepIndex: 3 })
      .by(USER.justiceLeader, 'approve', now, {})
      .by(USER.justiceSpecialist2, 'sign', at('2026-04-23', '13:10'), {}, { delegation: { fromUserId: USER.justiceLeader, scope: 'sign' } });
    refused(() => m.by(USER.justiceSpecialist2, 'finish', at('2026-04-23', '13:20'), {}, { delegation: { fromUserId: USER.justiceLeader, scope: 'sign' } }), 'invalid' as never);
  });
});

describe('guards that must never loosen', () => {
  const atApproval = () =>
    received()
      .by(USER.desk, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 })
      .by(USER.justiceLeader, 'forward', at('2026-04-23', '10:30'), { toStepIndex: 2, assigneeId: USER.justiceSpecialist })
      .by(USER.justiceSpecialist, 'forward', at('2026-04-23', '11:00'), { toStepIndex: 3 });

  it('send_back clears approval and signature: the result must be approved and signed again', () => {
    const j = atApproval().by(USER.justiceLeader, 'approve', at('2026-04-23', '13:00'), {}).by(USER.justiceLeader, 'sign', at('2026-04-23', '13:10'), {});
    expect([j.state.approved, j.state.signed]).toEqual([true, true]);
    j.by(USER.justiceLeader, 'send_back', at('2026-04-23', '13:20'), { toStepIndex: 2, reason: 'Sửa dự thảo' });
    expect([j.state.approved, j.state.signed]).toEqual([false, false]);
    j.by(USER.justiceSpecialist, 'forward', at('2026-04-23', '14:00'), { toStepIndex: 3 });
    expect(refused(() => j.by(USER.justiceLeader, 'finish', at('2026-04-23', '14:10'), {})).messages.en).toMatch(/not been signed/);
    expect(refused(() => j.by(USER.justiceLeader, 'sign', at('2026-04-23', '14:10'), {})).messages.en).toMatch(/not been approved/);
    expect(j.at(at('2026-04-23', '14:10')).status).toBe('in_step');
  });

  it('a pending withdrawal blocks sign (and approve, finish) until the leader decides', () => {
    const j = atApproval()
      .by(USER.justiceLeader, 'approve', at('2026-04-23', '13:00'), {})
      .by(USER.applicant, 'request_withdrawal', at('2026-04-23', '13:05'), { reason: 'Không còn nhu cầu' });
    const e = refused(() => j.by(USER.justiceLeader, 'sign', at('2026-04-23', '13:10'), {}));
    expect(e.messages).toEqual({ vi: expect.stringContaining('rút hồ sơ'), en: expect.stringContaining('withdraw') });
    const perms = allowedActions(j.state, j.pinned, actorContext(USER.justiceLeader), at('2026-04-23', '13:10'));
    expect(perms.find((x) => x.type === 'sign')).toMatchObject({ allowed: false, kind: 'conflict' });
    j.by(USER.justiceLeader, 'decline_withdrawal', at('2026-04-23', '13:20'), { reason: 'Đã phê duyệt' }).by(USER.justiceLeader, 'sign', at('2026-04-23', '13:30'), {});
    expect(j.state.signed).toBe(true);
  });

  it('a replayed log keeps only the first apology', () => {
    const j = atApproval().by(USER.justiceLeader, 'apologise', at('2026-04-24', '09:00'), { lateUnitId: UNIT.justice, reason: 'Xác minh thêm', newDueAt: at('2026-05-08', '16:00') });
    const second: DossierAction = {
      ...j.actions[j.actions.length - 1]!,
      seq: j.actions.length + 1,
      at: at('2026-04-24', '10:00'),
      payload: { lateUnitId: UNIT.justice, reason: 'Lần nữa', newDueAt: at('2026-06-30', '16:00') },
    } as DossierAction;
    const s = deriveDossier([...j.actions, second], j.pinned, at('2026-04-24', '11:00'));
    expect(iso(s.apology!.newDueAt)).toBe('2026-05-08T16:00:00+07:00');
    expect(iso(s.clock!.currentDueAt)).toBe('2026-05-08T16:00:00+07:00');
    expect(s.timeline[s.timeline.length - 1]!.ignored).not.toBeNull();
    expect(refused(() => j.by(USER.justiceLeader, 'apologise', at('2026-04-24', '10:00'), { lateUnitId: UNIT.justice, reason: 'Lần nữa', newDueAt: at('2026-06-30', '16:00') })).messages.en).toMatch(/only once/);
  });
});

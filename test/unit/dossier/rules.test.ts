import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/errors.js';
import {
  allowedActions,
  appendAction,
  deriveDossier,
  validateAction,
  type ActionPermission,
  type ActionType,
} from '../../../src/domain/dossier/index.js';
import { actionBy, actorContext, at, CODE, given, iso, pinned, received, UNIT, USER } from './fixtures.js';

const allowed = (perms: ActionPermission[]) => perms.filter((p) => p.allowed).map((p) => p.type);
const refusal = (perms: ActionPermission[], type: ActionType) => perms.find((p) => p.type === type)!;

function kindOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof AppError ? `${e.kind}:${e.code}` : `other:${String(e)}`;
  }
  return 'none';
}

const inStep2 = () =>
  received()
    .by(USER.desk, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 })
    .by(USER.justiceLeader, 'forward', at('2026-04-23', '11:00'), { toStepIndex: 2, assigneeId: USER.justiceSpecialist });

describe('allowedActions: the buttons each person sees', () => {
  const j = inStep2();
  const now = at('2026-04-24', '09:00');
  const s = j.at(now);

  it('gives the assigned specialist the step’s work, with the unit and role to record', () => {
    const perms = allowedActions(s, j.pinned, actorContext(USER.justiceSpecialist), now);
    expect(allowed(perms)).toEqual(['forward', 'send_back', 'consult', 'request_supplement', 'request_payment', 'finish'].filter((t) => t !== 'finish'));
    expect(perms.find((p) => p.type === 'forward')).toEqual({ type: 'forward', allowed: true, unitId: UNIT.justice, role: 'specialist', delegation: null });
    expect(refusal(perms, 'finish')).toMatchObject({ allowed: false, kind: 'conflict' });
    expect(refusal(perms, 'stop')).toMatchObject({ allowed: false, kind: 'forbidden' });
    expect(refusal(perms, 'receive')).toMatchObject({ allowed: false, kind: 'conflict' });
  });

  it('gives another specialist of the unit nothing to move: the step is assigned', () => {
    const perms = allowedActions(s, j.pinned, actorContext(USER.justiceSpecialist2), now);
    expect(refusal(perms, 'forward')).toMatchObject({ allowed: false, kind: 'forbidden', reason: { en: 'The dossier is assigned to someone else' } });
    expect(allowed(perms)).toEqual(['consult', 'request_supplement', 'request_payment']);
  });

  it('gives the unit leader assignment, apology, stop and refusal, but not the step’s forward nor approval before its step', () => {
    const perms = allowedActions(s, j.pinned, actorContext(USER.justiceLeader), now);
    expect(refusal(perms, 'approve')).toMatchObject({ allowed: false, kind: 'conflict', reason: { en: 'The dossier has not reached the leader’s approval step of the internal process' } });
    expect(allowed(perms)).toEqual([
      'assign',
      'consult',
      'request_supplement',
      'request_payment',
      'refuse_after_examination',
      'apologise',
      'stop',
      'correct',
    ]);
  });

  it('gives the desk the payment and withdrawal on the applicant’s behalf; the applicant theirs', () => {
    expect(allowed(allowedActions(s, j.pinned, actorContext(USER.desk), now))).toEqual(['request_payment', 'request_withdrawal', 'correct']);
    expect(allowed(allowedActions(s, j.pinned, actorContext(USER.applicant), now))).toEqual(['request_withdrawal']);
    expect(allowed(allowedActions(s, j.pinned, actorContext(USER.financeLeader), now))).toEqual([]);
  });

  it('lets a desk start a dossier at its own unit', () => {
    const empty = deriveDossier([], pinned(), now);
    expect(empty).toMatchObject({ status: 'draft', nationalStatus: null, version: 0 });
    const perms = allowedActions(empty, pinned(), actorContext(USER.desk), now);
    expect(allowed(perms)).toEqual(['request_supplement_before_reception', 'refuse_reception', 'receive']);
    expect(perms.find((p) => p.type === 'receive')).toMatchObject({ unitId: UNIT.centre, role: 'desk' });
    expect(allowed(allowedActions(empty, pinned(), actorContext(USER.applicant), now))).toEqual(['submit_online']);
  });

  it('takes a delegation into account for signing', () => {
    const signed = inStep2()
      .by(USER.justiceSpecialist, 'forward', at('2026-04-23', '14:00'), { toStepIndex: 3 })
      .by(USER.justiceLeader, 'approve', at('2026-04-23', '15:00'), {});
    const st = signed.at(now);
    const delegate = { ...actorContext(USER.justiceSpecialist2), delegation: { fromUserId: USER.justiceLeader, scope: 'sign' as const } };
    const perms = allowedActions(st, signed.pinned, delegate, now);
    expect(perms.find((p) => p.type === 'sign')).toEqual({
      type: 'sign',
      allowed: true,
      unitId: UNIT.justice,
      role: 'specialist',
      delegation: { fromUserId: USER.justiceLeader, scope: 'sign' },
    });
    expect(refusal(allowedActions(st, signed.pinned, actorContext(USER.justiceSpecialist2), now), 'sign')).toMatchObject({ allowed: false, kind: 'forbidden' });
  });
});

describe('validateAction', () => {
  it('forwards only by the step’s role at the step’s unit', () => {
    const j = given().received();
    const t = at('2026-04-23', '09:30');
    // Step 0 is the desk's at the centre.
    j.when(USER.justiceLeader, 'forward', t, { toStepIndex: 1 }).then.refused('forbidden:forbidden');
    j.when(USER.desk, 'forward', t, { toStepIndex: 2 }).then.refused('invalid:validation_failed');
    // The same desk role at another unit is not the step's unit.
    j.when(USER.communeDesk, 'forward', t, { toStepIndex: 1 }).then.refused('forbidden:forbidden');
    j.when(USER.desk, 'forward', t, { toStepIndex: 1 }).then.state({ currentStepIndex: 1, currentUnitId: UNIT.justice });
  });

  it('lets the desk act only at the receiving unit', () => {
    const j = inStep2()
      .by(USER.justiceSpecialist, 'forward', at('2026-04-23', '14:00'), { toStepIndex: 3 })
      .by(USER.justiceLeader, 'approve', at('2026-04-23', '15:00'), {})
      .by(USER.justiceLeader, 'sign', at('2026-04-23', '15:00'), {})
      .by(USER.justiceLeader, 'finish', at('2026-04-23', '15:30'), {});
    const t = at('2026-04-24', '08:00');
    j.when(USER.communeDesk, 'return_result', t, { method: 'counter' }).then.refused('forbidden:forbidden');
    j.when(USER.desk, 'return_result', t, { method: 'online' }).then.refused('invalid:validation_failed');
    j.when(USER.desk, 'return_result', t, { method: 'online', electronicResultIds: ['f-1'] }).then.state();
  });

  it('receives across boundaries only where the province allows it ("phi địa giới")', () => {
    const t = at('2026-04-23', '09:00');
    given().when(USER.communeDesk, 'receive', t, { channel: 'counter', competentUnitId: UNIT.commune, dossierCode: CODE }).then.state({ status: 'received' });
    given().when(USER.communeDesk, 'receive', t, { channel: 'counter', competentUnitId: UNIT.justice, dossierCode: CODE }).then.refused('forbidden:forbidden');
    const { mayReceiveFor: _, ...withoutRule } = pinned();
    given(withoutRule).when(USER.communeDesk, 'receive', t, { channel: 'counter', competentUnitId: UNIT.commune, dossierCode: CODE }).then.refused('forbidden:forbidden');
    // Received by the commune centre, processed by the commune: the desk of record is the centre.
    const j = given(pinned({ steps: [] })).by(USER.communeDesk, 'receive', at('2026-04-23', '09:00'), {
      channel: 'postal',
      competentUnitId: UNIT.commune,
      dossierCode: CODE,
    });
    expect(j.state).toMatchObject({ receivingUnitId: UNIT.communeCentre, competentUnitId: UNIT.commune, currentUnitId: UNIT.commune, channel: 'postal' });
  });

  it('refuses an online channel without an online submission, and a reception without a code', () => {
    const t = at('2026-04-23', '09:00');
    given().when(USER.desk, 'receive', t, { channel: 'online', competentUnitId: UNIT.justice, dossierCode: CODE }).then.refused('invalid:validation_failed');
    given().when(USER.desk, 'receive', t, { channel: 'counter', competentUnitId: UNIT.justice }).then.refused('invalid', { fields: ['payload.dossierCode'] });
  });

  it('keeps the competent unit an online applicant chose', () => {
    const j = given().by(USER.applicant, 'submit_online', at('2026-04-22', '21:00'), { competentUnitId: UNIT.justice }, { unitId: UNIT.centre });
    const t = at('2026-04-23', '08:00');
    expect(j.at(t)).toMatchObject({ competentUnitId: UNIT.justice, dossierCode: null });
    j.when(USER.desk, 'receive', t, { channel: 'online', competentUnitId: UNIT.construction, dossierCode: CODE }).then.refused('invalid', { fields: ['payload.competentUnitId'] });
    // Not given: the submitted one applies; a local code is issued at reception.
    j.when(USER.desk, 'receive', t, { channel: 'online', dossierCode: CODE }).then.state({ competentUnitId: UNIT.justice, dossierCode: CODE, status: 'received' });
  });

  it('stops only by a leader of the processing (competent) unit', () => {
    const j = inStep2();
    const stop = (u: number) => j.when(u, 'stop', at('2026-04-24', '09:00'), { reason: 'Có quyết định của tòa án', ground: 'authority_request', documentReference: '5/QĐ-TA' });
    stop(USER.centreLeader).then.refused('forbidden:forbidden');
    stop(USER.justiceSpecialist).then.refused('forbidden:forbidden');
    stop(USER.justiceLeader).then.state({ status: 'stopped' });
  });

  it('refuses actions dated before the last one or in the future, and explains every refusal in both languages', () => {
    const j = inStep2();
    const now = at('2026-04-24', '09:00');
    j.when(USER.justiceSpecialist, 'forward', at('2026-04-23', '10:30'), { toStepIndex: 3 }, { now }).then.refused('invalid:validation_failed');
    j.when(USER.justiceSpecialist, 'forward', at('2026-04-25', '10:30'), { toStepIndex: 3 }, { now }).then.refused('invalid:validation_failed');
    for (const p of allowedActions(j.at(now), j.pinned, actorContext(USER.applicant), now))
      if (!p.allowed) expect(p.reason, p.type).toEqual({ vi: expect.stringMatching(/./), en: expect.stringMatching(/./) });
  });

  it('checks delegation scope and only on acts that can be delegated', () => {
    const j = inStep2()
      .by(USER.justiceSpecialist, 'forward', at('2026-04-23', '14:00'), { toStepIndex: 3 });
    const t = at('2026-04-23', '15:00');
    j.when(USER.justiceSpecialist2, 'approve', t, {}, { delegation: { fromUserId: USER.justiceLeader, scope: 'sign' } }).then.refused('invalid:validation_failed');
    j.when(USER.justiceLeader, 'assign', t, { assigneeId: USER.justiceSpecialist }, { delegation: { fromUserId: 1, scope: 'sign' } }).then.refused('invalid:validation_failed');
    const approved = j.when(USER.justiceSpecialist2, 'approve', t, {}, { delegation: { fromUserId: USER.justiceLeader, scope: 'approve_and_sign' } }).then.state();
    const signed = approved.when(USER.justiceSpecialist2, 'sign', at('2026-04-23', '15:10'), {}, { delegation: { fromUserId: USER.justiceLeader, scope: 'sign' } }).then.state({ status: 'signed' });
    expect(signed.state.timeline.at(-1)).toMatchObject({ type: 'sign', delegation: { fromUserId: USER.justiceLeader, scope: 'sign' } });
  });

  it('sends back only where the process allows it, clearing approval', () => {
    const back = inStep2()
      .when(USER.justiceSpecialist, 'send_back', at('2026-04-23', '12:00'), { toStepIndex: 1, reason: 'Thiếu ý kiến phân công' })
      .then.state({ currentStepIndex: 1, status: 'in_step' });
    expect(back.state.steps[2]).toMatchObject({ handedOverHow: 'send_back' });
    // Step 1 may not send back.
    back.when(USER.justiceLeader, 'send_back', at('2026-04-23', '13:00'), { toStepIndex: 0, reason: 'x' }).then.refused('conflict', /does not let this step/);
  });
});

describe('appendAction: optimistic concurrency', () => {
  it('gives the loser of a race a conflict and changes nothing', () => {
    const j = received();
    const s = j.state;
    const a = actionBy(USER.desk, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 });
    const won = appendAction(s, j.pinned, a, s.version, at('2026-04-23', '10:00'));
    expect(won.action.seq).toBe(2);
    expect(won.state.version).toBe(2);
    expect(kindOf(() => appendAction(won.state, j.pinned, a, s.version, at('2026-04-23', '10:00')))).toBe('conflict:stale_version');
    // A stored action carries its seq: a wrong one is stale too.
    expect(kindOf(() => validateAction(won.state, j.pinned, { ...won.action }, at('2026-04-23', '10:00')))).toBe('conflict:stale_version');
    expect(s.version).toBe(1);
    expect(s.currentStepIndex).toBe(0);
  });
});

describe('correction', () => {
  it('supersedes the comment and descriptive data, never the facts, and keeps the original', () => {
    const j = received()
      .by(USER.desk, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 }, { comment: 'Chuyển Sở Tư pháp' })
      .by(USER.justiceLeader, 'forward', at('2026-04-23', '11:00'), { toStepIndex: 2, assigneeId: USER.justiceSpecialist })
      .by(USER.justiceSpecialist, 'request_supplement', at('2026-04-23', '14:00'), { items: ['Bản sao'], reason: 'Thiếu' })
      .by(USER.desk, 'correct', at('2026-04-23', '15:00'), { targetSeq: 2, reason: 'Ghi nhầm', comment: 'Chuyển Sở Tư pháp (bản giấy)' })
      .by(USER.justiceSpecialist, 'correct', at('2026-04-23', '15:10'), { targetSeq: 4, reason: 'Bổ sung danh mục', data: { items: ['Bản sao', 'Ảnh 4x6'] } });
    const s = j.at(at('2026-04-23', '16:00'));
    expect(s.timeline[1]).toMatchObject({ comment: 'Chuyển Sở Tư pháp (bản giấy)', originalComment: 'Chuyển Sở Tư pháp', correctedBy: [5] });
    expect(s.timeline[3]).toMatchObject({ correctedData: { items: ['Bản sao', 'Ảnh 4x6'] }, correctedBy: [6] });
    expect(s.status).toBe('awaiting_supplement');
    const t = at('2026-04-23', '16:00');
    // Facts are not data: the instant of an action cannot be corrected.
    j.when(USER.desk, 'correct', t, { targetSeq: 2, reason: 'x', data: { at: '2026-04-23T09:00' } }).then.refused('invalid');
    // Someone else's action at another unit.
    j.when(USER.desk, 'correct', t, { targetSeq: 4, reason: 'x', comment: 'y' }).then.refused('forbidden');
    // The leader of the unit may.
    const corrected = j.when(USER.justiceLeader, 'correct', t, { targetSeq: 4, reason: 'x', comment: 'y' }).then.state();
    expect(iso(corrected.at(t).receivedAt)).toBe('2026-04-23T09:00:00+07:00');
  });
});

describe('derivation is total', () => {
  it('keeps actions that never passed validation on the timeline, marked, without changing the state', () => {
    const p = pinned();
    const list = [
      { ...actionBy(USER.desk, 'finish', at('2026-04-23', '08:00'), {}), seq: 1 },
      { ...actionBy(USER.desk, 'receive', at('2026-04-23', '09:00'), { channel: 'counter', competentUnitId: UNIT.justice, dossierCode: CODE }), seq: 2 },
      { ...actionBy(USER.desk, 'forward', at('2026-04-22', '09:00'), { toStepIndex: 1 }), seq: 3 },
      { ...actionBy(USER.desk, 'forward', at('2026-04-23', '09:30'), { toStepIndex: 3 }), seq: 4 },
      { ...actionBy(USER.desk, 'correct', at('2026-04-23', '09:40'), { targetSeq: 99, reason: 'x' }), seq: 5 },
    ] as Parameters<typeof deriveDossier>[0];
    const s = deriveDossier(list, p, at('2026-04-23', '09:00'));
    expect(s.timeline.map((t) => t.ignored === null)).toEqual([false, true, false, false, false]);
    expect([s.status, s.version, s.currentStepIndex, iso(s.asOf)]).toEqual(['received', 5, 0, '2026-04-23T09:40:00+07:00']);
  });
});

describe('withdrawal before reception and the hand-back of documents (issue 10)', () => {
  const submitted = () => given().by(USER.applicant, 'submit_online', at('2026-04-22', '21:00'), { competentUnitId: UNIT.justice }, { unitId: UNIT.centre });

  it('the online applicant withdraws a submission before reception: withdrawn (national 8), not a refusal by the desk', () => {
    const j = submitted();
    const t = at('2026-04-23', '08:00');
    j.when(USER.desk, 'request_withdrawal', t, { reason: 'Nộp nhầm' }).then.refused('forbidden:forbidden');
    const withdrawn = j
      .when(USER.applicant, 'request_withdrawal', t, { reason: 'Nộp nhầm thủ tục' })
      .then.state({ status: 'withdrawn', nationalStatus: 8, phase: 'withdrawn', refusedAt: null, currentUnitId: null, withdrawals: [] });
    // Nothing else can happen to it: no reception, no refusal.
    withdrawn.when(USER.desk, 'receive', at('2026-04-23', '09:00'), { channel: 'online', dossierCode: CODE }).then.refused('conflict:action_not_allowed');
    withdrawn.when(USER.desk, 'refuse_reception', at('2026-04-23', '09:00'), { reasons: 'x' }).then.refused('conflict:action_not_allowed');
    // A counter dossier sent home with form 02 has no applicant's account: the desk refuses reception instead.
    given()
      .by(USER.desk, 'request_supplement_before_reception', at('2026-04-23', '09:00'), { items: ['Tờ khai'], reason: 'Thiếu' })
      .when(USER.applicant, 'request_withdrawal', at('2026-04-23', '09:10'), { reason: 'Không nộp nữa' })
      .then.refused('conflict:action_not_allowed');
  });

  it('the desk records the documents handed back, only after a stop or a refusal, once', () => {
    const note = { note: 'Ông A nhận lại bản chính' };
    const j = inStep2();
    j.when(USER.desk, 'hand_back_documents', at('2026-04-24', '09:00'), note).then.refused('conflict:action_not_allowed');
    j.by(USER.justiceLeader, 'stop', at('2026-04-24', '09:00'), { reason: 'Có quyết định của tòa án', ground: 'authority_request', documentReference: '5/QĐ-TA' });
    j.when(USER.justiceLeader, 'hand_back_documents', at('2026-04-24', '10:00'), note).then.refused('forbidden:forbidden');
    const handed = j.when(USER.desk, 'hand_back_documents', at('2026-04-24', '10:00'), note).then.state({ status: 'stopped', nationalStatus: 8 });
    expect(handed.state.timeline.at(-1)).toMatchObject({ type: 'hand_back_documents', ignored: null });
    handed.when(USER.desk, 'hand_back_documents', at('2026-04-24', '11:00'), note).then.refused('conflict:action_not_allowed');
    // Refused at reception (by post): the same desk hands them back.
    given()
      .by(USER.desk, 'refuse_reception', at('2026-04-23', '09:00'), { reasons: 'Không thuộc thẩm quyền' })
      .when(USER.desk, 'hand_back_documents', at('2026-04-23', '09:05'), {})
      .then.state({ status: 'refused' });
  });
});

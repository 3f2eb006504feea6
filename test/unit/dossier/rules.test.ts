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
import { actionBy, actorContext, at, CODE, iso, Journey, pinned, received, UNIT, USER } from './fixtures.js';

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
    const j = received();
    const s = j.at(at('2026-04-23', '09:30'));
    // Step 0 is the desk's at the centre.
    expect(kindOf(() => validateAction(s, j.pinned, actionBy(USER.justiceLeader, 'forward', at('2026-04-23', '09:30'), { toStepIndex: 1 }), at('2026-04-23', '09:30')))).toBe(
      'forbidden:forbidden',
    );
    expect(kindOf(() => validateAction(s, j.pinned, actionBy(USER.desk, 'forward', at('2026-04-23', '09:30'), { toStepIndex: 2 }), at('2026-04-23', '09:30')))).toBe(
      'invalid:validation_failed',
    );
    // The same desk role at another unit is not the step's unit.
    const foreign = actionBy(USER.communeDesk, 'forward', at('2026-04-23', '09:30'), { toStepIndex: 1 });
    expect(kindOf(() => validateAction(s, j.pinned, foreign, at('2026-04-23', '09:30')))).toBe('forbidden:forbidden');
    expect(kindOf(() => validateAction(s, j.pinned, actionBy(USER.desk, 'forward', at('2026-04-23', '09:30'), { toStepIndex: 1 }), at('2026-04-23', '09:30')))).toBe('none');
  });

  it('lets the desk act only at the receiving unit', () => {
    const j = inStep2()
      .by(USER.justiceSpecialist, 'forward', at('2026-04-23', '14:00'), { toStepIndex: 3 })
      .by(USER.justiceLeader, 'approve', at('2026-04-23', '15:00'), {})
      .by(USER.justiceLeader, 'sign', at('2026-04-23', '15:00'), {})
      .by(USER.justiceLeader, 'finish', at('2026-04-23', '15:30'), {});
    const s = j.at(at('2026-04-24', '08:00'));
    const other = actionBy(USER.communeDesk, 'return_result', at('2026-04-24', '08:00'), { method: 'counter' });
    expect(kindOf(() => validateAction(s, j.pinned, other, at('2026-04-24', '08:00')))).toBe('forbidden:forbidden');
    const online = actionBy(USER.desk, 'return_result', at('2026-04-24', '08:00'), { method: 'online' });
    expect(kindOf(() => validateAction(s, j.pinned, online, at('2026-04-24', '08:00')))).toBe('invalid:validation_failed');
    const withResult = actionBy(USER.desk, 'return_result', at('2026-04-24', '08:00'), { method: 'online', electronicResultIds: ['f-1'] });
    expect(kindOf(() => validateAction(s, j.pinned, withResult, at('2026-04-24', '08:00')))).toBe('none');
  });

  it('receives across boundaries only where the province allows it ("phi địa giới")', () => {
    const p = pinned();
    const empty = deriveDossier([], p, at('2026-04-23', '09:00'));
    const forCommune = actionBy(USER.communeDesk, 'receive', at('2026-04-23', '09:00'), { channel: 'counter', competentUnitId: UNIT.commune, dossierCode: CODE });
    expect(kindOf(() => validateAction(empty, p, forCommune, at('2026-04-23', '09:00')))).toBe('none');
    const forDepartment = actionBy(USER.communeDesk, 'receive', at('2026-04-23', '09:00'), { channel: 'counter', competentUnitId: UNIT.justice, dossierCode: CODE });
    expect(kindOf(() => validateAction(empty, p, forDepartment, at('2026-04-23', '09:00')))).toBe('forbidden:forbidden');
    const { mayReceiveFor: _, ...withoutRule } = p;
    expect(kindOf(() => validateAction(empty, withoutRule, forCommune, at('2026-04-23', '09:00')))).toBe('forbidden:forbidden');
    // Received by the commune centre, processed by the commune: the desk of record is the centre.
    const j = new Journey(pinned({ steps: [] })).by(USER.communeDesk, 'receive', at('2026-04-23', '09:00'), {
      channel: 'postal',
      competentUnitId: UNIT.commune,
      dossierCode: CODE,
    });
    expect(j.state).toMatchObject({ receivingUnitId: UNIT.communeCentre, competentUnitId: UNIT.commune, currentUnitId: UNIT.commune, channel: 'postal' });
  });

  it('refuses an online channel without an online submission, and a reception without a code', () => {
    const p = pinned();
    const empty = deriveDossier([], p, at('2026-04-23', '09:00'));
    const online = actionBy(USER.desk, 'receive', at('2026-04-23', '09:00'), { channel: 'online', competentUnitId: UNIT.justice, dossierCode: CODE });
    expect(kindOf(() => validateAction(empty, p, online, at('2026-04-23', '09:00')))).toBe('invalid:validation_failed');
    const noCode = actionBy(USER.desk, 'receive', at('2026-04-23', '09:00'), { channel: 'counter', competentUnitId: UNIT.justice });
    expect(() => validateAction(empty, p, noCode, at('2026-04-23', '09:00'))).toThrow(expect.objectContaining({ fields: [expect.objectContaining({ path: 'payload.dossierCode' })] }));
  });

  it('keeps the competent unit an online applicant chose', () => {
    const j = new Journey(pinned()).by(USER.applicant, 'submit_online', at('2026-04-22', '21:00'), { competentUnitId: UNIT.justice }, { unitId: UNIT.centre });
    const s = j.at(at('2026-04-23', '08:00'));
    expect([s.competentUnitId, s.dossierCode]).toEqual([UNIT.justice, null]);
    const other = actionBy(USER.desk, 'receive', at('2026-04-23', '08:00'), { channel: 'online', competentUnitId: UNIT.construction, dossierCode: CODE });
    expect(() => validateAction(s, j.pinned, other, at('2026-04-23', '08:00'))).toThrow(expect.objectContaining({ fields: [expect.objectContaining({ path: 'payload.competentUnitId' })] }));
    // Not given: the submitted one applies; a local code is issued at reception.
    j.by(USER.desk, 'receive', at('2026-04-23', '08:00'), { channel: 'online', dossierCode: CODE });
    expect(j.state).toMatchObject({ competentUnitId: UNIT.justice, dossierCode: CODE, status: 'received' });
  });

  it('stops only by a leader of the processing (competent) unit', () => {
    const j = inStep2();
    const s = j.at(at('2026-04-24', '09:00'));
    const stop = (u: number) => actionBy(u, 'stop', at('2026-04-24', '09:00'), { reason: 'Có quyết định của tòa án', ground: 'authority_request', documentReference: '5/QĐ-TA' });
    expect(kindOf(() => validateAction(s, j.pinned, stop(USER.centreLeader), at('2026-04-24', '09:00')))).toBe('forbidden:forbidden');
    expect(kindOf(() => validateAction(s, j.pinned, stop(USER.justiceSpecialist), at('2026-04-24', '09:00')))).toBe('forbidden:forbidden');
    expect(kindOf(() => validateAction(s, j.pinned, stop(USER.justiceLeader), at('2026-04-24', '09:00')))).toBe('none');
  });

  it('refuses actions dated before the last one or in the future, and explains every refusal in both languages', () => {
    const j = inStep2();
    const s = j.at(at('2026-04-24', '09:00'));
    const early = actionBy(USER.justiceSpecialist, 'forward', at('2026-04-23', '10:30'), { toStepIndex: 3 });
    expect(kindOf(() => validateAction(s, j.pinned, early, at('2026-04-24', '09:00')))).toBe('invalid:validation_failed');
    const future = actionBy(USER.justiceSpecialist, 'forward', at('2026-04-25', '10:30'), { toStepIndex: 3 });
    expect(kindOf(() => validateAction(s, j.pinned, future, at('2026-04-24', '09:00')))).toBe('invalid:validation_failed');
    for (const p of allowedActions(s, j.pinned, actorContext(USER.applicant), at('2026-04-24', '09:00')))
      if (!p.allowed) expect(p.reason.vi.length * p.reason.en.length).toBeGreaterThan(0);
  });

  it('checks delegation scope and only on acts that can be delegated', () => {
    const j = inStep2()
      .by(USER.justiceSpecialist, 'forward', at('2026-04-23', '14:00'), { toStepIndex: 3 });
    const s = j.at(at('2026-04-23', '15:00'));
    const approve = actionBy(USER.justiceSpecialist2, 'approve', at('2026-04-23', '15:00'), {}, { delegation: { fromUserId: USER.justiceLeader, scope: 'sign' } });
    expect(kindOf(() => validateAction(s, j.pinned, approve, at('2026-04-23', '15:00')))).toBe('invalid:validation_failed');
    const approveAll = actionBy(USER.justiceSpecialist2, 'approve', at('2026-04-23', '15:00'), {}, { delegation: { fromUserId: USER.justiceLeader, scope: 'approve_and_sign' } });
    expect(kindOf(() => validateAction(s, j.pinned, approveAll, at('2026-04-23', '15:00')))).toBe('none');
    const forward = actionBy(USER.justiceLeader, 'assign', at('2026-04-23', '15:00'), { assigneeId: USER.justiceSpecialist }, { delegation: { fromUserId: 1, scope: 'sign' } });
    expect(kindOf(() => validateAction(s, j.pinned, forward, at('2026-04-23', '15:00')))).toBe('invalid:validation_failed');
    j.by(USER.justiceSpecialist2, 'approve', at('2026-04-23', '15:00'), {}, { delegation: { fromUserId: USER.justiceLeader, scope: 'approve_and_sign' } });
    j.by(USER.justiceSpecialist2, 'sign', at('2026-04-23', '15:10'), {}, { delegation: { fromUserId: USER.justiceLeader, scope: 'sign' } });
    const signed = j.at(at('2026-04-23', '15:10'));
    expect(signed.status).toBe('signed');
    expect(signed.timeline[signed.timeline.length - 1]!.delegation).toEqual({ fromUserId: USER.justiceLeader, scope: 'sign' });
  });

  it('sends back only where the process allows it, clearing approval', () => {
    const j = inStep2();
    expect(() => j.by(USER.justiceSpecialist, 'send_back', at('2026-04-23', '12:00'), { toStepIndex: 1, reason: 'Thiếu ý kiến phân công' })).not.toThrow();
    const back = j.at(at('2026-04-23', '12:00'));
    expect([back.currentStepIndex, back.status, back.steps[2]!.handedOverHow]).toEqual([1, 'in_step', 'send_back']);
    // Step 1 may not send back.
    expect(() => j.by(USER.justiceLeader, 'send_back', at('2026-04-23', '13:00'), { toStepIndex: 0, reason: 'x' })).toThrow(/does not let this step/);
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
    // Facts are not data: the instant of an action cannot be corrected.
    expect(() => j.by(USER.desk, 'correct', at('2026-04-23', '16:00'), { targetSeq: 2, reason: 'x', data: { at: '2026-04-23T09:00' } })).toThrow(
      expect.objectContaining({ kind: 'invalid' }),
    );
    // Someone else's action at another unit.
    expect(() => j.by(USER.desk, 'correct', at('2026-04-23', '16:00'), { targetSeq: 4, reason: 'x', comment: 'y' })).toThrow(expect.objectContaining({ kind: 'forbidden' }));
    // The leader of the unit may.
    expect(() => j.by(USER.justiceLeader, 'correct', at('2026-04-23', '16:00'), { targetSeq: 4, reason: 'x', comment: 'y' })).not.toThrow();
    expect(iso(j.at(at('2026-04-23', '16:00')).receivedAt)).toBe('2026-04-23T09:00:00+07:00');
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
  const submitted = () => new Journey(pinned()).by(USER.applicant, 'submit_online', at('2026-04-22', '21:00'), { competentUnitId: UNIT.justice }, { unitId: UNIT.centre });

  it('the online applicant withdraws a submission before reception: withdrawn (national 8), not a refusal by the desk', () => {
    const j = submitted();
    const s = j.at(at('2026-04-23', '08:00'));
    const byDesk = actionBy(USER.desk, 'request_withdrawal', at('2026-04-23', '08:00'), { reason: 'Nộp nhầm' });
    expect(kindOf(() => validateAction(s, j.pinned, byDesk, at('2026-04-23', '08:00')))).toBe('forbidden:forbidden');
    j.by(USER.applicant, 'request_withdrawal', at('2026-04-23', '08:00'), { reason: 'Nộp nhầm thủ tục' });
    expect(j.state).toMatchObject({ status: 'withdrawn', nationalStatus: 8, phase: 'withdrawn', refusedAt: null, currentUnitId: null });
    expect(j.state.withdrawals).toEqual([]);
    // Nothing else can happen to it: no reception, no refusal.
    const receive = actionBy(USER.desk, 'receive', at('2026-04-23', '09:00'), { channel: 'online', dossierCode: CODE });
    expect(kindOf(() => validateAction(j.state, j.pinned, receive, at('2026-04-23', '09:00')))).toBe('conflict:action_not_allowed');
    const refuse = actionBy(USER.desk, 'refuse_reception', at('2026-04-23', '09:00'), { reasons: 'x' });
    expect(kindOf(() => validateAction(j.state, j.pinned, refuse, at('2026-04-23', '09:00')))).toBe('conflict:action_not_allowed');
    // A counter dossier sent home with form 02 has no applicant's account: the desk refuses reception instead.
    const counter = new Journey(pinned()).by(USER.desk, 'request_supplement_before_reception', at('2026-04-23', '09:00'), { items: ['Tờ khai'], reason: 'Thiếu' });
    const w = actionBy(USER.applicant, 'request_withdrawal', at('2026-04-23', '09:10'), { reason: 'Không nộp nữa' });
    expect(kindOf(() => validateAction(counter.state, counter.pinned, w, at('2026-04-23', '09:10')))).toBe('conflict:action_not_allowed');
  });

  it('the desk records the documents handed back, only after a stop or a refusal, once', () => {
    const j = inStep2();
    const hand = (when: Date, u: number = USER.desk) => actionBy(u, 'hand_back_documents', when, { note: 'Ông A nhận lại bản chính' });
    expect(kindOf(() => validateAction(j.state, j.pinned, hand(at('2026-04-24', '09:00')), at('2026-04-24', '09:00')))).toBe('conflict:action_not_allowed');
    j.by(USER.justiceLeader, 'stop', at('2026-04-24', '09:00'), { reason: 'Có quyết định của tòa án', ground: 'authority_request', documentReference: '5/QĐ-TA' });
    expect(kindOf(() => validateAction(j.state, j.pinned, hand(at('2026-04-24', '10:00'), USER.justiceLeader), at('2026-04-24', '10:00')))).toBe('forbidden:forbidden');
    j.by(USER.desk, 'hand_back_documents', at('2026-04-24', '10:00'), { note: 'Ông A nhận lại bản chính' });
    expect(j.state).toMatchObject({ status: 'stopped', nationalStatus: 8 });
    expect(j.state.timeline.at(-1)).toMatchObject({ type: 'hand_back_documents', ignored: null });
    expect(kindOf(() => validateAction(j.state, j.pinned, hand(at('2026-04-24', '11:00')), at('2026-04-24', '11:00')))).toBe('conflict:action_not_allowed');
    // Refused at reception (by post): the same desk hands them back.
    const refused = new Journey(pinned()).by(USER.desk, 'refuse_reception', at('2026-04-23', '09:00'), { reasons: 'Không thuộc thẩm quyền' });
    refused.by(USER.desk, 'hand_back_documents', at('2026-04-23', '09:05'), {});
    expect(refused.state.status).toBe('refused');
  });
});

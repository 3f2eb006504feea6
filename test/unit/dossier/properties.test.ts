// Random walks through allowed actions: whatever a sequence of people may do, one after another, the derived state
// stays consistent. Each walk picks, at each move, one of the actions allowedActions offers to any fixture user, fills
// in a valid payload and appends it with appendAction, which must accept it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingMinutes, addWorkingTime, dailyOfficeMinutes, outcomeOf, scoreOf, workingTimeBetween, type Limit } from '../../../src/domain/calendar/index.js';
import {
  ACTION_TYPES,
  advanceDossier,
  allowedActions,
  appendAction,
  deriveDossier,
  finalDeskStepIndex,
  lateUnits,
  liveFlags,
  nationalStatusOf,
  newAppointmentBounds,
  projectionOf,
  rulesOf,
  STOP_GROUND_WITHDRAWAL,
  warningThresholds,
  type ActionInput,
  type ActionPermission,
  type ActionType,
  type ActorContext,
  type DossierAction,
  type DossierState,
  type PinnedProcedure,
} from '../../../src/domain/dossier/index.js';
import { ALL_USERS, actorContext, calendar, CODE, pinned, STEPS, UNIT, USER } from './fixtures.js';

const LIMITS: Limit[] = [
  { amount: 5, unit: 'working_days' },
  { amount: 16, unit: 'working_hours' },
  { amount: 10, unit: 'days' },
  { amount: 1, unit: 'same_day' },
];

const variantArb = fc.record({
  supplementPolicy: fc.constantFrom('pause' as const, 'restart' as const),
  paymentPolicy: fc.constantFrom('pause' as const, 'run' as const),
  signatureRequired: fc.boolean(),
  steps: fc.constantFrom('full', 'none', 'two'),
  inter: fc.constantFrom('none', 'parallel', 'sequential'),
  lateSupplementRequest: fc.constantFrom('flag' as const, 'refuse' as const),
  apologyDeadline: fc.constantFrom('before_due' as const, 'day_before_due' as const, 'working_days_before_due' as const),
  repeatSupplementRequests: fc.boolean(),
  limit: fc.constantFrom(...LIMITS),
});
type Variant = typeof variantArb extends fc.Arbitrary<infer T> ? T : never;

function pinnedOf(v: Variant): PinnedProcedure {
  return pinned({
    limit: v.limit,
    supplementPolicy: v.supplementPolicy,
    paymentPolicy: v.paymentPolicy,
    signatureRequired: v.signatureRequired,
    steps:
      v.steps === 'full'
        ? STEPS
        : v.steps === 'two'
          ? [
              { index: 0, unitId: UNIT.centre, role: 'desk', allottedWorkingMinutes: 120, maySendBack: false },
              { index: 1, unitId: UNIT.justice, role: 'specialist', allottedWorkingMinutes: 600, maySendBack: true },
            ]
          : [],
    interAgency:
      v.inter === 'none'
        ? null
        : [
            { unitId: UNIT.construction, task: 'Xác nhận', allottedWorkingMinutes: 480, lead: false },
            { unitId: UNIT.finance, task: 'Xác định nghĩa vụ tài chính', allottedWorkingMinutes: 240, lead: false },
            { unitId: UNIT.justice, task: 'Cấp giấy', allottedWorkingMinutes: 960, lead: true },
          ],
    interAgencyDispatch: v.inter === 'sequential' ? 'sequential' : 'parallel',
    repeatSupplementRequests: v.repeatSupplementRequests,
    rules: { lateSupplementRequest: v.lateSupplementRequest, apologyDeadline: v.apologyDeadline },
  });
}

const moveArb = fc.record({
  pick: fc.nat(10_000),
  v: fc.nat(10_000),
  dt: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 600 }), fc.integer({ min: 600, max: 6 * 24 * 60 })),
});
const walkArb = fc.record({
  variant: variantArb,
  startMinutes: fc.integer({ min: 0, max: 330 * 24 * 60 }),
  moves: fc.array(moveArb, { minLength: 1, maxLength: 40 }),
  tail: fc.integer({ min: 0, max: 15 * 24 * 60 }),
  split: fc.nat(100),
});

/** The delegated specialist signs and approves in the leader's name. */
function contextOf(userId: number): ActorContext {
  const c = actorContext(userId);
  return userId === USER.justiceSpecialist2 ? { ...c, delegation: { fromUserId: USER.justiceLeader, scope: 'approve_and_sign' } } : c;
}

function payloadFor(s: DossierState, p: PinnedProcedure, now: Date, userId: number, perm: Extract<ActionPermission, { allowed: true }>, v: number): unknown | null {
  switch (perm.type) {
    case 'submit_online':
      return { competentUnitId: UNIT.justice, dossierCode: v % 2 ? 'G09.20-20260101-0000001' : null };
    case 'request_supplement_before_reception':
    case 'request_supplement':
      return { items: ['Bản sao giấy tờ'], reason: 'Thiếu' };
    case 'refuse_reception':
    case 'refuse_after_examination':
      return { reasons: 'Không đủ điều kiện' };
    case 'receive':
      return {
        channel: s.channel === 'online' ? 'online' : v % 2 ? 'counter' : 'postal',
        competentUnitId: s.competentUnitId ?? (perm.unitId === UNIT.communeCentre ? UNIT.commune : UNIT.justice),
        dossierCode: s.dossierCode ? undefined : CODE,
      };
    case 'assign':
      return { assigneeId: v % 2 ? USER.justiceSpecialist : USER.justiceSpecialist2 };
    case 'forward':
      return { toStepIndex: s.currentStepIndex! + 1, assigneeId: v % 3 === 0 ? USER.justiceSpecialist : null };
    case 'send_back':
      return { toStepIndex: v % s.currentStepIndex!, reason: 'Làm lại' };
    case 'consult': {
      const units = [UNIT.construction, UNIT.finance, UNIT.centre, UNIT.justice].filter((u) => u !== s.currentUnitId);
      const limits: Limit[] = [{ amount: 2, unit: 'working_days' }, { amount: 8, unit: 'working_hours' }, { amount: 3, unit: 'days' }];
      return { toUnitId: units[v % units.length], question: 'Ý kiến?', limit: limits[v % 3] };
    }
    case 'consult_reply': {
      const c = s.consultations.filter((x) => x.state === 'open' && x.toUnitId === perm.unitId)[0];
      return c ? { consultSeq: c.seq, answer: 'Đồng ý', agrees: v % 2 === 0 } : null;
    }
    case 'contribute':
      return { outcome: v % 4 === 0 ? 'declined' : 'completed', note: 'Xong' };
    case 'supplement_received':
    case 'approve':
    case 'finish':
      return {};
    case 'sign':
      return { documentNumber: `${v}/QĐ` };
    case 'request_payment':
      return { items: [{ name: 'Lệ phí', amountVnd: 50_000 }] };
    case 'payment_recorded':
      return { amountVnd: 50_000, online: v % 2 === 0 };
    case 'return_result': {
      const method = (['counter', 'post', 'online'] as const)[v % 3]!;
      return method === 'online' ? { method, electronicResultIds: ['kq-1'] } : { method };
    }
    case 'apologise': {
      // Within the bounds: after the current due (or now, for a late apology), at most the limit again.
      const b = newAppointmentBounds(advanceDossier(s, [], p, now), p, now);
      const span = workingTimeBetween(b.after, b.latest, calendar);
      if (span < 1) return null;
      const newDueAt = addWorkingMinutes(b.after, Math.min(60 + (v % 2000), Math.floor(span)), calendar);
      return { lateUnitId: perm.unitId, reason: 'Chậm do xác minh', newDueAt };
    }
    case 'request_withdrawal':
    case 'decline_withdrawal':
      return { reason: 'Lý do' };
    case 'hand_back_documents':
      return { note: 'Đã trả lại bản chính' };
    case 'stop':
      return s.status === 'withdrawal_requested' && v % 3 !== 0
        ? { reason: 'Công dân xin rút', ground: STOP_GROUND_WITHDRAWAL }
        : { reason: 'Lý do', ground: rulesOf(p).stopGrounds[v % rulesOf(p).stopGrounds.length]!.code, documentReference: `${v}/CV-CA` };
    case 'correct': {
      const ctx = contextOf(userId);
      const targets = s.timeline.filter((t) => t.type !== 'correct' && (t.actorId === userId || (t.unitId !== null && ctx.hasRole('leader', t.unitId))));
      const t = targets[v % Math.max(1, targets.length)];
      return t ? { targetSeq: t.seq, reason: 'Ghi nhầm', comment: `Sửa ${v}` } : null;
    }
  }
}

const WEIGHT: Partial<Record<ActionType, number>> = {
  correct: 1,
  refuse_reception: 1,
  stop: 1,
  refuse_after_examination: 1,
  request_withdrawal: 1,
  request_supplement_before_reception: 2,
  apologise: 2,
  consult: 2,
};

interface Walk {
  pinned: PinnedProcedure;
  actions: DossierAction[];
  states: DossierState[];
  end: Date;
  /** The first instant, just before an action, at which the dossier was unfinished and past its original due. */
  firstLateAt: Date | null;
}

function walk(w: { variant: Variant; startMinutes: number; moves: { pick: number; v: number; dt: number }[]; tail: number }): Walk {
  const p = pinnedOf(w.variant);
  let t = Date.UTC(2026, 0, 2, 0, 0) + w.startMinutes * 60_000;
  let state = deriveDossier([], p, new Date(t));
  const actions: DossierAction[] = [];
  const states: DossierState[] = [];
  let firstLateAt: Date | null = null;
  for (const m of w.moves) {
    t += m.dt * 60_000;
    const now = new Date(t);
    if (firstLateAt === null && state.phase === 'processing' && advanceDossier(state, [], p, now).flags.late) firstLateAt = now;
    const options: { userId: number; perm: Extract<ActionPermission, { allowed: true }> }[] = [];
    for (const userId of ALL_USERS)
      for (const perm of allowedActions(state, p, contextOf(userId), now)) if (perm.allowed) options.push({ userId, perm });
    if (options.length === 0) break;
    // Choose the kind of action first, weighted so that walks mostly make progress and still end in every way.
    const types = [...new Set(options.map((o) => o.perm.type))];
    const total = types.reduce((sum, t) => sum + (WEIGHT[t] ?? 6), 0);
    let ticket = m.pick % total;
    const type = types.find((t) => (ticket -= WEIGHT[t] ?? 6) < 0)!;
    const forType = options.filter((o) => o.perm.type === type);
    const { userId, perm } = forType[m.v % forType.length]!;
    const payload = payloadFor(state, p, now, userId, perm, m.v);
    if (payload === null) continue;
    const input = {
      type: perm.type,
      at: now,
      actorId: userId,
      actorRoles: [perm.role],
      unitId: perm.type === 'submit_online' ? UNIT.centre : perm.unitId,
      ...(perm.delegation ? { delegation: perm.delegation } : {}),
      payload,
    } as ActionInput;
    const r = appendAction(state, p, input, state.version, now);
    actions.push(r.action);
    state = r.state;
    states.push(state);
  }
  const end = new Date(t + w.tail * 60_000);
  if (firstLateAt === null && state.phase === 'processing' && advanceDossier(state, [], p, end).flags.late) firstLateAt = end;
  return { pinned: p, actions, states, end, firstLateAt };
}

const limitMinutes = (l: Limit) => (l.unit === 'working_days' ? l.amount * 480 : l.unit === 'working_hours' ? l.amount * 60 : null);

function checkState(s: DossierState, p: PinnedProcedure): void {
  const rules = rulesOf(p);
  expect(s.timeline.filter((e) => e.ignored !== null)).toEqual([]);
  expect(s.nationalStatus).toBe(nationalStatusOf(s.status, rules));
  if (s.status !== 'draft') expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).toContain(s.nationalStatus);
  const asOf = s.asOf!.getTime();
  if (s.clock) {
    const c = s.clock;
    // Waiting for the applicant never makes the due earlier than the plain limit from reception.
    expect(c.originalDueAt.getTime()).toBeGreaterThanOrEqual(addWorkingTime(s.receivedAt!, p.limit.amount, p.limit.unit, calendar).getTime());
    expect(c.currentDueAt.getTime()).toBeGreaterThanOrEqual(c.originalDueAt.getTime());
    if (s.apology) expect(c.currentDueAt.getTime()).toBeGreaterThan(c.originalDueAt.getTime());
    else expect(c.currentDueAt).toEqual(c.originalDueAt);
    const lm = limitMinutes(p.limit);
    if (c.status === 'running' && !s.apology && lm !== null) expect(c.elapsedMinutes + c.remainingMinutes).toBeCloseTo(lm, 6);
    // The steps cover the processing time exactly (every unit shares one calendar here), except the periods a step
    // waited for its own consultation (issue 10: a consultation pauses the holding step) and the final desk step,
    // entered when the result came back.
    const processingRows = s.steps.filter((r) => !(s.finishedAt && r.stepIndex === finalDeskStepIndex(p) && r.receivedAt.getTime() === s.finishedAt.getTime()));
    const used = processingRows.reduce((sum, r) => sum + r.usedMinutes, 0);
    if (p.steps.length > 0 && s.consultations.length === 0) expect(used).toBeCloseTo(c.processingMinutes, 6);
    if (p.steps.length > 0) expect(used).toBeLessThanOrEqual(c.processingMinutes + 1e-6);
    expect(c.processingMinutes).toBeGreaterThanOrEqual(0);
    for (let i = 1; i < s.steps.length; i++) expect(s.steps[i]!.receivedAt).toEqual(s.steps[i - 1]!.handedOverAt);
    // Lateness is judged against the original appointment; while it is to be recounted there is none to pass.
    expect(s.flags.late).toBe(s.phase === 'processing' && c.status !== 'paused' && asOf > c.originalDueAt.getTime());
    if (c.dueRecountedOnSupplement) expect(s.waitingFor).toBe('supplement');
  } else {
    expect(s.flags.late).toBe(false);
  }
  if (s.flags.dueWithinOneWorkingDay) expect(s.flags.late).toBe(false);
  if (s.flags.lateWithoutApology) expect(s.apology).toBeNull();
  if (s.flags.lateApologisedLate) expect(s.apology?.late).toBe(true);
  if (s.flags.late || s.outcomeAgainstOriginal === 'late') expect(s.flags.lateForServiceIndex).toBe(true);
  if (s.stoppedAt) {
    const late = s.stoppedAt.getTime() > s.clock!.originalDueAt.getTime();
    expect(s.outcomeAgainstOriginal).toBe(late ? 'late' : null);
    expect(s.scores).toEqual({ indicator1: late ? 0 : null, indicator2: null });
  } else if (s.finishedAt) {
    const c = s.clock!;
    expect(s.outcome === 'late').toBe(s.finishedAt.getTime() > c.currentDueAt.getTime());
    expect(s.outcome).toBe(outcomeOf(s.finishedAt, c.currentDueAt));
    expect(s.outcomeAgainstOriginal === 'late').toBe(s.finishedAt.getTime() > c.originalDueAt.getTime());
    // Indicator 1 on working time (issue 10): 0 when late, 2 when working time of the allowance was left unused.
    const left = s.finishedAt.getTime() > c.originalDueAt.getTime() ? -1 : workingTimeBetween(s.finishedAt, c.originalDueAt, calendar);
    expect(s.scores.indicator1).toBe(left < 0 ? 0 : left > 0 ? 2 : 1);
    if (s.scores.indicator2 !== null) expect([0, 1, 2]).toContain(s.scores.indicator2);
    // A late dossier never looks on time: some unit is charged with it, and indicator 2 shows it.
    if (s.outcomeAgainstOriginal === 'late') {
      expect(s.unitScores).toContainEqual(expect.objectContaining({ late: true }));
      expect(s.scores.indicator2).toBe(0);
    }
    const final = finalDeskStepIndex(p);
    expect(s.steps.every((r) => r.handedOverAt !== null || (r.stepIndex === final && r.receivedAt.getTime() === s.finishedAt!.getTime()))).toBe(true);
  } else {
    // Past the original due and unfinished: some unit is over its allotment (or charged as the holder at the due).
    if (s.phase === 'processing' && s.clock && asOf > s.clock.originalDueAt.getTime()) expect(lateUnits(s, p, s.asOf!).length).toBeGreaterThan(0);
    expect(s.scores).toEqual({ indicator1: null, indicator2: null });
    expect(s.outcome).toBeNull();
  }
}

describe('random walks through allowed actions', () => {
  it('always derive, stay consistent, and rebuilding from the actions equals the live state', () => {
    fc.assert(
      fc.property(walkArb, (w) => {
        const r = walk(w);
        r.states.forEach((s, i) => {
          checkState(s, r.pinned);
          expect(s.version).toBe(i + 1);
          const at = r.actions[i]!.at;
          expect(deriveDossier(r.actions.slice(0, i + 1), r.pinned, at)).toEqual(s);
        });
        const final = deriveDossier(r.actions, r.pinned, r.end);
        checkState(final, r.pinned);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('derive a prefix, then the rest, equals deriving everything; the projection is deterministic', () => {
    fc.assert(
      fc.property(walkArb, (w) => {
        const r = walk(w);
        const k = w.split % (r.actions.length + 1);
        const all = deriveDossier(r.actions, r.pinned, r.end);
        const head = deriveDossier(r.actions.slice(0, k), r.pinned, r.end);
        const headCopy = structuredClone(head.fold);
        const continued = advanceDossier(head, r.actions.slice(k), r.pinned, r.end);
        expect(continued).toEqual(all);
        expect(continued.fold).toEqual(all.fold);
        expect(JSON.parse(JSON.stringify(all))).not.toHaveProperty('fold');
        expect(head.fold).toEqual(headCopy);
        expect(head).toEqual(deriveDossier(r.actions.slice(0, k), r.pinned, r.end));
        expect(projectionOf(42, continued)).toEqual(projectionOf(42, all));
        expect(projectionOf(42, deriveDossier(r.actions, r.pinned, r.end))).toEqual(projectionOf(42, all));
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('never turns a dossier that passed its original due unfinished into on time or early', () => {
    let seen = 0;
    fc.assert(
      fc.property(walkArb, (w) => {
        const r = walk(w);
        if (r.firstLateAt === null) return;
        seen++;
        const late = r.firstLateAt.getTime();
        for (const s of [...r.states.filter((x) => x.asOf!.getTime() >= late), deriveDossier(r.actions, r.pinned, r.end)]) {
          const c = s.clock!;
          // The original due never moves past an instant at which the dossier was already late.
          expect(c.originalDueAt.getTime()).toBeLessThan(late);
          expect(c.dueRecountedOnSupplement).toBe(false);
          if (s.finishedAt || s.stoppedAt) {
            expect(s.outcomeAgainstOriginal).toBe('late');
            expect(s.scores.indicator1).toBe(0);
          } else expect(s.flags.late).toBe(true);
          expect(s.flags.lateForServiceIndex).toBe(true);
          if (s.apology === null) expect(s.flags.lateWithoutApology).toBe(true);
          else if (s.apology.late) expect(s.flags.lateApologisedLate).toBe(true);
          const row = projectionOf(1, s);
          expect(row.late || row.outcomeAgainstOriginal === 'late').toBe(true);
        }
      }),
      { numRuns: 300 },
    );
    expect(seen).toBeGreaterThan(20);
  }, 120_000);

  it('restarting after a supplement is never earlier than pausing', () => {
    fc.assert(
      fc.property(walkArb, (w) => {
        const r = walk(w);
        const pause = deriveDossier(r.actions, { ...r.pinned, supplementPolicy: 'pause' }, r.end);
        const restart = deriveDossier(r.actions, { ...r.pinned, supplementPolicy: 'restart' }, r.end);
        if (pause.clock) expect(restart.clock!.originalDueAt.getTime()).toBeGreaterThanOrEqual(pause.clock.originalDueAt.getTime());
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('an apology moves the current due and never the original one', () => {
    fc.assert(
      fc.property(walkArb, (w) => {
        const r = walk(w);
        const i = r.actions.findIndex((a) => a.type === 'apologise');
        if (i < 0) return;
        // The same history with the apology replaced by an annotation, which touches no clock.
        const without = r.actions.map((a, j) =>
          j === i ? ({ ...a, type: 'correct', payload: { targetSeq: 1, reason: 'x', comment: 'x' } } as DossierAction) : a,
        );
        const a = deriveDossier(r.actions, r.pinned, r.end);
        const b = deriveDossier(without, r.pinned, r.end);
        expect(a.clock!.originalDueAt).toEqual(b.clock!.originalDueAt);
        expect(a.clock!.currentDueAt.getTime()).toBeGreaterThan(b.clock!.currentDueAt.getTime());
        expect(a.scores.indicator1).toBe(b.scores.indicator1);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('pausing for a supplement or payment never makes the due earlier than the same history without the waits', () => {
    fc.assert(
      fc.property(walkArb, (w) => {
        const r = walk(w);
        const waits = new Set(['request_supplement', 'supplement_received', 'request_payment', 'payment_recorded']);
        if (!r.actions.some((a) => waits.has(a.type))) return;
        const without = r.actions.map((a) =>
          waits.has(a.type) ? ({ ...a, type: 'correct', payload: { targetSeq: 1, reason: 'x', comment: 'x' } } as DossierAction) : a,
        );
        const a = deriveDossier(r.actions, r.pinned, r.end);
        const b = deriveDossier(without, r.pinned, r.end);
        if (a.clock && b.clock) expect(a.clock.originalDueAt.getTime()).toBeGreaterThanOrEqual(b.clock.originalDueAt.getTime());
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('reaches every status along the way', () => {
    const seen = new Set<string>();
    const types = new Set<string>();
    fc.assert(
      fc.property(walkArb, (w) => {
        const r = walk(w);
        for (const s of r.states) seen.add(s.status);
        for (const a of r.actions) types.add(a.type);
      }),
      { numRuns: 300, seed: 20260423 },
    );
    expect(types.size).toBe(ACTION_TYPES.length);
    expect([...seen].sort()).toEqual(
      [
        'submitted',
        'supplement_before_reception',
        'refused',
        'received',
        'in_step',
        'assigned',
        'consulting',
        'awaiting_signature',
        'signed',
        'awaiting_supplement',
        'awaiting_payment',
        'withdrawal_requested',
        'stopped',
        'finished',
        'refused_after_examination',
        'returned',
        'withdrawn',
      ].sort(),
    );
  });

  it("the flags of a running clock are liveFlags on the dossier's projection row, read then or later", () => {
    /** What a list computes at `readAt` from the row written for `written` (derived at its own instant). */
    const fromRow = (written: DossierState, p: PinnedProcedure, readAt: Date) => {
      const row = projectionOf(42, written);
      const t = warningThresholds(written, p);
      return liveFlags(
        { originalDueAt: row.originalDueAt!, currentDueAt: row.currentDueAt!, dueSoonFrom: t.dueSoonFrom, apologyWarningFrom: t.apologyWarningFrom!, apologised: row.apologised },
        readAt,
        p.calendarOf(written.receivingUnitId!),
      );
    };
    let compared = 0;
    fc.assert(
      fc.property(walkArb, (w) => {
        const r = walk(w);
        for (let i = 0; i <= r.actions.length; i++) {
          const written = deriveDossier(r.actions.slice(0, i), r.pinned, i === 0 ? r.end : r.actions[i - 1]!.at);
          if (written.phase !== 'processing' || written.clock?.status !== 'running') continue;
          // Read when written, and just before the next action (or at the walk's end): nothing happened in between.
          const later = i < r.actions.length ? new Date(r.actions[i]!.at.getTime() - 1) : r.end;
          for (const readAt of [written.asOf!, later]) {
            if (readAt.getTime() < written.asOf!.getTime()) continue;
            const s = deriveDossier(r.actions.slice(0, i), r.pinned, readAt);
            const live = fromRow(written, r.pinned, readAt);
            expect({ late: live.late, dueSoon: live.dueSoon, apologyDueSoon: live.apologyDueSoon }).toEqual({
              late: s.flags.late,
              dueSoon: s.flags.dueWithinOneWorkingDay,
              apologyDueSoon: s.flags.apologyDueSoon,
            });
            expect(live.remaining).toBeCloseTo(s.clock!.remainingMinutes, 6);
            // The threshold form says what the count of remaining working time said before it (issue 11).
            const window = rulesOf(r.pinned).dueSoonWorkingDays * dailyOfficeMinutes(r.pinned.calendarOf(s.receivingUnitId!));
            expect(live.dueSoon).toBe(!live.late && readAt.getTime() <= s.clock!.currentDueAt.getTime() && s.clock!.remainingMinutes <= window);
            compared++;
          }
        }
      }),
      { numRuns: 150 },
    );
    expect(compared).toBeGreaterThan(100);
  }, 60_000);
});

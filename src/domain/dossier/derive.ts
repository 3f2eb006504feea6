// deriveDossier: the one pure function from a dossier's actions to everything shown about it. The fold (fold.ts)
// collects facts; this file turns them into clocks on the right calendars: the overall limit on the receiving unit's
// calendar, each step on its unit's calendar, each consultation and inter-agency part on the calendar of the unit
// doing the work.
import {
  addWorkingMinutes,
  addWorkingTime,
  dailyOfficeMinutes,
  deriveClock,
  outcomeOf,
  vnDateOf,
  vnInstant,
  workingTimeBetween,
  type Calendar,
  type ClockEvent,
  type ClockState,
  type Score,
} from '../calendar/index.js';
import { applyAction, copyFold, emptyFold, openVisit, type EventAt, type Fold } from './fold.js';
import { nationalStatusOf } from './labels.js';
import {
  DEFAULT_RULES,
  type ApologyRecord,
  type ConsultationRecord,
  type DossierAction,
  type DossierClock,
  type DossierFlags,
  type DossierRules,
  type DossierState,
  type DossierStatus,
  type ParticipantRecord,
  type PinnedProcedure,
  type StepRecord,
  type SupplementRequestRecord,
  type UnitScore,
} from './types.js';
import { dueSoonThreshold, liveFlags } from './live.js';
import { rulesOf } from './rules-of.js';
import { isReceptionOverdue } from './waiting.js';

export { rulesOf };

const d = (ms: number) => new Date(ms);
const dn = (ms: number | null) => (ms === null ? null : new Date(ms));
const events = (list: readonly EventAt[]): ClockEvent[] => list.map((e): ClockEvent => ({ type: e.type, at: new Date(e.at) }));
/** Working minutes as whole-minute figures when the instants are whole minutes; keeps -0 out of results. */
const tidy = (m: number) => (m === 0 ? 0 : m);

/** The state of a dossier at `now` from its full list of actions. */
export function deriveDossier(actions: readonly DossierAction[], pinned: PinnedProcedure, now: Date): DossierState {
  const f = emptyFold();
  for (const a of actions) applyAction(f, a, pinned);
  return finalize(f, pinned, now);
}

/**
 * Continues a derivation with more actions: equal to deriving the whole list at once, without replaying it.
 * `state` is left untouched.
 */
export function advanceDossier(state: DossierState, more: readonly DossierAction[], pinned: PinnedProcedure, now: Date): DossierState {
  const f = copyFold(state.fold);
  for (const a of more) applyAction(f, a, pinned);
  return finalize(f, pinned, now);
}

/** A step-sized clock: `minutes` of working time as a working_hours limit. */
const minutesLimit = (minutes: number) => ({ amount: minutes / 60, unit: 'working_hours' as const });

function partClock(calendar: Calendar, allotted: number, startedAt: number, waits: readonly EventAt[], endedAt: number | null, asOf: number): ClockState {
  const list: EventAt[] = [{ type: 'start', at: startedAt }, ...waits];
  if (endedAt !== null) list.push({ type: 'stop', at: endedAt });
  return deriveClock({ calendar, limit: minutesLimit(allotted), pausePolicy: 'pause', events: events(list) }, d(Math.max(asOf, lastAt(list))));
}

const lastAt = (list: readonly EventAt[]) => list.reduce((m, e) => Math.max(m, e.at), Number.NEGATIVE_INFINITY);

/**
 * Circular 01/2018 Art. 13-15 scoring on working time: 2 when the clock ended with working time of its allowance left
 * (used less than allowed), 1 when it used exactly its allowance, 0 when it ended after its due instant. Calendar
 * days play no part: finishing on Friday at 17:00 for a Monday 07:45 due is 15 working minutes early, not a day.
 */
export function workingTimeScore(endedAt: number, due: Date, calendar: Calendar): Score {
  if (endedAt > due.getTime()) return 0;
  return workingTimeBetween(d(endedAt), due, calendar) > 0 ? 2 : 1;
}

/**
 * The pause events of a step's stay: the waits for the applicant recorded by the fold, merged with the periods the
 * step's unit waited for an answer to its own consultations (a consultation pauses the holding step; its own delay
 * is charged to the consulted unit). `end` is when the stay ended, or null while it lasts.
 */
function stayPauses(waits: readonly EventAt[], consultations: readonly { from: number; to: number | null }[], enteredAt: number, end: number | null): EventAt[] {
  const spans: { from: number; to: number | null }[] = [];
  let open: number | null = null;
  for (const w of waits) {
    if (w.type === 'pause' && open === null) open = w.at;
    else if (w.type === 'resume' && open !== null) {
      spans.push({ from: open, to: w.at });
      open = null;
    }
  }
  if (open !== null) spans.push({ from: open, to: null });
  for (const c of consultations) {
    const from = Math.max(c.from, enteredAt);
    if (end !== null && from >= end) continue;
    if (c.to !== null && c.to <= from) continue;
    spans.push({ from, to: c.to });
  }
  if (spans.length === 0) return [];
  spans.sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number | null }[] = [];
  for (const x of spans) {
    const m = merged[merged.length - 1];
    if (m && (m.to === null || x.from <= m.to)) m.to = m.to === null || x.to === null ? null : Math.max(m.to, x.to);
    else merged.push({ ...x });
  }
  const out: EventAt[] = [];
  for (const x of merged) {
    out.push({ type: 'pause', at: x.from });
    if (x.to !== null && (end === null || x.to < end)) out.push({ type: 'resume', at: x.to });
    else break;
  }
  return out;
}

function statusOf(f: Fold): DossierStatus {
  switch (f.phase) {
    case 'draft':
    case 'submitted':
    case 'supplement_before_reception':
    case 'refused':
    case 'returned':
    case 'stopped':
    case 'withdrawn':
      return f.phase;
    case 'finished':
      return f.result === 'refused' ? 'refused_after_examination' : 'finished';
    case 'processing': {
      const w = f.withdrawals[f.withdrawals.length - 1];
      if (w && w.decision === null) return 'withdrawal_requested';
      if (f.waiting?.kind === 'supplement') return 'awaiting_supplement';
      if (f.waiting?.kind === 'payment') return 'awaiting_payment';
      if (f.signed) return 'signed';
      if (f.approved) return 'awaiting_signature';
      if (f.consultations.some((c) => c.repliedAt === null)) return 'consulting';
      const v = openVisit(f);
      const assignee = v ? v.assigneeId : f.looseAssigneeId;
      if (assignee !== null) return 'assigned';
      if (f.visits.length <= 1) return 'received';
      return 'in_step';
    }
  }
}

function minScore(scores: readonly (Score | null)[]): Score | null {
  let out: Score | null = null;
  for (const s of scores) if (s !== null && (out === null || s < out)) out = s;
  return out;
}

export function finalize(f: Fold, pinned: PinnedProcedure, now: Date): DossierState {
  const rules = rulesOf(pinned);
  const nowMs = now instanceof Date && Number.isFinite(now.getTime()) ? now.getTime() : null;
  // A `now` before the last action is taken as that action's instant, so derivation never fails on a skewed clock.
  const asOfOrNull = f.lastAt === null ? nowMs : Math.max(nowMs ?? f.lastAt, f.lastAt);
  // Without any instant there are no actions, hence no clocks: 0 is never used below.
  const asOf = asOfOrNull ?? 0;
  const status = statusOf(f);
  const open = f.phase === 'processing';
  const closedAt = f.finishedAt ?? f.stoppedAt;

  let clock: DossierClock | null = null;
  let outcome: DossierState['outcome'] = null;
  let outcomeAgainstOriginal: DossierState['outcomeAgainstOriginal'] = null;
  let apology: ApologyRecord | null = null;
  let indicator1: Score | null = null;
  let receivingCalendar: Calendar | null = null;

  const supplementRequests: SupplementRequestRecord[] = f.supplements.map((s) => {
    const unit = s.unitId ?? f.competentUnitId ?? f.receivingUnitId!;
    const cal = pinned.calendarOf(unit);
    const firstVisit = f.visits.find((v) => v.unitId === s.unitId);
    const unitReceivedAt = firstVisit ? firstVisit.enteredAt : f.receivedAt!;
    const windowEnd = addWorkingTime(d(unitReceivedAt), rules.supplementWindowWorkingDays, 'working_days', cal);
    return {
      seq: s.seq,
      at: d(s.at),
      unitId: s.unitId,
      items: s.items,
      reason: s.reason,
      windowEndsAt: windowEnd,
      withinWindow: s.at <= windowEnd.getTime(),
      receivedAt: dn(s.receivedAt),
    };
  });

  let recounting = false;
  if (f.receivedAt !== null && f.receivingUnitId !== null) {
    const cal = pinned.calendarOf(f.receivingUnitId);
    receivingCalendar = cal;
    const { list: all, restarts, prefix } = effectiveClockEvents(f, pinned, cal, supplementRequests);
    const c = deriveClock({ calendar: cal, limit: pinned.limit, pausePolicy: 'pause', events: all }, d(asOf));
    const originalDue = c.due!;
    let currentDue = originalDue;
    if (f.apology) {
      const a = f.apology;
      const before = deriveClock({ calendar: cal, limit: pinned.limit, pausePolicy: 'pause', events: all.slice(0, prefix(a.clockEvents)) }, d(a.at)).due!;
      // Waiting after the apology moves the new appointment by the same working time it moves the legal due.
      const shift = workingTimeBetween(before, originalDue, cal);
      currentDue = shift === 0 ? d(a.newDueAt) : addWorkingMinutes(d(a.newDueAt), shift, cal);
      apology = {
        seq: a.seq,
        at: d(a.at),
        lateUnitId: a.lateUnitId,
        signerId: a.signerId,
        reason: a.reason,
        previousDueAt: before,
        newDueAt: d(a.newDueAt),
        issuedDayBeforeDue: vnDateOf(d(a.at)) < vnDateOf(before),
        late: a.at > apologyDeadlineOf(before, rules, pinned.calendarOf(a.lateUnitId)).getTime(),
      };
    }
    // Waiting for a supplement asked in time under the restart policy: the limit starts again when it arrives.
    recounting = open && f.waiting?.kind === 'supplement' && f.waiting.pauses && restarts.get(f.waiting.seq) === true;
    const end = closedAt ?? asOf;
    let paused = 0;
    for (const w of f.waits) {
      if (!w.pauses || w.from >= end) continue;
      paused += workingTimeBetween(d(w.from), d(Math.min(w.to ?? end, end)), cal);
    }
    clock = {
      status: c.status === 'not_started' ? 'running' : c.status,
      originalDueAt: originalDue,
      currentDueAt: currentDue,
      dueRecountedOnSupplement: recounting,
      elapsedMinutes: tidy(c.elapsedMinutes),
      remainingMinutes: tidy(workingTimeBetween(c.asOf!, currentDue, cal)),
      pausedMinutes: tidy(c.pausedMinutes),
      processingMinutes: tidy(workingTimeBetween(d(f.receivedAt), d(end), cal) - paused),
    };
    if (f.finishedAt !== null) {
      outcome = outcomeOf(d(f.finishedAt), currentDue);
      outcomeAgainstOriginal = outcomeOf(d(f.finishedAt), originalDue);
      indicator1 = workingTimeScore(f.finishedAt, originalDue, cal);
    } else if (f.stoppedAt !== null && f.stoppedAt > originalDue.getTime()) {
      // A dossier stopped after its due instant stays late in every figure: a stop never erases lateness.
      outcome = 'late';
      outcomeAgainstOriginal = 'late';
      indicator1 = 0;
    }
  }

  const steps: StepRecord[] = f.visits.map((v, i) => {
    const cal = pinned.calendarOf(v.unitId);
    const asked = f.consultations.filter((x) => x.fromUnitId === v.unitId).map((x) => ({ from: x.at, to: x.repliedAt ?? closedAt }));
    const c = partClock(cal, v.allotted, v.enteredAt, stayPauses(v.waits, asked, v.enteredAt, v.leftAt), v.leftAt, asOf);
    // The final desk step holds the result until the applicant collects it, at a time the applicant chooses: its
    // hand-over is recorded, not judged.
    const judged = v.final !== true && v.leftAt !== null;
    return {
      row: i + 1,
      stepIndex: v.stepIndex,
      name: v.name,
      unitId: v.unitId,
      role: v.role,
      receivedAt: d(v.enteredAt),
      givenBy: v.givenBy,
      // A leader's step is held by the leader who acted; an assignment there names the next step's official.
      receivedBy: v.role === 'leader' ? v.leftBy : (v.assigneeId ?? v.leftBy),
      handedOverAt: dn(v.leftAt),
      handedOverBy: v.leftBy,
      handedOverHow: v.leftHow,
      allottedMinutes: v.allotted,
      usedMinutes: tidy(c.elapsedMinutes),
      dueAt: c.due!,
      outcome: judged ? c.outcome : null,
      score: judged ? workingTimeScore(v.leftAt!, c.due!, cal) : null,
    };
  });

  const consultations: ConsultationRecord[] = f.consultations.map((x) => {
    const ended = x.repliedAt ?? closedAt;
    const list: EventAt[] = [{ type: 'start', at: x.at }];
    if (ended !== null) list.push({ type: 'stop', at: ended });
    const c = deriveClock({ calendar: pinned.calendarOf(x.toUnitId), limit: x.limit, pausePolicy: 'pause', events: events(list) }, d(asOf));
    return {
      seq: x.seq,
      fromUnitId: x.fromUnitId,
      toUnitId: x.toUnitId,
      question: x.question,
      limit: x.limit,
      requestedAt: d(x.at),
      dueAt: c.due!,
      repliedAt: dn(x.repliedAt),
      answer: x.answer,
      agrees: x.agrees,
      usedMinutes: tidy(c.elapsedMinutes),
      outcome: x.repliedAt !== null ? c.outcome : null,
      state: x.repliedAt !== null ? 'answered' : closedAt !== null ? 'unanswered' : 'open',
    };
  });

  const participants: ParticipantRecord[] = f.participants.map((p) => {
    const base = { unitId: p.unitId, task: p.task, lead: p.lead, allottedMinutes: p.allotted, result: p.result, note: p.note };
    if (p.startedAt === null) {
      return { ...base, startedAt: null, dueAt: null, contributedAt: null, usedMinutes: 0, outcome: null, score: null, state: 'waiting_turn' as const };
    }
    const ended = p.contributedAt ?? closedAt;
    const cal = pinned.calendarOf(p.unitId);
    const c = partClock(cal, p.allotted, p.startedAt, p.waits.filter((w) => ended === null || w.at <= ended), ended, asOf);
    const done = p.contributedAt !== null;
    return {
      ...base,
      startedAt: d(p.startedAt),
      dueAt: c.due!,
      contributedAt: dn(p.contributedAt),
      usedMinutes: tidy(c.elapsedMinutes),
      outcome: done ? c.outcome : null,
      score: done ? workingTimeScore(p.contributedAt!, c.due!, cal) : null,
      state: done ? ('done' as const) : closedAt !== null ? ('not_done' as const) : ('in_progress' as const),
    };
  });

  const unitScores = scoreUnits(f, pinned, steps, participants, consultations, clock, closedAt, asOf);
  let indicator2: Score | null = null;
  if (f.finishedAt !== null) indicator2 = minScore(unitScores.map((u) => u.score));

  const current = openVisit(f);
  // Lists judge lateness against the original appointment; the new one is shown beside it.
  // A clock paused for the applicant is not late (a wait that began once the dossier was late does not pause it).
  const holding = current ? current.unitId : f.competentUnitId;
  // A running clock's flags are the list's (liveFlags, from the thresholds the projection row stores); a paused
  // clock's remaining time stands still, so its flags are those of when it stopped.
  const live =
    open && clock !== null && clock.status === 'running' && receivingCalendar !== null
      ? liveFlags(
          {
            originalDueAt: clock.originalDueAt,
            currentDueAt: clock.currentDueAt,
            dueSoonFrom: clock.dueRecountedOnSupplement ? null : dueSoonThreshold(clock.currentDueAt, rules, receivingCalendar),
            apologyWarningFrom: apologyWarningFrom(clock.currentDueAt, rules, pinned.calendarOf(holding ?? f.receivingUnitId!)),
            apologised: f.apology !== null,
          },
          d(asOf),
          receivingCalendar,
        )
      : null;
  const late = live ? live.late : open && clock !== null && clock.status !== 'paused' && asOf > clock.originalDueAt.getTime();
  const soonWindow = receivingCalendar ? rules.dueSoonWorkingDays * dailyOfficeMinutes(receivingCalendar) : 0;
  const pastOriginal = late || outcomeAgainstOriginal === 'late';
  const multipleSupplementRequests = f.supplements.length > rules.supplementRequestsCountedOnTime;
  const lateSupplementRequest = supplementRequests.some((s) => !s.withinWindow);
  const flags: DossierFlags = {
    dueWithinOneWorkingDay: live
      ? live.dueSoon
      : open && clock !== null && !clock.dueRecountedOnSupplement && !late && asOf <= clock.currentDueAt.getTime() && clock.remainingMinutes <= soonWindow,
    late,
    lateWithoutApology: f.apology === null && pastOriginal,
    lateApologisedLate: apology !== null && apology.late && pastOriginal,
    apologyAllowed: open && clock !== null && apologyWindowOpen(f, clock, rules, asOf),
    apologyDueSoon: live?.apologyDueSoon ?? false,
    multipleSupplementRequests,
    lateSupplementRequest,
    lateForServiceIndex: pastOriginal || multipleSupplementRequests || lateSupplementRequest,
    receptionOverdue:
      status === 'submitted' && f.submittedAt !== null && f.submittedToUnitId !== null && isReceptionOverdue(d(f.submittedAt), d(asOf), pinned.calendarOf(f.submittedToUnitId)),
  };

  let currentUnitId: number | null = null;
  if (f.phase === 'processing') currentUnitId = current ? current.unitId : f.competentUnitId;
  else if (f.phase === 'finished') currentUnitId = f.receivingUnitId;
  else if (f.phase === 'submitted' || f.phase === 'supplement_before_reception') currentUnitId = f.submittedToUnitId;

  const state: Omit<DossierState, 'fold'> = {
    version: f.count,
    status,
    nationalStatus: nationalStatusOf(status, rules),
    phase: f.phase,
    dossierCode: f.dossierCode,
    channel: f.channel,
    submittedAt: dn(f.submittedAt),
    submittedToUnitId: f.submittedToUnitId,
    receivedAt: dn(f.receivedAt),
    receivingUnitId: f.receivingUnitId,
    competentUnitId: f.competentUnitId ?? f.submittedCompetentUnitId,
    trackingBookNumber: f.trackingBookNumber,
    currentStepIndex: current ? current.stepIndex : null,
    currentUnitId,
    assigneeId: f.phase === 'processing' ? (current ? current.assigneeId : f.looseAssigneeId) : null,
    approved: f.approved,
    signed: f.signed,
    waitingFor: f.waiting?.kind ?? null,
    clock,
    finishedAt: dn(f.finishedAt),
    returnedAt: dn(f.returnedAt),
    returnMethod: f.returnMethod,
    resultDelivery: f.resultDelivery,
    stoppedAt: dn(f.stoppedAt),
    stopGround: f.stopGround,
    refusedAt: dn(f.refusedAt),
    result: f.result,
    outcome,
    outcomeAgainstOriginal,
    scores: { indicator1, indicator2 },
    unitScores,
    apology,
    supplementRequests,
    supplementRequestCount: f.supplements.length,
    preReceptionSupplements: f.preSupplements.map((s) => ({ seq: s.seq, at: d(s.at), items: s.items, reason: s.reason, resubmittedAt: dn(s.resubmittedAt) })),
    payments: f.payments.map((p) => ({
      seq: p.seq,
      requestedAt: d(p.at),
      items: p.items,
      totalVnd: p.items.reduce((sum, x) => sum + x.amountVnd, 0),
      paidAt: dn(p.paidAt),
      paidVnd: p.paidVnd,
      online: p.online,
    })),
    withdrawals: f.withdrawals.map((w) => ({ seq: w.seq, at: d(w.at), reason: w.reason, decision: w.decision, decidedAt: dn(w.decidedAt) })),
    steps,
    consultations,
    participants,
    flags,
    timeline: f.timeline.map((t) => ({ ...t, correctedData: { ...t.correctedData }, correctedBy: [...t.correctedBy] })),
    asOf: dn(asOfOrNull),
    lastActionAt: dn(f.lastAt),
  };
  // Not enumerable: the accumulator stays out of JSON responses and of comparisons of what a dossier looks like.
  return Object.defineProperty(state, 'fold', { value: f, enumerable: false }) as DossierState;
}

/**
 * Circular 01/2018 indicator 2, per participating unit (Art. 13-15): each unit's working time used against its
 * allotment, summed over
 * - its steps (the final desk step excluded): every stay's used time, each step's allotment counted once, so that
 *   sending a dossier back never buys a unit more time;
 * - its inter-agency part, on its own clock from the moment it actually got the dossier;
 * - the consultations it was asked to answer: from the request to the consultation's due instant.
 * A unit is late when it used more than its allotment or one of its part or consultation clocks ended (or, still
 * running, is) past its due instant. A dossier past its original due for which no unit is late is charged to the
 * unit that held it at that instant (e.g. a consultation given a limit longer than the dossier's own).
 */
function scoreUnits(
  f: Fold,
  pinned: PinnedProcedure,
  steps: readonly StepRecord[],
  participants: readonly ParticipantRecord[],
  consultations: readonly ConsultationRecord[],
  clock: DossierClock | null,
  closedAt: number | null,
  asOf: number,
): UnitScore[] {
  const byUnit = new Map<number, UnitScore & { steps: Set<number> }>();
  const unit = (unitId: number) => {
    let u = byUnit.get(unitId);
    if (!u) {
      u = { unitId, allottedMinutes: 0, usedMinutes: 0, late: false, blamed: false, score: null, steps: new Set() };
      byUnit.set(unitId, u);
    }
    return u;
  };
  const end = closedAt ?? asOf;
  f.visits.forEach((v, i) => {
    if (v.final) return;
    const r = steps[i]!;
    const u = unit(r.unitId);
    if (!u.steps.has(r.stepIndex)) {
      u.steps.add(r.stepIndex);
      u.allottedMinutes += r.allottedMinutes;
    }
    u.usedMinutes += r.usedMinutes;
  });
  for (const p of participants) {
    if (p.startedAt === null || p.dueAt === null) continue;
    const u = unit(p.unitId);
    u.allottedMinutes += p.allottedMinutes;
    u.usedMinutes += p.usedMinutes;
    if ((p.contributedAt?.getTime() ?? end) > p.dueAt.getTime()) u.late = true;
  }
  for (const c of consultations) {
    const u = unit(c.toUnitId);
    u.allottedMinutes += workingTimeBetween(c.requestedAt, c.dueAt, pinned.calendarOf(c.toUnitId));
    u.usedMinutes += c.usedMinutes;
    if ((c.repliedAt?.getTime() ?? end) > c.dueAt.getTime()) u.late = true;
  }
  const out = [...byUnit.values()];
  for (const u of out) if (u.usedMinutes > u.allottedMinutes) u.late = true;
  if (clock !== null && !out.some((u) => u.late) && end > clock.originalDueAt.getTime()) {
    const due = clock.originalDueAt.getTime();
    const holder = [...f.visits].reverse().find((v) => !v.final && v.enteredAt <= due);
    const u = unit(holder ? holder.unitId : (f.competentUnitId ?? f.receivingUnitId!));
    u.late = true;
    u.blamed = true;
    if (!out.includes(u)) out.push(u);
  }
  if (f.finishedAt !== null) for (const u of out) u.score = u.late ? 0 : u.usedMinutes < u.allottedMinutes ? 2 : 1;
  return out.map(({ steps: _steps, ...u }) => ({ ...u, usedMinutes: tidy(u.usedMinutes), allottedMinutes: tidy(u.allottedMinutes) }));
}

/**
 * The units over their own allotment at `asOf` (see scoreUnits): the units a late dossier is charged to, and the
 * only ones whose head may apologise for it. Pure; `asOf` before the last action is taken as that action's instant.
 */
export function lateUnits(state: DossierState, pinned: PinnedProcedure, asOf: Date): number[] {
  const s = state.asOf !== null && asOf.getTime() === state.asOf.getTime() ? state : advanceDossier(state, [], pinned, asOf);
  return s.unitScores.filter((u) => u.late).map((u) => u.unitId);
}

/**
 * An apology can still be issued at `at`: none yet and the clock running (a dossier waiting for the applicant is not
 * late by the unit's doing). After the apology deadline, and after the due instant itself, it is still accepted and
 * recorded as late (apologyDeadlineOf).
 */
export function apologyWindowOpen(f: Fold, _clock: DossierClock, _rules: DossierRules, _at: number): boolean {
  return f.apology === null && f.waiting?.pauses !== true;
}

/**
 * The last instant an apology is on time for a dossier due at `due`, on the late unit's calendar: by default one
 * working day before the due instant (Decree 61/2018 Art. 19; Circular 01/2018 Art. 13).
 */
export function apologyDeadlineOf(due: Date, rules: DossierRules, calendar: Calendar): Date {
  switch (rules.apologyDeadline) {
    case 'before_due':
      return due;
    case 'day_before_due': {
      // The end of the day before the due day, Vietnam time (UTC+7, no daylight saving).
      return new Date(vnInstant(vnDateOf(due)).getTime() - 1);
    }
    case 'working_days_before_due':
      return addWorkingMinutes(due, -rules.apologyLeadWorkingDays * dailyOfficeMinutes(calendar), calendar);
  }
}

/** From when the unit's leader is warned that an apology will be due: N working days before the due instant. */
export function apologyWarningFrom(due: Date, rules: DossierRules, calendar: Calendar): Date {
  return addWorkingMinutes(due, -rules.apologyWarningWorkingDays * dailyOfficeMinutes(calendar), calendar);
}

/**
 * The overall clock's events as the law counts them.
 * - Under the `restart` policy the limit starts again only for a supplement requested within the window and before
 *   the due instant as it stood then (Decree 61/2018 Art. 19: a request after the window, or once the dossier is
 *   already late, never hands the unit a fresh limit). A restart that does not qualify becomes a resume (the pause
 *   policy). `restarts`: each request's decision.
 * - A wait that begins once the dossier is already past its due instant does not pause the clock: waiting for the
 *   applicant then cannot move a due that has passed (the calendar clock adds paused time to the due, which is right
 *   only for a pause before it).
 * `prefix(k)`: how many of the returned events come from the first k events of the fold.
 */
function effectiveClockEvents(
  f: Fold,
  pinned: PinnedProcedure,
  cal: Calendar,
  requests: readonly SupplementRequestRecord[],
): { list: ClockEvent[]; restarts: Map<number, boolean>; prefix: (k: number) => number } {
  const restarts = new Map<number, boolean>();
  const list: ClockEvent[] = [];
  const counts: number[] = [0];
  let skipping = false;
  for (const e of f.clock) {
    if (e.type === 'pause') {
      const due = deriveClock({ calendar: cal, limit: pinned.limit, pausePolicy: 'pause', events: list }, d(e.at)).due;
      const overdue = due !== null && e.at > due.getTime();
      if (e.seq !== undefined && pinned.supplementPolicy === 'restart') {
        const inWindow = requests.find((r) => r.seq === e.seq)?.withinWindow === true;
        restarts.set(e.seq, inWindow && !overdue);
      }
      if (overdue) skipping = true;
      else list.push({ type: 'pause', at: d(e.at) });
    } else if (e.type === 'resume' || e.type === 'restart') {
      if (skipping) skipping = false;
      else {
        const type = e.type === 'restart' && e.seq !== undefined && restarts.get(e.seq) !== true ? 'resume' : e.type;
        list.push({ type, at: d(e.at) });
      }
    } else {
      if (e.type === 'stop') skipping = false;
      list.push({ type: e.type, at: d(e.at) });
    }
    counts.push(list.length);
  }
  return { list, restarts, prefix: (k) => counts[Math.min(k, counts.length - 1)]! };
}

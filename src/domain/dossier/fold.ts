// The left fold over a dossier's actions. It only records facts (instants, units, who, clock events); every figure
// that needs a calendar is computed once at the end (derive.ts), so that applying one more action stays cheap and
// the accumulator can be carried in the state to continue later.
//
// The fold is lenient: an action that does not fit the state (a log the validator never saw) is kept on the timeline
// marked `ignored` and changes nothing else. That is what makes derivation total.
import type { Limit } from '../calendar/index.js';
import type { Bilingual } from '../errors.js';
import { finalDeskStepIndex } from './pinned.js';
import type {
  Channel,
  DossierAction,
  FeeItem,
  Phase,
  PinnedProcedure,
  ReturnMethod,
  StepRole,
  TimelineEntry,
} from './types.js';

export type EventType = 'start' | 'pause' | 'resume' | 'restart' | 'stop';
export interface EventAt {
  type: EventType;
  at: number;
  /** On the overall clock: the supplement request (its seq) a pause or restart belongs to. */
  seq?: number;
}

export interface VisitAcc {
  stepIndex: number;
  name: string | null;
  unitId: number;
  role: StepRole;
  allotted: number;
  enteredAt: number;
  givenBy: number | null;
  assigneeId: number | null;
  leftAt: number | null;
  leftBy: number | null;
  leftHow: 'forward' | 'send_back' | 'finish' | 'refuse' | 'stop' | 'return' | null;
  /** The final desk step, entered when the result came back: outside processing, not scored. */
  final?: boolean;
  /** Pauses and resumes while the dossier waited for the applicant; start and stop are enteredAt and leftAt. */
  waits: EventAt[];
}

export interface ParticipantAcc {
  unitId: number;
  task: string;
  lead: boolean;
  allotted: number;
  startedAt: number | null;
  contributedAt: number | null;
  result: 'completed' | 'declined' | null;
  note: string | null;
  waits: EventAt[];
}

export interface ConsultationAcc {
  seq: number;
  at: number;
  fromUnitId: number | null;
  toUnitId: number;
  question: string;
  limit: Limit;
  repliedAt: number | null;
  answer: string | null;
  agrees: boolean | null;
}

export interface SupplementAcc {
  seq: number;
  at: number;
  unitId: number | null;
  items: string[];
  reason: string;
  receivedAt: number | null;
}

export interface PreSupplementAcc {
  seq: number;
  at: number;
  items: string[];
  reason: string;
  resubmittedAt: number | null;
}

export interface PaymentAcc {
  seq: number;
  at: number;
  items: FeeItem[];
  paidAt: number | null;
  paidVnd: number | null;
  online: boolean;
}

export interface ApologyAcc {
  seq: number;
  at: number;
  lateUnitId: number;
  signerId: number | null;
  reason: string;
  newDueAt: number;
  /** How many overall-clock events existed when it was issued: the due it replaced is derived from them. */
  clockEvents: number;
}

export interface WithdrawalAcc {
  seq: number;
  at: number;
  reason: string;
  decision: 'stopped' | 'declined' | null;
  decidedAt: number | null;
}

export interface Wait {
  kind: 'supplement' | 'payment';
  seq: number;
  at: number;
  /** Whether this wait stops the clocks (a supplement always does; a payment per the procedure's policy). */
  pauses: boolean;
}

export interface Fold {
  count: number;
  lastAt: number | null;
  phase: Phase;
  channel: Channel | null;
  dossierCode: string | null;
  submittedAt: number | null;
  submittedToUnitId: number | null;
  submittedCompetentUnitId: number | null;
  receivedAt: number | null;
  receivingUnitId: number | null;
  competentUnitId: number | null;
  trackingBookNumber: number | null;
  refusedAt: number | null;
  visits: VisitAcc[];
  /** Assignee when the procedure has no internal process steps. */
  looseAssigneeId: number | null;
  approved: boolean;
  signed: boolean;
  result: 'granted' | 'refused' | null;
  waiting: Wait | null;
  /** Every wait with its end (null while it lasts): the intervals the units were not working on the dossier. */
  waits: { from: number; to: number | null; pauses: boolean }[];
  clock: EventAt[];
  supplements: SupplementAcc[];
  preSupplements: PreSupplementAcc[];
  payments: PaymentAcc[];
  consultations: ConsultationAcc[];
  participants: ParticipantAcc[];
  sequentialParticipants: boolean;
  apology: ApologyAcc | null;
  withdrawals: WithdrawalAcc[];
  finishedAt: number | null;
  returnedAt: number | null;
  returnMethod: ReturnMethod | null;
  resultDelivery: ReturnMethod | null;
  stoppedAt: number | null;
  timeline: TimelineEntry[];
}

/** A recorded choice of how to get the result, or null (anything else is ignored, as an old log may hold it). */
const deliveryOf = (v: unknown): ReturnMethod | null => (v === 'counter' || v === 'post' || v === 'online' ? v : null);

export function emptyFold(): Fold {
  return {
    count: 0,
    lastAt: null,
    phase: 'draft',
    channel: null,
    dossierCode: null,
    submittedAt: null,
    submittedToUnitId: null,
    submittedCompetentUnitId: null,
    receivedAt: null,
    receivingUnitId: null,
    competentUnitId: null,
    trackingBookNumber: null,
    refusedAt: null,
    visits: [],
    looseAssigneeId: null,
    approved: false,
    signed: false,
    result: null,
    waiting: null,
    waits: [],
    clock: [],
    supplements: [],
    preSupplements: [],
    payments: [],
    consultations: [],
    participants: [],
    sequentialParticipants: false,
    apology: null,
    withdrawals: [],
    finishedAt: null,
    returnedAt: null,
    returnMethod: null,
    resultDelivery: null,
    stoppedAt: null,
    timeline: [],
  };
}

/**
 * A copy deep enough that continuing a derivation never changes the state it continued from: every object the fold
 * mutates is copied; events, item lists and dates are never mutated and are shared.
 */
export function copyFold(f: Fold): Fold {
  return {
    ...f,
    visits: f.visits.map((v) => ({ ...v, waits: [...v.waits] })),
    waiting: f.waiting && { ...f.waiting },
    waits: f.waits.map((w) => ({ ...w })),
    clock: [...f.clock],
    supplements: f.supplements.map((x) => ({ ...x })),
    preSupplements: f.preSupplements.map((x) => ({ ...x })),
    payments: f.payments.map((x) => ({ ...x })),
    consultations: f.consultations.map((x) => ({ ...x })),
    participants: f.participants.map((p) => ({ ...p, waits: [...p.waits] })),
    apology: f.apology && { ...f.apology },
    withdrawals: f.withdrawals.map((x) => ({ ...x })),
    timeline: f.timeline.map((t) => ({ ...t, correctedData: { ...t.correctedData }, correctedBy: [...t.correctedBy] })),
  };
}

export const openVisit = (f: Fold): VisitAcc | null => {
  const v = f.visits[f.visits.length - 1];
  return v !== undefined && v.leftAt === null ? v : null;
};

export const isPreReception = (p: Phase) => p === 'draft' || p === 'submitted' || p === 'supplement_before_reception';

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const NOT_APPLICABLE: Bilingual = {
  vi: 'Thao tác không phù hợp với trạng thái hồ sơ lúc đó nên không được tính',
  en: 'The action did not fit the state of the dossier at the time and was not applied',
};
const OUT_OF_ORDER: Bilingual = {
  vi: 'Thời điểm của thao tác sớm hơn thao tác trước đó hoặc không hợp lệ nên không được tính',
  en: 'The action is dated before the previous one or has no valid date and was not applied',
};

function pauseParts(f: Fold, at: number): void {
  const v = openVisit(f);
  if (v) v.waits.push({ type: 'pause', at });
  for (const p of f.participants) if (p.startedAt !== null && p.contributedAt === null) p.waits.push({ type: 'pause', at });
}

function resumeParts(f: Fold, at: number): void {
  const v = openVisit(f);
  if (v) v.waits.push({ type: 'resume', at });
  for (const p of f.participants) if (p.startedAt !== null && p.contributedAt === null) p.waits.push({ type: 'resume', at });
}

/** Ends the current wait at `at` (its clocks resume, or restart for a supplement under the restart policy). */
function endWait(f: Fold, at: number, pinned: PinnedProcedure): void {
  const w = f.waiting;
  if (!w) return;
  if (w.pauses) {
    // Whether a restart really restarts (a request in time) is decided at derivation, which has the calendars.
    const restart = w.kind === 'supplement' && pinned.supplementPolicy === 'restart';
    f.clock.push(restart ? { type: 'restart', at, seq: w.seq } : { type: 'resume', at });
    resumeParts(f, at);
  }
  const open = f.waits[f.waits.length - 1];
  if (open && open.to === null) open.to = at;
  f.waiting = null;
}

function startWait(f: Fold, kind: Wait['kind'], seq: number, at: number, pauses: boolean): void {
  f.waiting = { kind, seq, at, pauses };
  f.waits.push({ from: at, to: null, pauses });
  if (pauses) {
    f.clock.push(kind === 'supplement' ? { type: 'pause', at, seq } : { type: 'pause', at });
    pauseParts(f, at);
  }
}

function enterStep(f: Fold, pinned: PinnedProcedure, index: number, at: number, givenBy: number | null, assigneeId: number | null, final = false): void {
  const s = pinned.steps[index]!;
  const paused = f.waiting?.pauses === true;
  f.visits.push({
    ...(final ? { final: true } : {}),
    stepIndex: index,
    name: s.name ?? null,
    unitId: s.unitId,
    role: s.role,
    allotted: s.allottedWorkingMinutes,
    enteredAt: at,
    givenBy,
    assigneeId,
    leftAt: null,
    leftBy: null,
    leftHow: null,
    waits: paused ? [{ type: 'pause', at }] : [],
  });
}

function leaveStep(f: Fold, at: number, by: number | null, how: NonNullable<VisitAcc['leftHow']>): void {
  const v = openVisit(f);
  if (!v) return;
  v.leftAt = at;
  v.leftBy = by;
  v.leftHow = how;
}

function startParticipant(f: Fold, p: ParticipantAcc, at: number): void {
  p.startedAt = at;
  if (f.waiting?.pauses) p.waits.push({ type: 'pause', at });
}

/**
 * The result (or the refusal notice) comes back to the desk: the dossier enters the process's final desk step, unless
 * it is already there (a log from before this rule, where the desk step was reached by `forward`).
 */
function resultBackToDesk(f: Fold, pinned: PinnedProcedure, at: number, by: number | null): void {
  const final = finalDeskStepIndex(pinned);
  const last = f.visits[f.visits.length - 1];
  if (final === null || !last || last.stepIndex === final) return;
  enterStep(f, pinned, final, at, by, null, true);
}

/** Processing ends (finish, refusal after examination, stop): the overall clock stops, so does the current step. */
function endProcessing(f: Fold, pinned: PinnedProcedure, at: number, by: number | null, how: 'finish' | 'refuse' | 'stop'): void {
  const w = f.waiting;
  if (w) {
    // Judged as if the applicant had answered at that instant: under the restart policy the limit starts again.
    if (w.pauses && w.kind === 'supplement' && pinned.supplementPolicy === 'restart') f.clock.push({ type: 'restart', at, seq: w.seq });
    const open = f.waits[f.waits.length - 1];
    if (open && open.to === null) open.to = at;
    f.waiting = null;
  }
  f.clock.push({ type: 'stop', at });
  leaveStep(f, at, by, how);
  const pending = f.withdrawals[f.withdrawals.length - 1];
  if (pending && pending.decision === null && how === 'stop') {
    pending.decision = 'stopped';
    pending.decidedAt = at;
  }
}

/** Applies one action to the fold in place. Never throws. */
export function applyAction(f: Fold, a: DossierAction, pinned: PinnedProcedure): void {
  const at = a.at instanceof Date ? a.at.getTime() : Number.NaN;
  const entry: TimelineEntry = {
    seq: f.count + 1,
    type: a.type,
    at: a.at,
    actorId: a.actorId ?? null,
    actorRoles: a.actorRoles ?? [],
    unitId: a.unitId ?? null,
    delegation: a.delegation ?? null,
    comment: a.comment ?? null,
    originalComment: a.comment ?? null,
    attachments: a.attachments ?? [],
    correctedData: {},
    correctedBy: [],
    ignored: null,
  };
  f.count += 1;
  f.timeline.push(entry);
  if (!Number.isFinite(at) || (f.lastAt !== null && at < f.lastAt)) {
    entry.ignored = OUT_OF_ORDER;
    return;
  }
  f.lastAt = at;
  const ignore = () => {
    entry.ignored = NOT_APPLICABLE;
  };
  const processing = f.phase === 'processing';
  const seq = entry.seq;
  const by = a.actorId ?? null;

  switch (a.type) {
    case 'submit_online': {
      if (f.phase !== 'draft') return ignore();
      f.phase = 'submitted';
      f.channel = 'online';
      f.submittedAt = at;
      f.submittedToUnitId = a.unitId ?? null;
      f.submittedCompetentUnitId = num(a.payload?.competentUnitId);
      f.dossierCode = a.payload?.dossierCode || null;
      f.resultDelivery = deliveryOf(a.payload?.resultDelivery) ?? f.resultDelivery;
      return;
    }
    case 'request_supplement_before_reception': {
      if (!isPreReception(f.phase)) return ignore();
      f.phase = 'supplement_before_reception';
      if (f.submittedToUnitId === null) f.submittedToUnitId = a.unitId ?? null;
      f.preSupplements.push({ seq, at, items: strings(a.payload?.items), reason: text(a.payload?.reason), resubmittedAt: null });
      return;
    }
    case 'refuse_reception': {
      if (!isPreReception(f.phase)) return ignore();
      f.phase = 'refused';
      f.refusedAt = at;
      if (f.submittedToUnitId === null) f.submittedToUnitId = a.unitId ?? null;
      return;
    }
    case 'receive': {
      if (!isPreReception(f.phase)) return ignore();
      const p = a.payload;
      const unitId = a.unitId;
      const competent = num(p?.competentUnitId) ?? f.submittedCompetentUnitId;
      if (unitId === null || competent === null) return ignore();
      f.phase = 'processing';
      f.channel = f.channel ?? p.channel ?? 'counter';
      f.receivedAt = at;
      f.receivingUnitId = unitId;
      f.competentUnitId = competent;
      f.dossierCode = f.dossierCode ?? (p.dossierCode || null);
      f.trackingBookNumber = num(p.trackingBookNumber);
      f.resultDelivery = deliveryOf(p.resultDelivery) ?? f.resultDelivery;
      const last = f.preSupplements[f.preSupplements.length - 1];
      if (last && last.resubmittedAt === null) last.resubmittedAt = at;
      f.clock.push({ type: 'start', at });
      if (pinned.steps.length > 0) enterStep(f, pinned, 0, at, by, null);
      // Sequential unless the approved process says parallel (Decree 61/2018 Art. 16-17).
      f.sequentialParticipants = pinned.interAgencyDispatch !== 'parallel';
      f.participants = (pinned.interAgency ?? []).map((q) => ({
        unitId: q.unitId,
        task: q.task,
        lead: q.lead,
        allotted: q.allottedWorkingMinutes,
        startedAt: null,
        contributedAt: null,
        result: null,
        note: null,
        waits: [],
      }));
      f.participants.forEach((q, i) => {
        if (!f.sequentialParticipants || i === 0) startParticipant(f, q, at);
      });
      return;
    }
    case 'assign': {
      if (!processing) return ignore();
      const assignee = num(a.payload?.assigneeId);
      const v = openVisit(f);
      if (v) v.assigneeId = assignee;
      else f.looseAssigneeId = assignee;
      return;
    }
    case 'forward': {
      const v = openVisit(f);
      const to = num(a.payload?.toStepIndex);
      if (!processing || !v || f.waiting || to !== v.stepIndex + 1 || pinned.steps[to] === undefined) return ignore();
      // An assignment made at a leader's step names who handles the next step of the same unit.
      const carried = v.role === 'leader' && pinned.steps[to]!.unitId === v.unitId ? v.assigneeId : null;
      leaveStep(f, at, by, 'forward');
      enterStep(f, pinned, to, at, by, num(a.payload.assigneeId) ?? carried);
      return;
    }
    case 'send_back': {
      const v = openVisit(f);
      const to = num(a.payload?.toStepIndex);
      if (!processing || !v || f.waiting || to === null || to < 0 || to >= v.stepIndex || !Number.isInteger(to)) return ignore();
      leaveStep(f, at, by, 'send_back');
      enterStep(f, pinned, to, at, by, null);
      f.approved = false;
      f.signed = false;
      return;
    }
    case 'consult': {
      const to = num(a.payload?.toUnitId);
      if (!processing || to === null || !a.payload.limit) return ignore();
      f.consultations.push({
        seq,
        at,
        fromUnitId: a.unitId ?? null,
        toUnitId: to,
        question: text(a.payload.question),
        limit: { amount: a.payload.limit.amount, unit: a.payload.limit.unit },
        repliedAt: null,
        answer: null,
        agrees: null,
      });
      return;
    }
    case 'consult_reply': {
      const c = f.consultations.find((x) => x.seq === a.payload?.consultSeq);
      if (!processing || !c || c.repliedAt !== null) return ignore();
      c.repliedAt = at;
      c.answer = text(a.payload.answer);
      c.agrees = typeof a.payload.agrees === 'boolean' ? a.payload.agrees : null;
      return;
    }
    case 'contribute': {
      const i = f.participants.findIndex((p) => p.unitId === a.unitId && p.startedAt !== null && p.contributedAt === null);
      const p = f.participants[i];
      if (!processing || !p) return ignore();
      // A part handed in while the dossier waits for the applicant stops its clock in the paused state.
      p.contributedAt = at;
      p.result = a.payload?.outcome === 'declined' ? 'declined' : 'completed';
      p.note = text(a.payload?.note);
      const next = f.participants[i + 1];
      if (f.sequentialParticipants && next && next.startedAt === null) startParticipant(f, next, at);
      return;
    }
    case 'request_supplement': {
      if (!processing || f.waiting) return ignore();
      f.supplements.push({ seq, at, unitId: a.unitId ?? null, items: strings(a.payload?.items), reason: text(a.payload?.reason), receivedAt: null });
      startWait(f, 'supplement', seq, at, true);
      return;
    }
    case 'supplement_received': {
      if (f.phase === 'supplement_before_reception') {
        // Only an online dossier is resubmitted; at the counter the desk simply receives.
        const last = f.preSupplements[f.preSupplements.length - 1];
        if (last) last.resubmittedAt = at;
        f.phase = 'submitted';
        return;
      }
      if (!processing || f.waiting?.kind !== 'supplement') return ignore();
      const s = f.supplements[f.supplements.length - 1];
      if (s) s.receivedAt = at;
      endWait(f, at, pinned);
      return;
    }
    case 'request_payment': {
      if (!processing || f.waiting) return ignore();
      const items = Array.isArray(a.payload?.items)
        ? a.payload.items.map((x) => ({ name: text(x?.name), amountVnd: num(x?.amountVnd) ?? 0 }))
        : [];
      f.payments.push({ seq, at, items, paidAt: null, paidVnd: null, online: false });
      startWait(f, 'payment', seq, at, pinned.paymentPolicy === 'pause');
      return;
    }
    case 'payment_recorded': {
      if (!processing || f.waiting?.kind !== 'payment') return ignore();
      const p = f.payments[f.payments.length - 1];
      if (p) {
        p.paidAt = at;
        p.paidVnd = num(a.payload?.amountVnd);
        p.online = a.payload?.online === true;
      }
      endWait(f, at, pinned);
      return;
    }
    case 'approve': {
      if (!processing || f.approved) return ignore();
      f.approved = true;
      return;
    }
    case 'sign': {
      if (!processing || !f.approved || f.signed) return ignore();
      f.signed = true;
      return;
    }
    case 'refuse_after_examination': {
      if (!processing) return ignore();
      endProcessing(f, pinned, at, by, 'refuse');
      resultBackToDesk(f, pinned, at, by);
      f.phase = 'finished';
      f.result = 'refused';
      f.finishedAt = at;
      return;
    }
    case 'finish': {
      if (!processing || f.waiting) return ignore();
      endProcessing(f, pinned, at, by, 'finish');
      resultBackToDesk(f, pinned, at, by);
      f.phase = 'finished';
      f.result = 'granted';
      f.finishedAt = at;
      return;
    }
    case 'return_result': {
      if (f.phase !== 'finished') return ignore();
      f.phase = 'returned';
      f.returnedAt = at;
      leaveStep(f, at, by, 'return');
      const m = a.payload?.method;
      f.returnMethod = m === 'post' || m === 'online' ? m : 'counter';
      return;
    }
    case 'apologise': {
      const newDue = a.payload?.newDueAt instanceof Date ? a.payload.newDueAt.getTime() : Number.NaN;
      if (!processing || f.apology || !Number.isFinite(newDue)) return ignore();
      f.apology = {
        seq,
        at,
        lateUnitId: num(a.payload.lateUnitId) ?? a.unitId ?? 0,
        signerId: by,
        reason: text(a.payload.reason),
        newDueAt: newDue,
        clockEvents: f.clock.length,
      };
      return;
    }
    case 'request_withdrawal': {
      // Before reception the online applicant's own withdrawal ends the submission: no case was opened, nobody
      // refused it (docs/dossier.md, "Withdrawal").
      if (f.phase === 'submitted' || (f.phase === 'supplement_before_reception' && f.channel === 'online')) {
        f.phase = 'withdrawn';
        return;
      }
      const last = f.withdrawals[f.withdrawals.length - 1];
      if (!processing || (last && last.decision === null)) return ignore();
      f.withdrawals.push({ seq, at, reason: text(a.payload?.reason), decision: null, decidedAt: null });
      return;
    }
    case 'decline_withdrawal': {
      const last = f.withdrawals[f.withdrawals.length - 1];
      if (!processing || !last || last.decision !== null) return ignore();
      last.decision = 'declined';
      last.decidedAt = at;
      return;
    }
    case 'stop': {
      if (!processing) return ignore();
      endProcessing(f, pinned, at, by, 'stop');
      f.phase = 'stopped';
      f.stoppedAt = at;
      return;
    }
    case 'hand_back_documents': {
      const ended = f.phase === 'stopped' || f.phase === 'refused' || ((f.phase === 'finished' || f.phase === 'returned') && f.result === 'refused');
      if (!ended || f.timeline.some((t) => t.type === 'hand_back_documents' && !t.ignored && t.seq !== seq)) return ignore();
      return;
    }
    case 'correct': {
      const target = f.timeline[(num(a.payload?.targetSeq) ?? 0) - 1];
      if (!target || target.seq >= seq || target.type === 'correct') return ignore();
      if (typeof a.payload.comment === 'string') target.comment = a.payload.comment;
      const data = a.payload.data;
      if (data && typeof data === 'object') {
        for (const [k, v] of Object.entries(data)) if (typeof v === 'string' || Array.isArray(v)) target.correctedData[k] = Array.isArray(v) ? strings(v) : v;
      }
      target.correctedBy.push(seq);
      return;
    }
    default:
      return ignore();
  }
}

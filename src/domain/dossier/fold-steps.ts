// The machinery every action's `evolve` (actions/*.ts) shares: the accumulator the fold carries, waits and clock
// events, entering and leaving steps, the end of processing. Only facts are recorded (instants, units, who, clock
// events); every figure that needs a calendar is computed once at the end (derive.ts).
//
// A stored log may hold anything (a log the validator never saw), so the readers below (text, num, strings,
// deliveryOf) take what is there defensively instead of trusting the payload's type.
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
  /** The stop's ground (the applicant's withdrawal or a configured code); null for stops logged before grounds. */
  stopGround: string | null;
  timeline: TimelineEntry[];
}

/** A recorded choice of how to get the result, or null (anything else is ignored, as an old log may hold it). */
export const deliveryOf = (v: unknown): ReturnMethod | null => (v === 'counter' || v === 'post' || v === 'online' ? v : null);

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
    stopGround: null,
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

export const text = (v: unknown): string => (typeof v === 'string' ? v : '');
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export const NOT_APPLICABLE: Bilingual = {
  vi: 'Thao tác không phù hợp với trạng thái hồ sơ lúc đó nên không được tính',
  en: 'The action did not fit the state of the dossier at the time and was not applied',
};
export const OUT_OF_ORDER: Bilingual = {
  vi: 'Thời điểm của thao tác sớm hơn thao tác trước đó hoặc không hợp lệ nên không được tính',
  en: 'The action is dated before the previous one or has no valid date and was not applied',
};

export function pauseParts(f: Fold, at: number): void {
  const v = openVisit(f);
  if (v) v.waits.push({ type: 'pause', at });
  for (const p of f.participants) if (p.startedAt !== null && p.contributedAt === null) p.waits.push({ type: 'pause', at });
}

export function resumeParts(f: Fold, at: number): void {
  const v = openVisit(f);
  if (v) v.waits.push({ type: 'resume', at });
  for (const p of f.participants) if (p.startedAt !== null && p.contributedAt === null) p.waits.push({ type: 'resume', at });
}

/** Ends the current wait at `at` (its clocks resume, or restart for a supplement under the restart policy). */
export function endWait(f: Fold, at: number, pinned: PinnedProcedure): void {
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

export function startWait(f: Fold, kind: Wait['kind'], seq: number, at: number, pauses: boolean): void {
  f.waiting = { kind, seq, at, pauses };
  f.waits.push({ from: at, to: null, pauses });
  if (pauses) {
    f.clock.push(kind === 'supplement' ? { type: 'pause', at, seq } : { type: 'pause', at });
    pauseParts(f, at);
  }
}

export function enterStep(f: Fold, pinned: PinnedProcedure, index: number, at: number, givenBy: number | null, assigneeId: number | null, final = false): void {
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

export function leaveStep(f: Fold, at: number, by: number | null, how: NonNullable<VisitAcc['leftHow']>): void {
  const v = openVisit(f);
  if (!v) return;
  v.leftAt = at;
  v.leftBy = by;
  v.leftHow = how;
}

export function startParticipant(f: Fold, p: ParticipantAcc, at: number): void {
  p.startedAt = at;
  if (f.waiting?.pauses) p.waits.push({ type: 'pause', at });
}

/**
 * The result (or the refusal notice) comes back to the desk: the dossier enters the process's final desk step, unless
 * it is already there (a log from before this rule, where the desk step was reached by `forward`).
 */
export function resultBackToDesk(f: Fold, pinned: PinnedProcedure, at: number, by: number | null): void {
  const final = finalDeskStepIndex(pinned);
  const last = f.visits[f.visits.length - 1];
  if (final === null || !last || last.stepIndex === final) return;
  enterStep(f, pinned, final, at, by, null, true);
}

/** Processing ends (finish, refusal after examination, stop): the overall clock stops, so does the current step. */
export function endProcessing(f: Fold, pinned: PinnedProcedure, at: number, by: number | null, how: 'finish' | 'refuse' | 'stop'): void {
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


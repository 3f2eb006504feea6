// The vocabulary of a dossier: its actions (the only thing stored), the pinned procedure data it is judged against,
// and the rules a province may tune. Everything else about a dossier is derived from these (see derive.ts).
import type { Calendar, Limit, Outcome, Score } from '../calendar/index.js';
import type { Bilingual } from '../errors.js';
import type { Role } from '../org.js';
import type { z } from 'zod';
import type { PAYLOAD_SCHEMAS } from './actions/index.js';
import type { Fold } from './fold-steps.js';

/** KenhThucHien: 1 counter, 2 online, 3 public postal service. */
export const CHANNELS = ['counter', 'online', 'postal'] as const;
export type Channel = (typeof CHANNELS)[number];
export const NATIONAL_CHANNEL_CODES: Record<Channel, 1 | 2 | 3> = { counter: 1, online: 2, postal: 3 };

/** Staff roles, plus the applicant acting through their own account and the system (portal import, payment gateway). */
export type ActorRole = Role | 'applicant' | 'system';

/**
 * What a delegation (ủy quyền) lets its holder do in the delegator's name. `sign` covers signing the result and the
 * refusal notice; `approve_and_sign` also covers the approval before it.
 */
export const DELEGATION_SCOPES = ['sign', 'approve_and_sign'] as const;
export type DelegationScope = (typeof DELEGATION_SCOPES)[number];

export interface Delegation {
  fromUserId: number;
  scope: DelegationScope;
}

export const ACTION_TYPES = [
  'submit_online',
  'request_supplement_before_reception',
  'refuse_reception',
  'receive',
  'assign',
  'forward',
  'send_back',
  'consult',
  'consult_reply',
  'contribute',
  'request_supplement',
  'supplement_received',
  'request_payment',
  'payment_recorded',
  'approve',
  'sign',
  'refuse_after_examination',
  'finish',
  'return_result',
  'apologise',
  'request_withdrawal',
  'decline_withdrawal',
  'stop',
  'hand_back_documents',
  'correct',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const RETURN_METHODS = ['counter', 'post', 'online'] as const;
export type ReturnMethod = (typeof RETURN_METHODS)[number];

export interface FeeItem {
  name: string;
  /** Whole đồng. */
  amountVnd: number;
}

/**
 * The payload of each action type, as its zod schema (actions/<type>.ts) outputs it: that schema is the only
 * definition. Descriptive texts are what forms 01–05 print.
 */
export type PayloadOf = { [K in ActionType]: z.output<(typeof PAYLOAD_SCHEMAS)[K]> };

export interface ActionCommon {
  at: Date;
  /** The user who acted; null for the system. */
  actorId: number | null;
  /** The roles the actor exercised, at `unitId`. */
  actorRoles: readonly ActorRole[];
  /** The unit on whose behalf the actor acted; null for the applicant and the system. */
  unitId: number | null;
  delegation?: Delegation | null;
  comment?: string | null;
  /** Ids of stored files. */
  attachments?: readonly string[];
}

/** An action as the application proposes it, before it is numbered. */
export type ActionInput = { [K in ActionType]: ActionCommon & { type: K; payload: PayloadOf[K] } }[ActionType];

/** A stored action: `seq` is its 1-based position in the dossier's list. */
export type DossierAction = ActionInput & { seq: number };

export type ActionOf<K extends ActionType> = Extract<DossierAction, { type: K }>;

/** An action as it arrives (from a form, the API, a test), its payload not yet parsed by its type's schema. */
export type UncheckedAction = ActionCommon & { type: ActionType; payload?: unknown; seq?: number };

// ---------------------------------------------------------------------------------------------------------------
// Pinned procedure data

/** The roles that hold a step of an internal process. */
export type StepRole = 'desk' | 'specialist' | 'leader';

export interface PinnedStep {
  /** Position in `steps`, from 0. */
  index: number;
  name?: string;
  /** The unit that holds the step, with the "receiving desk" placeholder already resolved. */
  unitId: number;
  role: StepRole;
  allottedWorkingMinutes: number;
  /** The step may return the dossier to an earlier step. */
  maySendBack: boolean;
}

export interface PinnedParticipant {
  unitId: number;
  task: string;
  allottedWorkingMinutes: number;
  lead: boolean;
}

/**
 * The procedure version a dossier was received under, reduced to what its processing needs. The catalogue maps to
 * this; it is fixed at reception so that later edits of the catalogue never change a dossier's deadlines.
 */
export interface PinnedProcedure {
  procedureCode?: string;
  /** The time limit of the dossier's channel, already the province's reduced limit when there is one. */
  limit: Limit;
  /** Decree 61 restarts the limit after a complete supplement; Decision 766 subtracts the waiting time. */
  supplementPolicy: 'pause' | 'restart';
  /** Whether waiting for a tax or fee stops the clock (set by sectoral law). */
  paymentPolicy: 'pause' | 'run';
  steps: readonly PinnedStep[];
  /** Inter-agency participants in their set order, or null for a single-agency procedure. */
  interAgency: readonly PinnedParticipant[] | null;
  /**
   * The order the approved process sets for the participants' parts (Decree 61/2018 Art. 16-17): `sequential`
   * (the default) starts each part when the previous one is handed in; `parallel` only when the process says so.
   */
  interAgencyDispatch?: 'parallel' | 'sequential';
  /** Default true: the result must be approved and signed before it is ready. */
  signatureRequired?: boolean;
  /** Default false: the procedure allows more than one supplement request during processing. */
  repeatSupplementRequests?: boolean;
  /** Each unit's working calendar. Return the same object for the same unit: calendars cache their compilation. */
  calendarOf(unitId: number): Calendar;
  /**
   * May the desk of `receivingUnitId` receive for `competentUnitId`? The province's rule ("phi địa giới": any
   * centre of the province for any of its communes) and the procedure's receiving desk, resolved by the application.
   * Without it, only the competent unit itself or the desk the applicant submitted to may receive.
   */
  mayReceiveFor?(receivingUnitId: number, competentUnitId: number): boolean;
  /** Province-level settings in force when the dossier was received; missing fields take DEFAULT_RULES. */
  rules?: Partial<DossierRules>;
}

export type NationalStatus = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

/** The ground of a stop that is the applicant's own withdrawal request (needs a pending request). */
export const STOP_GROUND_WITHDRAWAL = 'applicant_withdrawal';

/** A ground on which a unit may stop processing without the applicant asking, as the province lists them. */
export interface StopGround {
  code: string;
  label: Bilingual;
}

/** The settings whose legal basis is unconfirmed or differs by province (see docs/dossier.md). */
export interface DossierRules {
  /** A supplement during processing is due within this many working days of the requesting unit receiving the dossier. */
  supplementWindowWorkingDays: number;
  /**
   * A request outside that window: `refuse` (default), or `flag`: recorded, and the dossier counts as late for the
   * service index (Decision 766). A late request never restarts the clock.
   */
  lateSupplementRequest: 'flag' | 'refuse';
  /** More supplement requests than this make the dossier late for the service index (Decision 766). */
  supplementRequestsCountedOnTime: number;
  /**
   * When an apology (form 04) is on time: `working_days_before_due` (default): at least `apologyLeadWorkingDays`
   * working days before the due instant, on the late unit's calendar; `day_before_due`: on a calendar day before the
   * due day; `before_due`: up to the due instant. A later apology is still accepted and recorded as late.
   */
  apologyDeadline: 'before_due' | 'day_before_due' | 'working_days_before_due';
  apologyLeadWorkingDays: number;
  /** From this many working days before the due instant, a dossier without an apology is flagged to the unit's leader. */
  apologyWarningWorkingDays: number;
  /** The furthest new appointment, after the current due (or the apology, if later); null: the procedure's own limit. */
  apologyMaxExtension: Limit | null;
  /** The grounds, besides the applicant's withdrawal, on which a unit may stop processing (with a document reference). */
  stopGrounds: StopGround[];
  /**
   * National status of a dossier refused after examination, before the notice is handed over: 9 (result ready, the
   * refusal being the result), 4 (still being processed until then) or 3 (not accepted).
   */
  refusalAfterExaminationStatus: Extract<NationalStatus, 9 | 4 | 3>;
  /** National status of a dossier waiting for a supplement before reception: 5 (supplement requested) or 1 (still "submitted"). */
  supplementBeforeReceptionStatus: Extract<NationalStatus, 5 | 1>;
  /** The "due soon" warning window, in working days of the receiving unit's calendar. */
  dueSoonWorkingDays: number;
}

export const DEFAULT_RULES: DossierRules = {
  supplementWindowWorkingDays: 3,
  lateSupplementRequest: 'refuse',
  supplementRequestsCountedOnTime: 1,
  apologyDeadline: 'working_days_before_due',
  apologyLeadWorkingDays: 1,
  apologyWarningWorkingDays: 2,
  apologyMaxExtension: null,
  stopGrounds: [
    {
      code: 'applicant_deceased_or_dissolved',
      label: { vi: 'Người yêu cầu đã chết, mất tích hoặc tổ chức đã giải thể, phá sản', en: 'The applicant has died or disappeared, or the organisation was dissolved' },
    },
    {
      code: 'authority_request',
      label: { vi: 'Theo yêu cầu bằng văn bản của cơ quan nhà nước có thẩm quyền (tòa án, cơ quan điều tra…)', en: 'At the written request of a competent authority (court, investigating body…)' },
    },
    { code: 'forged_documents', label: { vi: 'Hồ sơ có giấy tờ giả mạo', en: 'The dossier contains forged documents' } },
    {
      code: 'dispute',
      label: { vi: 'Có tranh chấp, khiếu nại về nội dung yêu cầu đang được giải quyết', en: 'A dispute or complaint about the request is being settled' },
    },
  ],
  refusalAfterExaminationStatus: 9,
  supplementBeforeReceptionStatus: 5,
  dueSoonWorkingDays: 1,
};

// ---------------------------------------------------------------------------------------------------------------
// Derived state

export const DOSSIER_STATUSES = [
  'draft',
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
] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

export type Phase = 'draft' | 'submitted' | 'supplement_before_reception' | 'refused' | 'processing' | 'finished' | 'returned' | 'stopped' | 'withdrawn';

export interface DossierClock {
  status: 'running' | 'paused' | 'stopped';
  /** Due instant of the legal limit on the receiving unit's calendar, with pauses and restarts; never moved by an apology. */
  originalDueAt: Date;
  /** The appointment the applicant holds: the apology's new instant once there is one. */
  currentDueAt: Date;
  /** Working minutes counted against the current limit (Circular 01 / clock semantics). */
  elapsedMinutes: number;
  /**
   * Waiting for a supplement under the `restart` policy: the due dates above are placeholders ("recounted when the
   * supplement arrives"); views show that text, never the dates.
   */
  dueRecountedOnSupplement: boolean;
  /** Working minutes from `asOf` (or the end of processing) to the current due; negative when overdue. */
  remainingMinutes: number;
  /** Working minutes of waiting that the clock did not count. */
  pausedMinutes: number;
  /** Working minutes the dossier was in the units' hands: reception to end, minus waiting for the applicant. */
  processingMinutes: number;
}

export interface StepRecord {
  /** Row number on the control slip, from 1. */
  row: number;
  stepIndex: number;
  name: string | null;
  unitId: number;
  role: StepRole;
  /** "2. Nhận": when the step's unit got the dossier, and from whom ("1. Giao" of the previous row). */
  receivedAt: Date;
  givenBy: number | null;
  /** The official who took the dossier at this step. */
  receivedBy: number | null;
  /** When the step handed the dossier on, or null while it holds it. */
  handedOverAt: Date | null;
  handedOverBy: number | null;
  /** `return`: the final desk step handed the result to the applicant. */
  handedOverHow: 'forward' | 'send_back' | 'finish' | 'refuse' | 'stop' | 'return' | null;
  allottedMinutes: number;
  /** Working minutes on the step unit's calendar, waiting for the applicant excluded. */
  usedMinutes: number;
  dueAt: Date;
  outcome: Outcome | null;
  score: Score | null;
}

export interface ConsultationRecord {
  /** The seq of the consult action, which identifies the consultation. */
  seq: number;
  fromUnitId: number | null;
  toUnitId: number;
  question: string;
  limit: Limit;
  requestedAt: Date;
  dueAt: Date;
  repliedAt: Date | null;
  answer: string | null;
  agrees: boolean | null;
  usedMinutes: number;
  outcome: Outcome | null;
  /** open, answered, or unanswered when processing ended without a reply. */
  state: 'open' | 'answered' | 'unanswered';
}

export interface ParticipantRecord {
  unitId: number;
  task: string;
  lead: boolean;
  allottedMinutes: number;
  /** Null while the part waits its turn (sequential dispatch). */
  startedAt: Date | null;
  dueAt: Date | null;
  contributedAt: Date | null;
  result: 'completed' | 'declined' | null;
  note: string | null;
  usedMinutes: number;
  outcome: Outcome | null;
  score: Score | null;
  state: 'waiting_turn' | 'in_progress' | 'done' | 'not_done';
}

/**
 * Circular 01/2018 indicator 2 for one participating unit: the working time it used against the working time it was
 * allotted, over its steps (each step's allotment counted once, however often it was reached again), its
 * inter-agency part and the consultations it was asked to answer. `late` when it used more, or when one of its
 * clocks ended (or, still open, is) past its due instant; `blamed` when it is charged with a late dossier no unit
 * was over its allotment for (see lateUnits).
 */
export interface UnitScore {
  unitId: number;
  allottedMinutes: number;
  usedMinutes: number;
  late: boolean;
  blamed: boolean;
  /** Once processing has finished: 2 used less, 1 used exactly the allotment, 0 over. */
  score: Score | null;
}

export interface SupplementRequestRecord {
  seq: number;
  at: Date;
  unitId: number | null;
  items: string[];
  reason: string;
  /** The end of the window to ask, on the requesting unit's calendar. */
  windowEndsAt: Date;
  withinWindow: boolean;
  receivedAt: Date | null;
}

export interface PreReceptionSupplementRecord {
  seq: number;
  at: Date;
  items: string[];
  reason: string;
  resubmittedAt: Date | null;
}

export interface PaymentRecord {
  seq: number;
  requestedAt: Date;
  items: FeeItem[];
  totalVnd: number;
  paidAt: Date | null;
  paidVnd: number | null;
  online: boolean;
}

export interface ApologyRecord {
  seq: number;
  at: Date;
  lateUnitId: number;
  signerId: number | null;
  reason: string;
  /** The appointment before the apology and the new one as requested (NgayHenTraTruoc, NgayHenTraMoi). */
  previousDueAt: Date;
  newDueAt: Date;
  /** Issued on a day before the due day, as Decree 61 asks. */
  issuedDayBeforeDue: boolean;
  /** Issued after the deadline the rules set (by default one working day before the due instant): never clears a breach. */
  late: boolean;
}

export interface WithdrawalRecord {
  seq: number;
  at: Date;
  reason: string;
  decision: 'stopped' | 'declined' | null;
  decidedAt: Date | null;
}

export interface TimelineEntry {
  seq: number;
  type: ActionType;
  at: Date;
  actorId: number | null;
  actorRoles: readonly ActorRole[];
  unitId: number | null;
  delegation: Delegation | null;
  /** The comment in force: the latest correction's, else the original. */
  comment: string | null;
  originalComment: string | null;
  attachments: readonly string[];
  /** Descriptive payload fields superseded by corrections (latest wins). */
  correctedData: Record<string, string | string[]>;
  correctedBy: number[];
  /** Set when derivation could not apply the action (a log the validator never accepted). */
  ignored: Bilingual | null;
}

export interface DossierFlags {
  /** Processing not finished and the current due is within the warning window of `asOf` (and not yet passed). */
  dueWithinOneWorkingDay: boolean;
  /** Processing not finished and `asOf` is past the ORIGINAL due (an apology's new appointment never clears it). */
  late: boolean;
  /** Past (or finished or stopped after) the original due with no apology: a reported breach. */
  lateWithoutApology: boolean;
  /** Past (or finished or stopped after) the original due, apologised after the apology deadline. */
  lateApologisedLate: boolean;
  apologyAllowed: boolean;
  /** Processing, no apology yet, within the warning window before the due (or before the apology deadline). */
  apologyDueSoon: boolean;
  /** Late for the service index (Decision 766): past the original due, more requests than allowed, or a late request. */
  lateForServiceIndex: boolean;
  /** More supplement requests than the rules count as on time (Decision 766). */
  multipleSupplementRequests: boolean;
  /** A supplement was requested outside the window. */
  lateSupplementRequest: boolean;
  /** Submitted online and still not received (nor answered) one working day later, on the desk's calendar. */
  receptionOverdue: boolean;
}

export interface DossierState {
  /** Number of actions: the version an append must expect. */
  version: number;
  status: DossierStatus;
  /** TrangThaiHoSo; null only for a draft, which is never synced. */
  nationalStatus: NationalStatus | null;
  phase: Phase;
  dossierCode: string | null;
  channel: Channel | null;
  submittedAt: Date | null;
  /** The desk an online dossier was submitted to. */
  submittedToUnitId: number | null;
  receivedAt: Date | null;
  receivingUnitId: number | null;
  competentUnitId: number | null;
  trackingBookNumber: number | null;
  currentStepIndex: number | null;
  /** Who holds the dossier now: the current step's unit, the desk before reception and after the result is ready. */
  currentUnitId: number | null;
  assigneeId: number | null;
  approved: boolean;
  signed: boolean;
  waitingFor: 'supplement' | 'payment' | null;
  clock: DossierClock | null;
  finishedAt: Date | null;
  returnedAt: Date | null;
  returnMethod: ReturnMethod | null;
  /** How the applicant chose to get the result (form 01): at reception, else at online submission; null if never said. */
  resultDelivery: ReturnMethod | null;
  stoppedAt: Date | null;
  /** The stop's ground: STOP_GROUND_WITHDRAWAL, a configured code, or null (a stop logged before grounds existed). */
  stopGround: string | null;
  refusedAt: Date | null;
  /** granted: a result was made; refused: refusal after examination. */
  result: 'granted' | 'refused' | null;
  /** Finish against the current due (the appointment kept or not). */
  outcome: Outcome | null;
  /** Finish against the original due: the legal measure. */
  outcomeAgainstOriginal: Outcome | null;
  /** Circular 01/2018 indicators 1 (total time) and 2 (time at each unit), once processing has finished. */
  scores: { indicator1: Score | null; indicator2: Score | null };
  /** Indicator 2 per participating unit, in the order the units first took part. */
  unitScores: UnitScore[];
  apology: ApologyRecord | null;
  supplementRequests: SupplementRequestRecord[];
  supplementRequestCount: number;
  preReceptionSupplements: PreReceptionSupplementRecord[];
  payments: PaymentRecord[];
  withdrawals: WithdrawalRecord[];
  /** The control slip (form 06): one row per stay at a step. */
  steps: StepRecord[];
  consultations: ConsultationRecord[];
  participants: ParticipantRecord[];
  flags: DossierFlags;
  timeline: TimelineEntry[];
  /** Instant the time-dependent figures refer to: `now`, never earlier than the last action. */
  asOf: Date | null;
  lastActionAt: Date | null;
  /** The derivation's accumulator, so that later actions can be applied without replaying the list. Treat as opaque. */
  readonly fold: Fold;
}

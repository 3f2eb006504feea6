// What may happen next to a dossier, and who may do it. Three layers, each with its own error kind:
//   state   — the action makes no sense now (conflict): e.g. a second apology, a withdrawal after the result;
//   payload — the action's data is wrong (invalid), with the field at fault;
//   actor   — the action makes sense but not from this person at this unit (forbidden).
// allowedActions answers the first and the last for a user before they fill anything in (the buttons to show);
// validateAction checks all three on a concrete action; appendAction adds the version check and derives the result.
import { addWorkingTime, formatVnInstant, TIME_UNITS, workingTimeBetween, type Limit } from '../calendar/index.js';
import { AppError, forbidden, staleVersion, type Bilingual, type FieldError } from '../errors.js';
import type { Role } from '../org.js';
import { isIssuedDossierCode } from './code.js';
import { advanceDossier, apologyWindowOpen, rulesOf } from './derive.js';
import { approvalStepIndex, finalDeskStepIndex, lastProcessingStepIndex } from './pinned.js';
import {
  ACTION_TYPES,
  CHANNELS,
  DELEGATION_SCOPES,
  RETURN_METHODS,
  STOP_GROUND_WITHDRAWAL,
  type ActionInput,
  type ActionType,
  type ActorRole,
  type Delegation,
  type DelegationScope,
  type DossierAction,
  type DossierRules,
  type DossierState,
  type PinnedProcedure,
  type StopGround,
} from './types.js';

/** The person asking, as the application knows them. */
export interface ActorContext {
  userId: number | null;
  /** Acting as the dossier's own applicant (their account submitted it). */
  isApplicant?: boolean;
  /** The system itself: the national portal import, a payment gateway. */
  isSystem?: boolean;
  /** Jurisdiction: does the actor hold `role` over `unitId` (a membership on the unit or an ancestor)? */
  hasRole(role: Role, unitId: number): boolean;
  /** Units where the actor holds `role` directly; needed only before a dossier has a unit (a first reception). */
  unitsWithRole?(role: Role): readonly number[];
  /** A delegation (ủy quyền) in force for this procedure that the actor may use. */
  delegation?: Delegation | null;
}

export type ActionPermission =
  | { type: ActionType; allowed: true; unitId: number | null; role: ActorRole; delegation: Delegation | null }
  | { type: ActionType; allowed: false; kind: 'conflict' | 'forbidden'; reason: Bilingual };

interface Seat {
  roles: readonly Role[];
  units: readonly number[];
  /** Other units accepted for these roles (reception across boundaries). */
  unitOk?: (unitId: number) => boolean;
  /** When set, only this user may act in the seat (the step's assignee). */
  onlyUserId?: number | null;
}

interface Requirement {
  seats: Seat[];
  applicant?: boolean;
  system?: boolean;
  /** Delegation scopes that let any staff member of the seat units act. */
  delegation?: readonly DelegationScope[];
  /** Corrections: the author of the corrected action may act whatever their role. */
  authorId?: number | null;
  forbidden: Bilingual;
}

const STAFF_ROLES: readonly Role[] = ['desk', 'specialist', 'leader', 'monitor', 'admin'];
const HANDLERS: readonly Role[] = ['specialist', 'leader'];
const DESCRIPTIVE_FIELDS: Partial<Record<ActionType, readonly string[]>> = {
  request_supplement_before_reception: ['items', 'reason'],
  refuse_reception: ['reasons'],
  send_back: ['reason'],
  consult: ['question'],
  consult_reply: ['answer'],
  contribute: ['note'],
  request_supplement: ['items', 'reason'],
  supplement_received: ['note'],
  request_payment: ['note'],
  payment_recorded: ['receipt'],
  sign: ['documentNumber'],
  refuse_after_examination: ['reasons'],
  apologise: ['reason', 'documentNumber'],
  request_withdrawal: ['reason'],
  decline_withdrawal: ['reason'],
  stop: ['reason'],
  hand_back_documents: ['note'],
};
const DELEGABLE: Partial<Record<ActionType, readonly DelegationScope[]>> = {
  approve: ['approve_and_sign'],
  sign: ['sign', 'approve_and_sign'],
  refuse_after_examination: ['sign', 'approve_and_sign'],
  // "Duyệt và ký thay" covers everything the approval step needs: moving the dossier on from it too (see requirement).
  forward: ['approve_and_sign'],
  finish: ['approve_and_sign'],
};
/** While a withdrawal waits for the unit's decision, the unit decides before it works on. */
const BLOCKED_BY_WITHDRAWAL: readonly ActionType[] = [
  'assign',
  'forward',
  'send_back',
  'consult',
  'request_supplement',
  'request_payment',
  'approve',
  'sign',
  'finish',
  'refuse_after_examination',
];
const MAX_TEXT = 4000;
const FIRST_INSTANT = Date.UTC(1901, 0, 1);
const LAST_INSTANT = Date.UTC(2099, 11, 31);

const msg = (vi: string, en: string): Bilingual => ({ vi, en });

const M = {
  notPreReception: msg('Hồ sơ đã được tiếp nhận hoặc đã kết thúc', 'The dossier has already been received or has ended'),
  notDraft: msg('Hồ sơ đã được nộp', 'The dossier has already been submitted'),
  notProcessing: msg('Hồ sơ không trong quá trình giải quyết', 'The dossier is not being processed'),
  ended: msg('Hồ sơ đã kết thúc (đã có kết quả, đã trả, đã dừng hoặc bị từ chối)', 'The dossier has ended (result ready, returned, stopped or refused)'),
  withdrawal: msg('Công dân đang xin rút hồ sơ: lãnh đạo đơn vị phải quyết định trước', 'The applicant asked to withdraw: the unit leader must decide first'),
  waiting: msg('Hồ sơ đang chờ công dân bổ sung hoặc thực hiện nghĩa vụ tài chính', 'The dossier is waiting for the applicant (supplement or payment)'),
  alreadyWaiting: msg('Hồ sơ đang chờ công dân (bổ sung hoặc nghĩa vụ tài chính); mỗi lúc chỉ một yêu cầu', 'The dossier already waits for the applicant; one request at a time'),
  preSupplementPending: msg('Đã yêu cầu bổ sung; chờ công dân nộp lại hồ sơ trực tuyến', 'A supplement was requested; waiting for the applicant to resubmit online'),
  noSteps: msg('Quy trình nội bộ không có bước nào', 'The internal process has no steps'),
  lastStep: msg(
    'Đây là bước xử lý cuối của quy trình nội bộ; hãy hoàn thành xử lý (kết quả được chuyển về Bộ phận Một cửa)',
    'This is the last processing step of the internal process; finish instead (the result then goes back to the desk)',
  ),
  notLastStep: msg(
    'Chỉ hoàn thành xử lý được ở bước xử lý cuối cùng của quy trình nội bộ',
    'Processing can only be finished at the last processing step of the internal process',
  ),
  firstStep: msg('Đây là bước đầu tiên, không có bước trước để trả lại', 'This is the first step; there is no earlier step'),
  noSendBack: msg('Quy trình nội bộ không cho phép bước này trả lại hồ sơ', 'The internal process does not let this step send the dossier back'),
  noOpenConsultation: msg('Không có yêu cầu xin ý kiến nào đang chờ trả lời', 'No consultation is waiting for a reply'),
  noOpenPart: msg('Không có phần việc liên thông nào đang thực hiện', 'No inter-agency part is in progress'),
  notWaitingSupplement: msg('Hồ sơ không chờ bổ sung', 'The dossier is not waiting for a supplement'),
  notWaitingPayment: msg('Hồ sơ không chờ thực hiện nghĩa vụ tài chính', 'The dossier is not waiting for a payment'),
  alreadyApproved: msg('Hồ sơ đã được phê duyệt', 'The dossier has already been approved'),
  notApprovalStep: msg('Hồ sơ chưa đến bước phê duyệt của lãnh đạo trong quy trình nội bộ', 'The dossier has not reached the leader’s approval step of the internal process'),
  notApproved: msg('Hồ sơ chưa được phê duyệt', 'The dossier has not been approved'),
  alreadySigned: msg('Hồ sơ đã được ký', 'The dossier has already been signed'),
  signedNoRefusal: msg('Kết quả đã được ký; không thể từ chối giải quyết', 'The result is signed; it can no longer be refused'),
  notSigned: msg('Kết quả chưa được ký duyệt', 'The result has not been signed'),
  partsOpen: msg('Còn cơ quan phối hợp liên thông chưa hoàn thành phần việc', 'An inter-agency participant has not finished its part'),
  notFinished: msg('Hồ sơ chưa có kết quả để trả', 'There is no result to hand over yet'),
  returned: msg('Kết quả đã được trả', 'The result has already been handed over'),
  secondApology: msg('Đã xin lỗi và hẹn lại một lần; chỉ được hẹn lại một lần', 'An apology was already issued; the appointment may be reset only once'),
  apologyPaused: msg('Hồ sơ đang chờ công dân; thời hạn không chạy nên không cần xin lỗi', 'The dossier is waiting for the applicant; its time limit is not running'),
  secondSupplement: msg(
    'Đã yêu cầu bổ sung một lần trong quá trình giải quyết; thủ tục này không cho phép yêu cầu bổ sung lần thứ hai',
    'A supplement was already requested during processing; this procedure does not allow a second request',
  ),
  stopWithoutWithdrawal: msg(
    'Không có yêu cầu rút hồ sơ nào của công dân đang chờ; hãy chọn căn cứ dừng khác kèm văn bản',
    'No withdrawal request of the applicant is waiting; choose another ground with its document',
  ),
  withdrawalAfterResult: msg('Không thể rút hồ sơ khi đã có kết quả hoặc đã trả kết quả', 'A dossier cannot be withdrawn once the result is ready or handed over'),
  withdrawalPending: msg('Đã có yêu cầu rút hồ sơ đang chờ quyết định', 'A withdrawal request is already waiting for a decision'),
  notStoppedOrRefused: msg('Chỉ trả lại hồ sơ giấy sau khi dừng xử lý hoặc từ chối', 'Documents are handed back only after a stop or a refusal'),
  alreadyHandedBack: msg('Đã ghi nhận trả lại hồ sơ giấy', 'The hand-back of the documents is already recorded'),
  withdrawalBeforeReception: msg('Hồ sơ chưa được tiếp nhận; Bộ phận Một cửa từ chối tiếp nhận nếu công dân không nộp nữa', 'The dossier has not been received; the desk refuses reception if the applicant no longer applies'),
  noWithdrawal: msg('Không có yêu cầu rút hồ sơ nào đang chờ', 'No withdrawal request is waiting'),
  nothingToCorrect: msg('Hồ sơ chưa có thao tác nào để đính chính', 'There is no action to correct'),
  lateSupplement: (days: number) =>
    msg(`Đã quá ${days} ngày làm việc kể từ khi đơn vị nhận hồ sơ; không được yêu cầu bổ sung`, `More than ${days} working days since the unit received the dossier; a supplement may no longer be requested`),
};

/** Exported where the application refuses the same thing before the domain sees the action (one wording per rule). */
export const NOT_RECEIVING_DESK = msg(
  'Bộ phận Một cửa này không được tiếp nhận hồ sơ cho đơn vị có thẩm quyền giải quyết: thủ tục chỉ được tiếp nhận tại bộ phận một cửa được chỉ định, hoặc tại trung tâm, xã, phường bất kỳ trong tỉnh với thủ tục cấp xã (phi địa giới)',
  'This desk may not receive dossiers for the competent unit: the procedure is received only at its designated desk, or for a commune procedure at any centre or commune of the province',
);

const F = {
  deskAtReception: msg('Chỉ cán bộ Một cửa của đơn vị tiếp nhận mới thực hiện được', 'Only a desk official of the receiving unit may do this'),
  deskAnywhere: msg('Chỉ cán bộ Một cửa mới tiếp nhận được hồ sơ', 'Only a desk official may receive a dossier'),
  deskForCompetent: NOT_RECEIVING_DESK,
  applicantOnly: msg('Chỉ công dân, tổ chức nộp hồ sơ mới thực hiện được', 'Only the applicant may do this'),
  leaderOfStep: msg('Chỉ lãnh đạo đơn vị đang giữ hồ sơ mới phân công được', 'Only a leader of the unit holding the dossier may assign it'),
  stepRole: msg('Chỉ người giữ vai trò của bước hiện tại tại đơn vị của bước mới chuyển được hồ sơ', 'Only the current step’s role at the step’s unit may move the dossier'),
  assignee: msg('Hồ sơ đã được phân công cho người khác', 'The dossier is assigned to someone else'),
  handler: msg('Chỉ chuyên viên hoặc lãnh đạo đơn vị đang giữ hồ sơ mới thực hiện được', 'Only a specialist or leader of the unit holding the dossier may do this'),
  consulted: msg('Chỉ đơn vị được xin ý kiến mới trả lời được', 'Only the consulted unit may reply'),
  participant: msg('Chỉ cơ quan phối hợp đang thực hiện phần việc mới thực hiện được', 'Only a participating unit with a part in progress may do this'),
  leaderSign: msg('Chỉ lãnh đạo đơn vị (hoặc người được ủy quyền ký) mới thực hiện được', 'Only a unit leader (or a delegated signer) may do this'),
  leaderApprove: msg('Chỉ lãnh đạo đơn vị (hoặc người được ủy quyền) mới phê duyệt được', 'Only a unit leader (or a delegate) may approve'),
  finish: msg('Chỉ người đang giữ hồ sơ hoặc lãnh đạo đơn vị có thẩm quyền mới hoàn thành được', 'Only the holder of the dossier or a leader of the competent unit may finish it'),
  apology: msg('Văn bản xin lỗi do người đứng đầu đơn vị làm chậm ký', 'The apology is signed by the head of the late unit'),
  withdrawal: msg('Chỉ công dân hoặc Bộ phận Một cửa tiếp nhận (thay công dân) mới xin rút được', 'Only the applicant, or the receiving desk on their behalf, may ask to withdraw'),
  leaderCompetent: msg('Chỉ lãnh đạo đơn vị có thẩm quyền giải quyết mới thực hiện được', 'Only a leader of the competent (processing) unit may do this'),
  correct: msg('Chỉ người đã thực hiện thao tác hoặc lãnh đạo đơn vị đó mới đính chính được', 'Only the author of the action or a leader of its unit may correct it'),
  payment: msg('Chỉ Bộ phận Một cửa hoặc hệ thống thanh toán mới ghi nhận được việc nộp tiền', 'Only the desk or the payment system may record a payment'),
  supplementReceived: msg('Chỉ Bộ phận Một cửa, công dân hoặc hệ thống mới ghi nhận được', 'Only the desk, the applicant or the system may record it'),
};

// ---------------------------------------------------------------------------------------------------------------
// Facts about the state used by several rules

const fold = (s: DossierState) => s.fold;
const pendingWithdrawal = (s: DossierState) => {
  const w = s.withdrawals[s.withdrawals.length - 1];
  return w !== undefined && w.decision === null;
};
const currentStep = (s: DossierState, pinned: PinnedProcedure) => (s.currentStepIndex === null ? null : (pinned.steps[s.currentStepIndex] ?? null));
/** The unit holding the dossier during processing: the current step's, or the competent unit without steps. */
const holdingUnit = (s: DossierState): number | null => s.currentUnitId;
const openConsultations = (s: DossierState) => s.consultations.filter((c) => c.state === 'open');
const openParts = (s: DossierState) => s.participants.filter((p) => p.state === 'in_progress');

function stateRefusal(type: ActionType, s: DossierState, pinned: PinnedProcedure, rules: DossierRules, at: number): Bilingual | null {
  const phase = s.phase;
  const pre = phase === 'draft' || phase === 'submitted' || phase === 'supplement_before_reception';
  const processing = phase === 'processing';
  if (processing && pendingWithdrawal(s) && BLOCKED_BY_WITHDRAWAL.includes(type)) return M.withdrawal;
  const needProcessing = () => (processing ? null : pre ? M.notProcessing : M.ended);
  switch (type) {
    case 'submit_online':
      return phase === 'draft' ? null : M.notDraft;
    case 'request_supplement_before_reception':
      if (!pre) return M.notPreReception;
      return phase === 'supplement_before_reception' && s.channel === 'online' ? M.preSupplementPending : null;
    case 'refuse_reception':
    case 'receive':
      return pre ? null : M.notPreReception;
    case 'assign':
    case 'consult':
      return needProcessing();
    case 'forward': {
      const r = needProcessing();
      if (r) return r;
      if (s.waitingFor) return M.waiting;
      if (pinned.steps.length === 0 || s.currentStepIndex === null) return M.noSteps;
      // The final desk step is entered when the result comes back (finish), never by forwarding into it.
      return s.currentStepIndex + 1 >= pinned.steps.length || s.currentStepIndex >= lastProcessingStepIndex(pinned)! ? M.lastStep : null;
    }
    case 'send_back': {
      const r = needProcessing();
      if (r) return r;
      if (s.waitingFor) return M.waiting;
      const step = currentStep(s, pinned);
      if (!step) return M.noSteps;
      if (step.index === 0) return M.firstStep;
      return step.maySendBack ? null : M.noSendBack;
    }
    case 'consult_reply':
      return needProcessing() ?? (openConsultations(s).length > 0 ? null : M.noOpenConsultation);
    case 'contribute':
      return needProcessing() ?? (openParts(s).length > 0 ? null : M.noOpenPart);
    case 'request_supplement':
      // The window belongs to the requesting unit, known once the seat is: see seatRefusal. "Once, completely":
      // a second request only where the procedure allows it.
      return (
        needProcessing() ??
        (s.waitingFor ? M.alreadyWaiting : null) ??
        (s.supplementRequestCount > 0 && pinned.repeatSupplementRequests !== true ? M.secondSupplement : null)
      );
    case 'supplement_received':
      if (phase === 'supplement_before_reception') return s.channel === 'online' ? null : M.notWaitingSupplement;
      return needProcessing() ?? (s.waitingFor === 'supplement' ? null : M.notWaitingSupplement);
    case 'request_payment':
      return needProcessing() ?? (s.waitingFor ? M.alreadyWaiting : null);
    case 'payment_recorded':
      return needProcessing() ?? (s.waitingFor === 'payment' ? null : M.notWaitingPayment);
    case 'approve': {
      const r = needProcessing() ?? (s.waitingFor ? M.waiting : null) ?? (s.approved ? M.alreadyApproved : null) ?? notApprovalStep(s, pinned);
      return r ?? (s.participants.some((p) => p.state !== 'done') ? M.partsOpen : null);
    }
    case 'sign':
      return (
        needProcessing() ??
        (s.waitingFor ? M.waiting : null) ??
        (!s.approved ? M.notApproved : s.signed ? M.alreadySigned : null) ??
        notApprovalStep(s, pinned)
      );
    case 'refuse_after_examination':
      return needProcessing() ?? (s.signed ? M.signedNoRefusal : null);
    case 'finish': {
      const r = needProcessing() ?? (s.waitingFor ? M.waiting : null);
      if (r) return r;
      if (s.currentStepIndex !== null && s.currentStepIndex !== lastProcessingStepIndex(pinned) && s.currentStepIndex !== finalDeskStepIndex(pinned))
        return M.notLastStep;
      if (pinned.signatureRequired !== false && !s.signed) return M.notSigned;
      return s.participants.some((p) => p.state !== 'done') ? M.partsOpen : null;
    }
    case 'return_result':
      return phase === 'finished' ? null : phase === 'returned' ? M.returned : M.notFinished;
    case 'apologise': {
      const r = needProcessing();
      if (r) return r;
      if (s.apology) return M.secondApology;
      if (s.clock?.status === 'paused') return M.apologyPaused;
      // After the apology deadline (or the due instant) it is still accepted, and recorded as late.
      if (s.clock && !apologyWindowOpen(fold(s), s.clock, rules, at)) return M.apologyPaused;
      return null;
    }
    case 'request_withdrawal':
      if (phase === 'finished' || phase === 'returned') return M.withdrawalAfterResult;
      // An online submission not yet received: the applicant withdraws it themself (no refusal by the desk).
      if (phase === 'submitted' || (phase === 'supplement_before_reception' && s.channel === 'online')) return null;
      if (pre) return M.withdrawalBeforeReception;
      if (!processing) return M.ended;
      return pendingWithdrawal(s) ? M.withdrawalPending : null;
    case 'decline_withdrawal':
      return needProcessing() ?? (pendingWithdrawal(s) ? null : M.noWithdrawal);
    case 'stop':
      return needProcessing();
    case 'hand_back_documents':
      if (!(phase === 'stopped' || phase === 'refused' || ((phase === 'finished' || phase === 'returned') && s.result === 'refused'))) return M.notStoppedOrRefused;
      return s.timeline.some((t) => t.type === 'hand_back_documents' && !t.ignored) ? M.alreadyHandedBack : null;
    case 'correct':
      return s.version > 0 ? null : M.nothingToCorrect;
  }
}

/**
 * Approval and signature happen only at the process's approval step (its last leader step up to the last processing
 * step, see approvalStepIndex): not at a leader's dispatch step ("Lãnh đạo phân công"). A process without a leader
 * step (or no process) lets the unit's leader approve wherever the dossier is.
 */
function notApprovalStep(s: DossierState, pinned: PinnedProcedure): Bilingual | null {
  const approval = approvalStepIndex(pinned);
  if (approval === null || s.currentStepIndex === null || s.currentStepIndex === approval) return null;
  return M.notApprovalStep;
}

/** At the approval step a delegate holding "Duyệt và ký thay" does what the leader's step needs. */
const atApprovalStep = (s: DossierState, pinned: PinnedProcedure) => s.currentStepIndex !== null && s.currentStepIndex === approvalStepIndex(pinned);

/** Refusals that depend on the unit the actor acts for. */
function seatRefusal(type: ActionType, s: DossierState, pinned: PinnedProcedure, rules: DossierRules, at: number, unitId: number | null): Bilingual | null {
  if (type === 'request_supplement' && rules.lateSupplementRequest === 'refuse' && unitId !== null && at > supplementWindowEnd(s, pinned, rules, unitId))
    return M.lateSupplement(rules.supplementWindowWorkingDays);
  return null;
}

/** End of the window to ask for a supplement: N working days after `unitId` first got the dossier, on its calendar. */
function supplementWindowEnd(s: DossierState, pinned: PinnedProcedure, rules: DossierRules, unitId: number): number {
  const first = s.steps.find((r) => r.unitId === unitId);
  const from = first ? first.receivedAt : s.receivedAt!;
  return addWorkingTime(from, rules.supplementWindowWorkingDays, 'working_days', pinned.calendarOf(unitId)).getTime();
}

/**
 * The units that may apologise for being late (form 04): the unit holding the dossier, and every unit whose step,
 * inter-agency part or consultation is over its allotted time as of the state's `asOf`.
 */
export function lateUnitCandidates(s: DossierState): number[] {
  if (s.phase !== 'processing') return [];
  const asOf = s.asOf?.getTime() ?? 0;
  const set = new Set<number>();
  if (s.currentUnitId !== null) set.add(s.currentUnitId);
  for (const r of s.steps) if (r.usedMinutes > r.allottedMinutes) set.add(r.unitId);
  for (const p of s.participants) if (p.state !== 'waiting_turn' && p.usedMinutes > p.allottedMinutes) set.add(p.unitId);
  for (const c of s.consultations) if (c.outcome === 'late' || (c.state === 'open' && asOf > c.dueAt.getTime())) set.add(c.toUnitId);
  return [...set];
}

/**
 * The range of a new appointment given at `at`: strictly after `after` (the current due, or the apology itself when
 * it comes after the due) and no later than `latest`: the rules' extension, by default the procedure's own limit
 * again, counted from `after` on the receiving unit's calendar.
 */
export function newAppointmentBounds(s: DossierState, pinned: PinnedProcedure, at: Date): { after: Date; latest: Date } {
  const rules = rulesOf(pinned);
  const due = s.clock!.currentDueAt;
  const after = at.getTime() > due.getTime() ? at : due;
  const ext = rules.apologyMaxExtension ?? pinned.limit;
  return { after, latest: addWorkingTime(after, ext.amount, ext.unit, pinned.calendarOf(s.receivingUnitId!)) };
}

/** The configured grounds for a stop, besides the applicant's withdrawal. */
export function stopGroundsOf(pinned: PinnedProcedure): StopGround[] {
  return rulesOf(pinned).stopGrounds;
}

const vnText = (d: Date) => {
  const x = formatVnInstant(d);
  return `${x.slice(11, 16)} ${x.slice(8, 10)}/${x.slice(5, 7)}/${x.slice(0, 4)}`;
};

// ---------------------------------------------------------------------------------------------------------------
// Who

function receptionSeat(s: DossierState, pinned: PinnedProcedure, competent: number | null): Seat {
  const rule = pinned.mayReceiveFor;
  // With the procedure's rule the competent unit's own desk receives only if the rule says so (a procedure
  // designated to a service centre is received there); the desk an online dossier was sent to always may.
  const units = [s.submittedToUnitId, rule && competent !== null ? null : competent].filter((u): u is number => u !== null);
  return {
    roles: ['desk'],
    units: [...new Set(units)],
    unitOk: competent !== null && rule ? (u) => rule(u, competent) : undefined,
  };
}

function requirement(type: ActionType, s: DossierState, pinned: PinnedProcedure, action?: ActionInput): Requirement {
  const hold = holdingUnit(s);
  const holdUnits = hold === null ? [] : [hold];
  const competent = s.competentUnitId === null ? [] : [s.competentUnitId];
  const receiving = s.receivingUnitId === null ? [] : [s.receivingUnitId];
  const step = currentStep(s, pinned);
  // An assignment binds the step to one official, except at a leader's step, where it names who handles the
  // next step of the unit (see docs/dossier.md).
  const stepSeat = (): Seat[] =>
    step
      ? [{ roles: [step.role], units: [step.unitId], onlyUserId: step.role === 'leader' ? null : s.assigneeId }]
      : [{ roles: HANDLERS, units: holdUnits, onlyUserId: s.assigneeId }];
  switch (type) {
    case 'submit_online':
      return { seats: [], applicant: true, system: true, forbidden: F.applicantOnly };
    case 'request_supplement_before_reception':
    case 'refuse_reception':
      if (s.phase === 'draft') return { seats: [{ roles: ['desk'], units: [], unitOk: () => true }], forbidden: F.deskAnywhere };
      return { seats: [receptionSeat(s, pinned, s.competentUnitId)], forbidden: F.deskAtReception };
    case 'receive': {
      const given = action?.type === 'receive' ? action.payload.competentUnitId : undefined;
      const competentId = typeof given === 'number' ? given : s.competentUnitId;
      if (s.phase === 'draft' && action === undefined) return { seats: [{ roles: ['desk'], units: [], unitOk: () => true }], forbidden: F.deskAnywhere };
      return { seats: [receptionSeat(s, pinned, competentId)], forbidden: s.phase === 'draft' ? F.deskForCompetent : F.deskAtReception };
    }
    case 'assign':
      return { seats: [{ roles: ['leader'], units: holdUnits }], forbidden: F.leaderOfStep };
    case 'forward':
      return {
        seats: stepSeat(),
        delegation: atApprovalStep(s, pinned) ? DELEGABLE.forward : undefined,
        forbidden: s.assigneeId !== null ? F.assignee : F.stepRole,
      };
    case 'send_back':
      return { seats: stepSeat(), forbidden: s.assigneeId !== null ? F.assignee : F.stepRole };
    case 'consult':
      return { seats: [{ roles: HANDLERS, units: holdUnits }], forbidden: F.handler };
    case 'consult_reply': {
      const wanted = action?.type === 'consult_reply' ? action.payload.consultSeq : undefined;
      const units = openConsultations(s)
        .filter((c) => wanted === undefined || c.seq === wanted)
        .map((c) => c.toUnitId);
      return { seats: [{ roles: HANDLERS, units }], forbidden: F.consulted };
    }
    case 'contribute':
      return { seats: [{ roles: HANDLERS, units: openParts(s).map((p) => p.unitId) }], forbidden: F.participant };
    case 'request_supplement':
      return { seats: [{ roles: HANDLERS, units: holdUnits }, { roles: ['leader'], units: competent }], forbidden: F.handler };
    case 'supplement_received':
      return {
        seats: [s.phase === 'processing' ? { roles: ['desk'], units: receiving } : receptionSeat(s, pinned, s.competentUnitId)],
        applicant: true,
        system: true,
        forbidden: F.supplementReceived,
      };
    case 'request_payment':
      return { seats: [{ roles: HANDLERS, units: holdUnits }, { roles: ['desk'], units: receiving }], forbidden: F.handler };
    case 'payment_recorded':
      // The applicant never records their own payment: the desk that collected it, or a verified gateway (system).
      return { seats: [{ roles: ['desk'], units: receiving }], system: true, forbidden: F.payment };
    case 'approve':
      return { seats: [{ roles: ['leader'], units: holdUnits }], delegation: DELEGABLE.approve, forbidden: F.leaderApprove };
    case 'sign':
      return { seats: [{ roles: ['leader'], units: holdUnits }], delegation: DELEGABLE.sign, forbidden: F.leaderSign };
    case 'refuse_after_examination':
      return {
        seats: [{ roles: ['leader'], units: [...new Set([...holdUnits, ...competent])] }],
        delegation: DELEGABLE.refuse_after_examination,
        forbidden: F.leaderSign,
      };
    case 'finish': {
      const holders: Seat[] = step ? [{ roles: [step.role], units: [step.unitId] }] : [{ roles: HANDLERS, units: holdUnits }];
      const delegation = atApprovalStep(s, pinned) || pinned.steps.length === 0 ? DELEGABLE.finish : undefined;
      return { seats: [...holders, { roles: ['leader'], units: competent }], delegation, forbidden: F.finish };
    }
    case 'return_result':
      return { seats: [{ roles: ['desk'], units: receiving }], forbidden: F.deskAtReception };
    case 'apologise': {
      // Nobody apologises in another unit's name: the leader of the unit holding the dossier or of a unit over its
      // allotment (the payload check keeps lateUnitId among those).
      const late = action?.type === 'apologise' ? [action.payload.lateUnitId] : lateUnitCandidates(s);
      return { seats: [{ roles: ['leader'], units: late }], forbidden: F.apology };
    }
    case 'request_withdrawal':
      if (s.phase === 'submitted' || s.phase === 'supplement_before_reception') return { seats: [], applicant: true, forbidden: F.applicantOnly };
      return { seats: [{ roles: ['desk'], units: receiving }], applicant: true, forbidden: F.withdrawal };
    case 'hand_back_documents':
      return { seats: [receiving.length > 0 ? { roles: ['desk'], units: receiving } : receptionSeat(s, pinned, s.competentUnitId)], forbidden: F.deskAtReception };
    case 'decline_withdrawal':
    case 'stop':
      return { seats: [{ roles: ['leader'], units: competent }], forbidden: F.leaderCompetent };
    case 'correct': {
      if (action?.type === 'correct') {
        const target = s.timeline[action.payload.targetSeq - 1];
        return {
          seats: [{ roles: ['leader'], units: target?.unitId != null ? [target.unitId] : [] }],
          authorId: target?.actorId ?? null,
          forbidden: F.correct,
        };
      }
      const units = [...new Set(s.timeline.filter((t) => t.type !== 'correct' && t.unitId !== null).map((t) => t.unitId!))];
      return { seats: [{ roles: ['leader'], units }], forbidden: F.correct };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// allowedActions

/**
 * Every action type, allowed (with the unit and role to record it under) or refused with the reason. Payload rules
 * (e.g. the new appointment of an apology) are checked only by validateAction.
 */
export function allowedActions(state: DossierState, pinned: PinnedProcedure, actor: ActorContext, now: Date): ActionPermission[] {
  const rules = rulesOf(pinned);
  const at = now.getTime();
  return ACTION_TYPES.map((type): ActionPermission => {
    const refusal = stateRefusal(type, state, pinned, rules, at);
    if (refusal) return { type, allowed: false, kind: 'conflict', reason: refusal };
    const req = requirement(type, state, pinned);
    const found = findSeatFor(type, state, req, actor);
    if (found) {
      const late = seatRefusal(type, state, pinned, rules, at, found.unitId);
      return late ? { type, allowed: false, kind: 'conflict', reason: late } : { type, allowed: true, ...found };
    }
    return { type, allowed: false, kind: 'forbidden', reason: req.forbidden };
  });
}

function findSeatFor(type: ActionType, s: DossierState, req: Requirement, actor: ActorContext): { unitId: number | null; role: ActorRole; delegation: Delegation | null } | null {
  for (const seat of req.seats) {
    if (seat.onlyUserId != null && seat.onlyUserId !== actor.userId) continue;
    for (const role of seat.roles) {
      const unit = seat.units.find((u) => actor.hasRole(role, u));
      if (unit !== undefined) return { unitId: unit, role, delegation: null };
      if (seat.unitOk) {
        const own = (actor.unitsWithRole?.(role) ?? []).find((u) => seat.unitOk!(u));
        if (own !== undefined) return { unitId: own, role, delegation: null };
      }
    }
  }
  const del = actor.delegation;
  if (del && req.delegation?.includes(del.scope)) {
    for (const seat of req.seats)
      for (const u of seat.units)
        for (const role of STAFF_ROLES) if (actor.hasRole(role, u)) return { unitId: u, role, delegation: del };
  }
  if (type === 'correct' && actor.userId !== null) {
    const own = s.timeline.find((t) => t.type !== 'correct' && t.actorId === actor.userId);
    if (own) return { unitId: own.unitId, role: own.actorRoles[0] ?? 'applicant', delegation: null };
  }
  if (req.applicant && actor.isApplicant) return { unitId: null, role: 'applicant', delegation: null };
  if (req.system && actor.isSystem) return { unitId: null, role: 'system', delegation: null };
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// validateAction

const bad = (path: string, vi: string, en: string): FieldError => ({ path, message: { vi, en } });
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const isInstant = (v: unknown): v is Date => v instanceof Date && Number.isFinite(v.getTime()) && v.getTime() >= FIRST_INSTANT && v.getTime() <= LAST_INSTANT;

function requireText(out: FieldError[], v: unknown, path: string, what: Bilingual): void {
  if (typeof v !== 'string' || v.trim() === '') out.push(bad(path, `Cần nhập ${what.vi}`, `${what.en} is required`));
  else if (v.length > MAX_TEXT) out.push(bad(path, `${what.vi} quá dài (tối đa ${MAX_TEXT} ký tự)`, `${what.en} is too long (at most ${MAX_TEXT} characters)`));
}

function optionalText(out: FieldError[], v: unknown, path: string): void {
  if (v === undefined || v === null) return;
  if (typeof v !== 'string' || v.length > MAX_TEXT) out.push(bad(path, `Phải là văn bản tối đa ${MAX_TEXT} ký tự`, `Must be text of at most ${MAX_TEXT} characters`));
}

function requireItems(out: FieldError[], v: unknown, path: string): void {
  if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'string' || x.trim() === '' || x.length > MAX_TEXT))
    out.push(bad(path, 'Liệt kê đầy đủ, một lần, từng giấy tờ cần bổ sung', 'List every missing item, once and completely'));
}

function checkLimit(out: FieldError[], v: unknown, path: string): void {
  const l = v as Partial<Limit> | null;
  const ok =
    l !== null &&
    typeof l === 'object' &&
    typeof l.unit === 'string' &&
    TIME_UNITS.includes(l.unit) &&
    typeof l.amount === 'number' &&
    Number.isFinite(l.amount) &&
    (l.unit === 'same_day' || l.amount > 0) &&
    l.amount <= 1300 &&
    ((l.unit !== 'days' && l.unit !== 'months') || Number.isInteger(l.amount));
  if (!ok) out.push(bad(path, 'Thời hạn xin ý kiến không hợp lệ', 'The consultation limit is invalid'));
}

/** Form 01: how the applicant gets the result — at the desk, by post or online (optional). */
function checkDelivery(out: FieldError[], v: unknown): void {
  if (v != null && !(RETURN_METHODS as readonly unknown[]).includes(v))
    out.push(bad('payload.resultDelivery', 'Chọn cách nhận kết quả: tại bộ phận một cửa, qua bưu chính hoặc trực tuyến', 'Choose how to get the result: at the desk, by post or online'));
}

function checkCode(out: FieldError[], v: unknown, path: string): void {
  if (typeof v !== 'string' || !isIssuedDossierCode(v)) out.push(bad(path, 'Mã hồ sơ không hợp lệ', 'Invalid dossier code'));
}

/** A payment must be exactly the outstanding requested total (the latest request not yet paid). */
export function paymentAmountProblem(s: DossierState, amountVnd: number): FieldError | null {
  const open = s.payments.findLast((x) => x.paidAt === null);
  if (!open || amountVnd === open.totalVnd) return null;
  return bad(
    'payload.amountVnd',
    `Số tiền phải đúng bằng số đã yêu cầu nộp: ${open.totalVnd} đồng`,
    `The amount must equal the amount requested: ${open.totalVnd} VND`,
  );
}

function payloadProblems(a: ActionInput, s: DossierState, pinned: PinnedProcedure): FieldError[] {
  const out: FieldError[] = [];
  const p = (a.payload ?? {}) as unknown as Record<string, unknown>;
  if (typeof a.payload !== 'object' || a.payload === null) return [bad('payload', 'Thiếu dữ liệu của thao tác', 'The action has no payload')];
  const T = (vi: string, en: string) => ({ vi, en });
  switch (a.type) {
    case 'submit_online':
      if (!isId(a.unitId)) out.push(bad('unitId', 'Chọn nơi nộp hồ sơ', 'Choose the desk to submit to'));
      if (!isId(p.competentUnitId)) out.push(bad('payload.competentUnitId', 'Chọn cơ quan có thẩm quyền', 'Choose the competent unit'));
      if (p.dossierCode != null) checkCode(out, p.dossierCode, 'payload.dossierCode');
      checkDelivery(out, p.resultDelivery);
      break;
    case 'request_supplement_before_reception':
    case 'request_supplement':
      requireItems(out, p.items, 'payload.items');
      requireText(out, p.reason, 'payload.reason', T('lý do', 'The reason'));
      break;
    case 'refuse_reception':
    case 'refuse_after_examination':
      requireText(out, p.reasons, 'payload.reasons', T('lý do từ chối', 'The reasons for refusal'));
      break;
    case 'receive': {
      if (!isId(a.unitId)) out.push(bad('unitId', 'Thiếu đơn vị tiếp nhận', 'The receiving unit is missing'));
      checkDelivery(out, p.resultDelivery);
      const online = s.channel === 'online';
      if (typeof p.channel !== 'string' || !(CHANNELS as readonly string[]).includes(p.channel))
        out.push(bad('payload.channel', 'Kênh tiếp nhận không hợp lệ', 'Invalid channel'));
      else if (online && p.channel !== 'online')
        out.push(bad('payload.channel', 'Hồ sơ nộp trực tuyến được tiếp nhận trên kênh trực tuyến', 'A dossier submitted online is received online'));
      else if (!online && p.channel === 'online')
        out.push(bad('payload.channel', 'Hồ sơ trực tuyến phải được công dân nộp trên hệ thống trước', 'An online dossier must first be submitted by the applicant'));
      if (p.competentUnitId == null) {
        if (s.competentUnitId === null) out.push(bad('payload.competentUnitId', 'Chọn cơ quan có thẩm quyền giải quyết', 'Choose the competent unit'));
      } else if (!isId(p.competentUnitId)) out.push(bad('payload.competentUnitId', 'Cơ quan có thẩm quyền không hợp lệ', 'Invalid competent unit'));
      else if (s.competentUnitId !== null && p.competentUnitId !== s.competentUnitId)
        out.push(
          bad(
            'payload.competentUnitId',
            'Khác cơ quan công dân đã chọn khi nộp; nếu không đúng thẩm quyền, hãy từ chối tiếp nhận và hướng dẫn',
            'Differs from the unit chosen at submission; if it is not competent, refuse reception with guidance',
          ),
        );
      if (p.dossierCode == null || p.dossierCode === '') {
        if (s.dossierCode === null) out.push(bad('payload.dossierCode', 'Thiếu mã hồ sơ', 'The dossier code is missing'));
      } else if (s.dossierCode !== null && p.dossierCode !== s.dossierCode)
        out.push(bad('payload.dossierCode', `Hồ sơ đã có mã ${s.dossierCode}`, `The dossier already has the code ${s.dossierCode}`));
      else checkCode(out, p.dossierCode, 'payload.dossierCode');
      if (p.trackingBookNumber != null && !isId(p.trackingBookNumber))
        out.push(bad('payload.trackingBookNumber', 'Số thứ tự trong sổ theo dõi phải là số nguyên dương', 'The tracking-book number must be a positive whole number'));
      break;
    }
    case 'assign':
      if (!isId(p.assigneeId)) out.push(bad('payload.assigneeId', 'Chọn người được phân công', 'Choose the assignee'));
      break;
    case 'forward': {
      const next = (s.currentStepIndex ?? -1) + 1;
      if (p.toStepIndex !== next) out.push(bad('payload.toStepIndex', `Chỉ chuyển được sang bước kế tiếp (bước ${next + 1})`, `Only the next step (step ${next + 1}) may be chosen`));
      if (p.assigneeId != null && !isId(p.assigneeId)) out.push(bad('payload.assigneeId', 'Người nhận không hợp lệ', 'Invalid assignee'));
      break;
    }
    case 'send_back': {
      const cur = s.currentStepIndex ?? 0;
      if (typeof p.toStepIndex !== 'number' || !Number.isInteger(p.toStepIndex) || p.toStepIndex < 0 || p.toStepIndex >= cur)
        out.push(bad('payload.toStepIndex', 'Chỉ trả lại được một bước trước đó', 'Only an earlier step may be chosen'));
      requireText(out, p.reason, 'payload.reason', T('lý do trả lại', 'The reason for sending back'));
      break;
    }
    case 'consult':
      if (!isId(p.toUnitId)) out.push(bad('payload.toUnitId', 'Chọn đơn vị được xin ý kiến', 'Choose the unit to consult'));
      else if (p.toUnitId === s.currentUnitId) out.push(bad('payload.toUnitId', 'Không xin ý kiến chính đơn vị đang giữ hồ sơ', 'A unit does not consult itself'));
      requireText(out, p.question, 'payload.question', T('nội dung xin ý kiến', 'The question'));
      checkLimit(out, p.limit, 'payload.limit');
      break;
    case 'consult_reply':
      if (!openConsultations(s).some((c) => c.seq === p.consultSeq))
        out.push(bad('payload.consultSeq', 'Không có yêu cầu xin ý kiến này đang chờ trả lời', 'No such consultation is waiting for a reply'));
      requireText(out, p.answer, 'payload.answer', T('nội dung trả lời', 'The answer'));
      if (p.agrees != null && typeof p.agrees !== 'boolean') out.push(bad('payload.agrees', 'Phải là đồng ý hoặc không', 'Must be yes or no'));
      break;
    case 'contribute':
      if (p.outcome !== 'completed' && p.outcome !== 'declined') out.push(bad('payload.outcome', 'Kết quả phần việc không hợp lệ', 'Invalid outcome'));
      if (p.outcome === 'declined') requireText(out, p.note, 'payload.note', T('lý do', 'The reason'));
      else optionalText(out, p.note, 'payload.note');
      break;
    case 'supplement_received':
      optionalText(out, p.note, 'payload.note');
      break;
    case 'request_payment': {
      const items = p.items;
      if (
        !Array.isArray(items) ||
        items.length === 0 ||
        items.some((x: unknown) => {
          const i = x as { name?: unknown; amountVnd?: unknown } | null;
          return !i || typeof i.name !== 'string' || i.name.trim() === '' || !Number.isInteger(i.amountVnd) || (i.amountVnd as number) < 0;
        })
      )
        out.push(bad('payload.items', 'Liệt kê từng khoản phí, thuế với số tiền (đồng)', 'List each fee or tax with its amount (đồng)'));
      optionalText(out, p.note, 'payload.note');
      break;
    }
    case 'payment_recorded': {
      if (!Number.isInteger(p.amountVnd) || (p.amountVnd as number) < 0) out.push(bad('payload.amountVnd', 'Số tiền không hợp lệ', 'Invalid amount'));
      else {
        const wrong = paymentAmountProblem(s, p.amountVnd as number);
        if (wrong) out.push(wrong);
      }
      optionalText(out, p.receipt, 'payload.receipt');
      break;
    }
    case 'sign':
      optionalText(out, p.documentNumber, 'payload.documentNumber');
      break;
    case 'finish':
      if (p.resultDocumentIds !== undefined && (!Array.isArray(p.resultDocumentIds) || p.resultDocumentIds.some((x) => typeof x !== 'string' || x === '')))
        out.push(bad('payload.resultDocumentIds', 'Danh sách kết quả không hợp lệ', 'Invalid result documents'));
      break;
    case 'return_result': {
      if (typeof p.method !== 'string' || !(RETURN_METHODS as readonly string[]).includes(p.method))
        out.push(bad('payload.method', 'Hình thức trả kết quả không hợp lệ', 'Invalid return method'));
      const ids = p.electronicResultIds;
      if (ids !== undefined && (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string' || x === '')))
        out.push(bad('payload.electronicResultIds', 'Danh sách kết quả điện tử không hợp lệ', 'Invalid electronic results'));
      else if (p.method === 'online' && (!Array.isArray(ids) || ids.length === 0))
        out.push(bad('payload.electronicResultIds', 'Trả kết quả trực tuyến cần kèm kết quả điện tử', 'An online return needs the electronic result'));
      break;
    }
    case 'apologise':
      requireText(out, p.reason, 'payload.reason', T('lý do chậm', 'The reason for the delay'));
      optionalText(out, p.documentNumber, 'payload.documentNumber');
      if (!isId(p.lateUnitId)) out.push(bad('payload.lateUnitId', 'Chọn đơn vị làm chậm', 'Choose the late unit'));
      if (!isInstant(p.newDueAt)) out.push(bad('payload.newDueAt', 'Thời điểm hẹn trả mới không hợp lệ', 'The new appointment is not a valid instant'));
      break;
    case 'request_withdrawal':
    case 'decline_withdrawal':
      requireText(out, p.reason, 'payload.reason', T('lý do', 'The reason'));
      break;
    case 'stop':
      requireText(out, p.reason, 'payload.reason', T('lý do', 'The reason'));
      if (p.ground != null && typeof p.ground !== 'string') out.push(bad('payload.ground', 'Căn cứ dừng không hợp lệ', 'Invalid ground'));
      optionalText(out, p.documentReference, 'payload.documentReference');
      break;
    case 'hand_back_documents':
      optionalText(out, p.note, 'payload.note');
      break;
    case 'correct': {
      const target = typeof p.targetSeq === 'number' ? s.timeline[p.targetSeq - 1] : undefined;
      if (!target || !Number.isInteger(p.targetSeq)) out.push(bad('payload.targetSeq', 'Không có thao tác này', 'No such action'));
      else if (target.type === 'correct') out.push(bad('payload.targetSeq', 'Hãy đính chính thao tác gốc', 'Correct the original action instead'));
      requireText(out, p.reason, 'payload.reason', T('lý do đính chính', 'The reason for the correction'));
      optionalText(out, p.comment, 'payload.comment');
      const data = p.data;
      if (data !== undefined && data !== null) {
        const allowed = target ? (DESCRIPTIVE_FIELDS[target.type] ?? []) : [];
        if (typeof data !== 'object' || Array.isArray(data)) out.push(bad('payload.data', 'Dữ liệu đính chính không hợp lệ', 'Invalid correction data'));
        else
          for (const [k, v] of Object.entries(data)) {
            const okValue = typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
            if (!allowed.includes(k) || !okValue)
              out.push(
                bad(
                  `payload.data.${k}`,
                  'Chỉ đính chính được nội dung mô tả (lý do, danh mục, ghi chú); thời điểm, đơn vị và trạng thái có thao tác riêng',
                  'Only descriptive content (reasons, item lists, notes) can be corrected; times, units and statuses have their own actions',
                ),
              );
          }
      }
      if (typeof p.comment !== 'string' && (data === undefined || data === null || Object.keys(data as object).length === 0))
        out.push(bad('payload', 'Cần nội dung đính chính (ghi chú hoặc dữ liệu)', 'A correction needs a comment or data'));
      break;
    }
    case 'approve':
      break;
  }
  return out;
}

/**
 * The lateness rules that refuse a well-formed action (409, with the field at fault): a stop needs a ground (the
 * applicant's pending withdrawal, or a configured reason with its document); an apology names the unit that is late
 * (the holder, or a unit over its allotment) and a bounded new appointment after the current one.
 */
function ruleProblems(a: ActionInput, s: DossierState, pinned: PinnedProcedure): FieldError[] {
  const out: FieldError[] = [];
  const p = a.payload as unknown as Record<string, unknown>;
  if (a.type === 'stop') {
    const grounds = stopGroundsOf(pinned);
    if (p.ground === STOP_GROUND_WITHDRAWAL) {
      if (!pendingWithdrawal(s)) out.push({ path: 'payload.ground', message: M.stopWithoutWithdrawal });
    } else if (typeof p.ground !== 'string' || !grounds.some((g) => g.code === p.ground))
      out.push(
        bad(
          'payload.ground',
          `Dừng xử lý cần căn cứ: yêu cầu rút hồ sơ của công dân hoặc một trong các căn cứ đã cấu hình (${grounds.map((g) => g.label.vi).join('; ')})`,
          `A stop needs a ground: the applicant's withdrawal request or one of the configured grounds (${grounds.map((g) => g.label.en).join('; ')})`,
        ),
      );
    else if (typeof p.documentReference !== 'string' || p.documentReference.trim() === '')
      out.push(bad('payload.documentReference', 'Cần nhập số, ký hiệu văn bản làm căn cứ dừng xử lý', 'The reference of the document the stop rests on is required'));
  }
  if (a.type === 'apologise' && s.clock && s.receivingUnitId !== null) {
    const now = advanceDossier(s, [], pinned, a.at);
    if (!lateUnitCandidates(now).includes(p.lateUnitId as number))
      out.push(
        bad(
          'payload.lateUnitId',
          'Đơn vị làm chậm phải là đơn vị đang giữ hồ sơ hoặc đơn vị đã quá thời gian được giao; không xin lỗi thay đơn vị khác',
          'The late unit must be the unit holding the dossier or a unit over its allotted time; nobody apologises in another unit’s name',
        ),
      );
    const due = p.newDueAt as Date;
    const b = newAppointmentBounds(now, pinned, a.at);
    if (due.getTime() <= b.after.getTime() || workingTimeBetween(b.after, due, pinned.calendarOf(now.receivingUnitId!)) <= 0)
      out.push(
        bad(
          'payload.newDueAt',
          'Ngày hẹn trả mới phải sau ngày hẹn hiện tại và sau thời điểm xin lỗi, thêm thời gian làm việc',
          'The new appointment must be later than the current one and than the apology, adding working time',
        ),
      );
    else if (due.getTime() > b.latest.getTime())
      out.push(
        bad(
          'payload.newDueAt',
          `Ngày hẹn trả mới không được sau ${vnText(b.latest)} (không quá thời hạn giải quyết của thủ tục, tính từ ngày hẹn hiện tại)`,
          `The new appointment may not be later than ${vnText(b.latest)} (at most the procedure's own time limit after the current due)`,
        ),
      );
  }
  return out;
}

function commonProblems(a: ActionInput, s: DossierState, now: Date): FieldError[] {
  const out: FieldError[] = [];
  if (!isInstant(a.at)) out.push(bad('at', 'Thời điểm không hợp lệ', 'Invalid instant'));
  else {
    if (s.lastActionAt && a.at.getTime() < s.lastActionAt.getTime())
      out.push(bad('at', 'Thời điểm sớm hơn thao tác trước đó', 'The instant is before the previous action'));
    if (now instanceof Date && a.at.getTime() > now.getTime()) out.push(bad('at', 'Thời điểm ở tương lai', 'The instant is in the future'));
  }
  if (a.actorId !== null && !isId(a.actorId)) out.push(bad('actorId', 'Người thực hiện không hợp lệ', 'Invalid actor'));
  if (!Array.isArray(a.actorRoles)) out.push(bad('actorRoles', 'Vai trò không hợp lệ', 'Invalid roles'));
  if (a.unitId !== null && !isId(a.unitId)) out.push(bad('unitId', 'Đơn vị không hợp lệ', 'Invalid unit'));
  optionalText(out, a.comment, 'comment');
  if (a.attachments !== undefined && (!Array.isArray(a.attachments) || a.attachments.length > 200 || a.attachments.some((x) => typeof x !== 'string' || x === '')))
    out.push(bad('attachments', 'Danh sách tệp đính kèm không hợp lệ', 'Invalid attachments'));
  if (a.delegation != null) {
    const del = a.delegation;
    if (!DELEGABLE[a.type]) out.push(bad('delegation', 'Thao tác này không thực hiện theo ủy quyền', 'This action is not done under a delegation'));
    else if (!isId(del.fromUserId) || !(DELEGATION_SCOPES as readonly string[]).includes(del.scope))
      out.push(bad('delegation', 'Ủy quyền không hợp lệ', 'Invalid delegation'));
    else if (!DELEGABLE[a.type]!.includes(del.scope)) out.push(bad('delegation', 'Phạm vi ủy quyền không bao gồm thao tác này', 'The delegation does not cover this action'));
  }
  return out;
}

function actionFits(a: ActionInput, req: Requirement): boolean {
  const roles = a.actorRoles;
  const unit = a.unitId;
  if (req.authorId != null && a.actorId === req.authorId) return true;
  if (req.applicant && roles.includes('applicant')) return true;
  if (req.system && roles.includes('system')) return true;
  if (unit === null) return false;
  for (const seat of req.seats) {
    if (seat.onlyUserId != null && seat.onlyUserId !== a.actorId) continue;
    if (!seat.roles.some((r) => roles.includes(r))) continue;
    if (seat.units.includes(unit) || seat.unitOk?.(unit)) return true;
  }
  if (a.delegation && req.delegation?.includes(a.delegation.scope) && roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r))) {
    return req.seats.some((seat) => seat.units.includes(unit));
  }
  return false;
}

/**
 * Throws an AppError when `action` may not be appended to the dossier now: `conflict` (the state does not allow it,
 * or `seq` is not the next one), `invalid` (its data, with the fields at fault) or `forbidden` (not this actor, role
 * or unit). The application has already checked that the actor holds `actorRoles` over `unitId`.
 */
export function validateAction(state: DossierState, pinned: PinnedProcedure, action: ActionInput | DossierAction, now: Date): void {
  if (!action || typeof action !== 'object' || !(ACTION_TYPES as readonly string[]).includes((action as { type?: unknown }).type as string))
    throw new AppError('invalid', 'validation_failed', { vi: 'Thao tác không xác định', en: 'Unknown action' }, [
      bad('type', 'Loại thao tác không xác định', 'Unknown action type'),
    ]);
  if ('seq' in action && action.seq !== state.version + 1) throw staleVersion();
  const common = commonProblems(action, state, now);
  if (common.length > 0) throw new AppError('invalid', 'validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, common);
  const rules = rulesOf(pinned);
  const at = action.at.getTime();
  const refusal = stateRefusal(action.type, state, pinned, rules, at);
  if (refusal) throw new AppError('conflict', 'action_not_allowed', refusal);
  const problems = payloadProblems(action, state, pinned);
  if (problems.length > 0) throw new AppError('invalid', 'validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, problems);
  const req = requirement(action.type, state, pinned, action);
  if (action.delegation && !req.delegation?.includes(action.delegation.scope))
    throw forbidden(msg('Ủy quyền không áp dụng cho thao tác này ở bước hiện tại', 'The delegation does not cover this action at the current step'));
  if (!actionFits(action, req)) throw forbidden(req.forbidden);
  const broken = ruleProblems(action, state, pinned);
  if (broken.length > 0) throw new AppError('conflict', 'action_not_allowed', broken[0]!.message, broken);
  const late = seatRefusal(action.type, state, pinned, rules, at, action.unitId);
  if (late) throw new AppError('conflict', 'action_not_allowed', late);
}

/**
 * Appends one action with optimistic concurrency: `expectedVersion` is the number of actions the caller saw. A stale
 * caller gets a conflict and nothing changes. Returns the numbered action to store and the new state.
 */
export function appendAction(
  state: DossierState,
  pinned: PinnedProcedure,
  action: ActionInput,
  expectedVersion: number,
  now: Date,
): { action: DossierAction; state: DossierState } {
  if (expectedVersion !== state.version) throw staleVersion();
  validateAction(state, pinned, action, now);
  const numbered = { ...action, seq: state.version + 1 } as DossierAction;
  return { action: numbered, state: advanceDossier(state, [numbered], pinned, now) };
}

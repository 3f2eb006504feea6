// What several actions share: the refusal wordings (one wording per rule), facts about the state, the usual seats,
// and the zod building blocks of payloads with their bilingual messages.
import { z } from 'zod';
import type { Bilingual, FieldError } from '../../errors.js';
import type { Role } from '../../org.js';
import { both } from '../../zod-fields.js';
import { isIssuedDossierCode } from '../code.js';
import { approvalStepIndex } from '../pinned.js';
import { RETURN_METHODS, type DossierState, type PinnedProcedure } from '../types.js';
import type { Seat, StateContext } from './spec.js';

export const msg = (vi: string, en: string): Bilingual => ({ vi, en });
export const bad = (path: string, vi: string, en: string): FieldError => ({ path, message: { vi, en } });

export const STAFF_ROLES: readonly Role[] = ['desk', 'specialist', 'leader', 'monitor', 'admin'];
export const HANDLERS: readonly Role[] = ['specialist', 'leader'];

/** State refusals (409). */
export const M = {
  notPreReception: msg('Hồ sơ đã được tiếp nhận hoặc đã kết thúc', 'The dossier has already been received or has ended'),
  notDraft: msg('Hồ sơ đã được nộp', 'The dossier has already been submitted'),
  notProcessing: msg('Hồ sơ không trong quá trình giải quyết', 'The dossier is not being processed'),
  ended: msg('Hồ sơ đã kết thúc (đã có kết quả, đã trả, đã dừng hoặc bị từ chối)', 'The dossier has ended (result ready, returned, stopped or refused)'),
  withdrawal: msg('Công dân đang xin rút hồ sơ: lãnh đạo đơn vị phải quyết định trước', 'The applicant asked to withdraw: the unit leader must decide first'),
  waiting: msg('Hồ sơ đang chờ công dân bổ sung hoặc thực hiện nghĩa vụ tài chính', 'The dossier is waiting for the applicant (supplement or payment)'),
  alreadyWaiting: msg('Hồ sơ đang chờ công dân (bổ sung hoặc nghĩa vụ tài chính); mỗi lúc chỉ một yêu cầu', 'The dossier already waits for the applicant; one request at a time'),
  noSteps: msg('Quy trình nội bộ không có bước nào', 'The internal process has no steps'),
  notApprovalStep: msg('Hồ sơ chưa đến bước phê duyệt của lãnh đạo trong quy trình nội bộ', 'The dossier has not reached the leader’s approval step of the internal process'),
  partsOpen: msg('Còn cơ quan phối hợp liên thông chưa hoàn thành phần việc', 'An inter-agency participant has not finished its part'),
  notWaitingSupplement: msg('Hồ sơ không chờ bổ sung', 'The dossier is not waiting for a supplement'),
};

/** Who-refusals (403). */
export const F = {
  deskAtReception: msg('Chỉ cán bộ Một cửa của đơn vị tiếp nhận mới thực hiện được', 'Only a desk official of the receiving unit may do this'),
  deskAnywhere: msg('Chỉ cán bộ Một cửa mới tiếp nhận được hồ sơ', 'Only a desk official may receive a dossier'),
  applicantOnly: msg('Chỉ công dân, tổ chức nộp hồ sơ mới thực hiện được', 'Only the applicant may do this'),
  stepRole: msg('Chỉ người giữ vai trò của bước hiện tại tại đơn vị của bước mới chuyển được hồ sơ', 'Only the current step’s role at the step’s unit may move the dossier'),
  assignee: msg('Hồ sơ đã được phân công cho người khác', 'The dossier is assigned to someone else'),
  handler: msg('Chỉ chuyên viên hoặc lãnh đạo đơn vị đang giữ hồ sơ mới thực hiện được', 'Only a specialist or leader of the unit holding the dossier may do this'),
  leaderSign: msg('Chỉ lãnh đạo đơn vị (hoặc người được ủy quyền ký) mới thực hiện được', 'Only a unit leader (or a delegated signer) may do this'),
  leaderCompetent: msg('Chỉ lãnh đạo đơn vị có thẩm quyền giải quyết mới thực hiện được', 'Only a leader of the competent (processing) unit may do this'),
};

/** Exported where the application refuses the same thing before the domain sees the action (one wording per rule). */
export const NOT_RECEIVING_DESK = msg(
  'Bộ phận Một cửa này không được tiếp nhận hồ sơ cho đơn vị có thẩm quyền giải quyết: thủ tục chỉ được tiếp nhận tại bộ phận một cửa được chỉ định, hoặc tại trung tâm, xã, phường bất kỳ trong tỉnh với thủ tục cấp xã (phi địa giới)',
  'This desk may not receive dossiers for the competent unit: the procedure is received only at its designated desk, or for a commune procedure at any centre or commune of the province',
);

// ---------------------------------------------------------------------------------------------------------------
// Facts about the state

export const isPre = (s: DossierState) => s.phase === 'draft' || s.phase === 'submitted' || s.phase === 'supplement_before_reception';
export const pendingWithdrawal = (s: DossierState) => {
  const w = s.withdrawals[s.withdrawals.length - 1];
  return w !== undefined && w.decision === null;
};
export const currentStep = (s: DossierState, pinned: PinnedProcedure) => (s.currentStepIndex === null ? null : (pinned.steps[s.currentStepIndex] ?? null));
export const openConsultations = (s: DossierState) => s.consultations.filter((c) => c.state === 'open');
export const openParts = (s: DossierState) => s.participants.filter((p) => p.state === 'in_progress');
/** Null while processing; else why not (not yet received, or ended). */
export const needProcessing = (s: DossierState): Bilingual | null => (s.phase === 'processing' ? null : isPre(s) ? M.notProcessing : M.ended);

/**
 * Approval and signature happen only at the process's approval step (its last leader step up to the last processing
 * step, see approvalStepIndex): not at a leader's dispatch step ("Lãnh đạo phân công"). A process without a leader
 * step (or no process) lets the unit's leader approve wherever the dossier is.
 */
export function notApprovalStep(s: DossierState, pinned: PinnedProcedure): Bilingual | null {
  const approval = approvalStepIndex(pinned);
  if (approval === null || s.currentStepIndex === null || s.currentStepIndex === approval) return null;
  return M.notApprovalStep;
}

/** At the approval step a delegate holding "Duyệt và ký thay" does what the leader's step needs. */
export const atApprovalStep = (s: DossierState, pinned: PinnedProcedure) => s.currentStepIndex !== null && s.currentStepIndex === approvalStepIndex(pinned);

// ---------------------------------------------------------------------------------------------------------------
// Seats

/** The unit holding the dossier during processing (the current step's, or the competent unit without steps). */
export const holdUnits = (s: DossierState): number[] => (s.currentUnitId === null ? [] : [s.currentUnitId]);
export const competentUnits = (s: DossierState): number[] => (s.competentUnitId === null ? [] : [s.competentUnitId]);
export const receivingUnits = (s: DossierState): number[] => (s.receivingUnitId === null ? [] : [s.receivingUnitId]);
export const anyDesk: Seat = { roles: ['desk'], units: [], unitOk: () => true };

export function receptionSeat(s: DossierState, pinned: PinnedProcedure, competent: number | null): Seat {
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

/**
 * The current step's role at its unit. An assignment binds the step to one official, except at a leader's step,
 * where it names who handles the next step of the unit (see docs/dossier.md).
 */
export function stepSeats({ s, pinned }: StateContext): Seat[] {
  const step = currentStep(s, pinned);
  return step
    ? [{ roles: [step.role], units: [step.unitId], onlyUserId: step.role === 'leader' ? null : s.assigneeId }]
    : [{ roles: HANDLERS, units: holdUnits(s), onlyUserId: s.assigneeId }];
}

// ---------------------------------------------------------------------------------------------------------------
// Payload building blocks. Paths are reported at the payload's field (payload.items, not payload.items.0).

export const MAX_TEXT = 4000;
const FIRST_INSTANT = Date.UTC(1901, 0, 1);
const LAST_INSTANT = Date.UTC(2099, 11, 31);

export const isInstant = (v: unknown): v is Date => v instanceof Date && Number.isFinite(v.getTime()) && v.getTime() >= FIRST_INSTANT && v.getTime() <= LAST_INSTANT;

/** A text that must be there: "Cần nhập {what}" when missing or blank, "{what} quá dài" past MAX_TEXT. */
export const requiredText = (vi: string, en: string) => {
  const missing = both(`Cần nhập ${vi}`, `${en} is required`);
  return z
    .string({ error: missing })
    .refine((v) => v.trim() !== '', { error: missing })
    .max(MAX_TEXT, { error: both(`${vi} quá dài (tối đa ${MAX_TEXT} ký tự)`, `${en} is too long (at most ${MAX_TEXT} characters)`) });
};

const notText = both(`Phải là văn bản tối đa ${MAX_TEXT} ký tự`, `Must be text of at most ${MAX_TEXT} characters`);
export const optionalText = () => z.string({ error: notText }).max(MAX_TEXT, { error: notText }).nullable().optional();

/** A positive whole number naming a record (a unit, a user), with one message for every way it can be wrong. */
export const id = (vi: string, en: string) => {
  const m = both(vi, en);
  return z.number({ error: m }).int({ error: m }).positive({ error: m });
};

/** Form 02: every missing item, once and completely. */
export const itemList = () => {
  const m = both('Liệt kê đầy đủ, một lần, từng giấy tờ cần bổ sung', 'List every missing item, once and completely');
  return z
    .array(z.string({ error: m }).refine((x) => x.trim() !== '', { error: m }).max(MAX_TEXT, { error: m }), { error: m })
    .min(1, { error: m });
};

/** Form 01: how the applicant gets the result — at the desk, by post or online (optional). */
export const resultDelivery = () =>
  z
    .enum(RETURN_METHODS, { error: both('Chọn cách nhận kết quả: tại bộ phận một cửa, qua bưu chính hoặc trực tuyến', 'Choose how to get the result: at the desk, by post or online') })
    .nullable()
    .optional();

export const CODE_INVALID = both('Mã hồ sơ không hợp lệ', 'Invalid dossier code');
export const issuedCode = () => z.string({ error: CODE_INVALID }).refine(isIssuedDossierCode, { error: CODE_INVALID });

/** File ids (stored files). */
export const fileIds = (vi: string, en: string) => {
  const m = both(vi, en);
  return z.array(z.string({ error: m }).min(1, { error: m }), { error: m });
};

/**
 * An instant: a Date, or an ISO 8601 string as JSON carries it ("2026-12-04T16:00:00+07:00"), parsed here so that
 * the payload always holds a Date.
 */
export const instant = (vi: string, en: string) => {
  const m = both(vi, en);
  return z
    .union([z.date(), z.string().regex(/^\d{4}-\d{2}-\d{2}T/).describe('ISO 8601, ví dụ / e.g. 2026-12-04T16:00:00+07:00')], { error: m })
    .transform((v) => (typeof v === 'string' ? new Date(v) : v))
    .refine(isInstant, { error: m });
};

/** The payload object; a missing or non-object payload is named as such. */
export const payloadObject = <S extends z.core.$ZodLooseShape>(shape: S) => z.object(shape, { error: both('Thiếu dữ liệu của thao tác', 'The action has no payload') });

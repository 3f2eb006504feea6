// The status lifecycle of a procedure: draft → published → amended (a new version) / replaced (by another
// procedure) / abolished. Every step after the draft is taken by a decision with a number and a date.
import { AppError, type Bilingual, type FieldError } from '../errors.js';
import { F, says } from './labels.js';
import { STATUS_LABELS, isInForce, type Decision, type ProcedureStatus, type PublicationDecision } from './model.js';

export type LifecycleAction = 'update_draft' | 'publish' | 'amend' | 'replace' | 'abolish' | 'set_process';

const ALLOWED: Record<ProcedureStatus, readonly LifecycleAction[]> = {
  draft: ['update_draft', 'publish'],
  published: ['amend', 'replace', 'abolish', 'set_process'],
  amended: ['amend', 'replace', 'abolish', 'set_process'],
  replaced: [],
  abolished: [],
};

export const allowedActions = (status: ProcedureStatus): readonly LifecycleAction[] => ALLOWED[status];

const ACTION_LABELS: Record<LifecycleAction, Bilingual> = {
  update_draft: { vi: 'sửa dự thảo', en: 'edit the draft' },
  publish: { vi: 'công bố', en: 'publish' },
  amend: { vi: 'sửa đổi, bổ sung', en: 'amend' },
  replace: { vi: 'thay thế', en: 'replace' },
  abolish: { vi: 'bãi bỏ', en: 'abolish' },
  set_process: { vi: 'ban hành quy trình nội bộ', en: 'set the internal process' },
};

/** Null when `action` is allowed in `status`, else the conflict to raise. */
export function transitionProblem(code: string, status: ProcedureStatus, action: LifecycleAction): AppError | null {
  if (ALLOWED[status].includes(action)) return null;
  const s = STATUS_LABELS[status];
  const a = ACTION_LABELS[action];
  const why: Bilingual =
    status === 'draft'
      ? { vi: 'thủ tục còn là dự thảo, chưa được công bố', en: 'the procedure is still a draft and has not been published' }
      : isInForce(status)
        ? { vi: 'thủ tục đã được công bố; mọi thay đổi phải qua quyết định sửa đổi, bổ sung', en: 'the procedure is published; changes need an amending decision' }
        : { vi: 'thủ tục không còn hiệu lực', en: 'the procedure is no longer in force' };
  return new AppError('conflict', 'invalid_transition', {
    vi: `Không thể ${a.vi} thủ tục ${code} đang ở trạng thái "${s.vi}": ${why.vi}`,
    en: `Cannot ${a.en} procedure ${code} in status "${s.en}": ${why.en}`,
  });
}

/** Status after a lifecycle action that changes it. */
export function statusAfter(action: 'publish' | 'amend' | 'replace' | 'abolish'): ProcedureStatus {
  return ({ publish: 'published', amend: 'amended', replace: 'replaced', abolish: 'abolished' } as const)[action];
}

const p = (path: string, label: Bilingual, why: Bilingual): FieldError => ({ path, message: says(label, why) });

/**
 * Rules for a decision that changes a procedure in force: it may not be dated before the decision of the
 * version it acts on, and an amendment needs a decision of its own (a new number or date).
 */
export function decisionProblems(
  action: 'amend' | 'replace' | 'abolish',
  decision: Decision | PublicationDecision,
  current: PublicationDecision | null,
  path = 'decision',
): FieldError[] {
  const out: FieldError[] = [];
  if (!current) return out;
  if (decision.date && current.date && decision.date < current.date)
    out.push(
      p(`${path}.date`, F.decisionDate, {
        vi: `quyết định ngày ${decision.date} có trước quyết định ${current.number} ngày ${current.date} của phiên bản hiện hành`,
        en: `the decision of ${decision.date} is dated before decision ${current.number} of ${current.date} that published the current version`,
      }),
    );
  if (action === 'amend' && decision.number === current.number && decision.date === current.date)
    out.push(
      p(`${path}.number`, F.decisionNumber, {
        vi: `nội dung sửa đổi cần một quyết định mới; ${current.number} ngày ${current.date} đã công bố phiên bản hiện hành`,
        en: `an amendment needs a decision of its own; ${current.number} of ${current.date} already published the current version`,
      }),
    );
  return out;
}

/** A procedure cannot be replaced by itself, nor by one that is not in force. */
export function replacementProblems(code: string, byCode: string, target: { status: ProcedureStatus } | null, path = 'replacedBy'): FieldError[] {
  if (byCode === code)
    return [p(path, F.replacedBy, { vi: `thủ tục ${code} không thể được thay thế bởi chính nó`, en: `procedure ${code} cannot be replaced by itself` })];
  if (!target) return [p(path, F.replacedBy, { vi: `không có thủ tục nào mang mã ${byCode}`, en: `there is no procedure with the code ${byCode}` })];
  if (!isInForce(target.status))
    return [
      p(path, F.replacedBy, {
        vi: `thủ tục ${byCode} đang ở trạng thái "${STATUS_LABELS[target.status].vi}", không thể dùng để thay thế`,
        en: `procedure ${byCode} is "${STATUS_LABELS[target.status].en}" and cannot replace another`,
      }),
    ];
  return [];
}

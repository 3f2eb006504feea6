// Checks on the pinned procedure data, for the code that maps a catalogue version to it. Derivation assumes data
// that passes these checks; it does not re-check them on every action.
import { DAY_ENDS, TIME_UNITS } from '../calendar/index.js';
import type { FieldError } from '../errors.js';
import type { PinnedProcedure } from './types.js';

const isId = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;
const isMinutes = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1300 * 480;
const fail = (path: string, vi: string, en: string): FieldError => ({ path, message: { vi, en } });

export function pinnedProblems(p: PinnedProcedure): FieldError[] {
  const out: FieldError[] = [];
  const l = p.limit;
  if (!l || !TIME_UNITS.includes(l.unit) || typeof l.amount !== 'number' || !Number.isFinite(l.amount) || l.amount < 0 || (l.unit !== 'same_day' && l.amount === 0))
    out.push(fail('limit', 'Thời hạn giải quyết không hợp lệ', 'Invalid time limit'));
  else if ((l.unit === 'days' || l.unit === 'months') && !Number.isInteger(l.amount))
    out.push(fail('limit.amount', 'Số ngày, số tháng phải là số nguyên', 'Days and months must be whole numbers'));
  else if (l.dayEnd !== undefined && (!DAY_ENDS.includes(l.dayEnd) || (l.unit !== 'days' && l.unit !== 'months')))
    out.push(fail('limit.dayEnd', 'Giờ kết thúc chỉ dùng cho thời hạn tính theo ngày, tháng', 'A day end applies only to limits in days or months'));
  if (p.supplementPolicy !== 'pause' && p.supplementPolicy !== 'restart') out.push(fail('supplementPolicy', 'Phải là pause hoặc restart', 'Must be pause or restart'));
  if (p.paymentPolicy !== 'pause' && p.paymentPolicy !== 'run') out.push(fail('paymentPolicy', 'Phải là pause hoặc run', 'Must be pause or run'));
  if (typeof p.calendarOf !== 'function') out.push(fail('calendarOf', 'Thiếu lịch làm việc của đơn vị', 'The units’ calendars are missing'));
  (p.steps ?? []).forEach((s, i) => {
    const at = `steps.${i}`;
    if (s.index !== i) out.push(fail(`${at}.index`, `Bước thứ ${i + 1} phải có chỉ số ${i}`, `Step ${i + 1} must have index ${i}`));
    if (!isId(s.unitId)) out.push(fail(`${at}.unitId`, 'Đơn vị của bước không hợp lệ', 'Invalid step unit'));
    if (s.role !== 'desk' && s.role !== 'specialist' && s.role !== 'leader') out.push(fail(`${at}.role`, 'Vai trò của bước không hợp lệ', 'Invalid step role'));
    if (!isMinutes(s.allottedWorkingMinutes)) out.push(fail(`${at}.allottedWorkingMinutes`, 'Thời gian của bước phải là số phút nguyên, không âm', 'A step’s time must be whole minutes, not negative'));
    if (s.maySendBack && i === 0) out.push(fail(`${at}.maySendBack`, 'Bước đầu tiên không có bước trước để trả lại', 'The first step has no earlier step to send back to'));
  });
  const parts = p.interAgency;
  if (parts !== null && parts !== undefined) {
    if (parts.length === 0) out.push(fail('interAgency', 'Thủ tục liên thông cần ít nhất một cơ quan phối hợp (hoặc để trống)', 'List the participants, or none'));
    parts.forEach((q, i) => {
      if (!isId(q.unitId)) out.push(fail(`interAgency.${i}.unitId`, 'Cơ quan phối hợp không hợp lệ', 'Invalid participant'));
      if (!isMinutes(q.allottedWorkingMinutes)) out.push(fail(`interAgency.${i}.allottedWorkingMinutes`, 'Thời gian phải là số phút nguyên, không âm', 'Time must be whole minutes, not negative'));
    });
    if (new Set(parts.map((q) => q.unitId)).size !== parts.length) out.push(fail('interAgency', 'Mỗi cơ quan chỉ tham gia một lần', 'Each unit takes part once'));
    if (parts.length > 0 && parts.filter((q) => q.lead).length !== 1) out.push(fail('interAgency', 'Cần đúng một cơ quan chủ trì', 'Exactly one lead agency is needed'));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The shape of the internal process (Decree 61/2018 Art. 15-16: processing follows the approved internal process)

/**
 * The final desk step: the process's last step when it is a desk step after some other step (the desk that hands
 * the result back, "Trả kết quả"). The dossier enters it when the result comes back to the desk (`finish` or a
 * refusal after examination); nobody forwards into it. Null when the process has none.
 */
export function finalDeskStepIndex(p: Pick<PinnedProcedure, 'steps'>): number | null {
  const steps = p.steps ?? [];
  const last = steps[steps.length - 1];
  return last !== undefined && steps.length > 1 && last.role === 'desk' ? last.index : null;
}

/** The last processing step: the step `finish` is taken from (the one before the final desk step, else the last). */
export function lastProcessingStepIndex(p: Pick<PinnedProcedure, 'steps'>): number | null {
  const steps = p.steps ?? [];
  if (steps.length === 0) return null;
  const final = finalDeskStepIndex(p);
  return final === null ? steps.length - 1 : final - 1;
}

/**
 * The approval step: the last leader step up to the last processing step, where the result is approved and signed.
 * Null when the process has no leader step (the unit's leader then approves wherever the dossier is).
 */
export function approvalStepIndex(p: Pick<PinnedProcedure, 'steps'>): number | null {
  const steps = p.steps ?? [];
  const lastProcessing = lastProcessingStepIndex(p);
  if (lastProcessing === null) return null;
  for (let i = lastProcessing; i >= 0; i--) if (steps[i]?.role === 'leader') return i;
  return null;
}

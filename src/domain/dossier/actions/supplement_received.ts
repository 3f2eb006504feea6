import { endWait } from '../fold-steps.js';
import { M, msg, needProcessing, optionalText, payloadObject, receivingUnits, receptionSeat } from './shared.js';
import type { ActionSpec } from './spec.js';

/** Before reception: an online applicant resubmits; during processing: the complete supplement arrived. */
export const payload = payloadObject({ note: optionalText() });

export const spec: ActionSpec<'supplement_received'> = {
  payload,
  label: { vi: 'Đã nhận hồ sơ bổ sung', en: 'Supplement received' },
  descriptive: ['note'],
  refusal({ s }) {
    if (s.phase === 'supplement_before_reception') return s.channel === 'online' ? null : M.notWaitingSupplement;
    return needProcessing(s) ?? (s.waitingFor === 'supplement' ? null : M.notWaitingSupplement);
  },
  who: ({ s, pinned }) => ({
    seats: [s.phase === 'processing' ? { roles: ['desk'], units: receivingUnits(s) } : receptionSeat(s, pinned, s.competentUnitId)],
    applicant: true,
    system: true,
    forbidden: msg('Chỉ Bộ phận Một cửa, công dân hoặc hệ thống mới ghi nhận được', 'Only the desk, the applicant or the system may record it'),
  }),
  evolve(f, _a, { at, pinned, processing }) {
    if (f.phase === 'supplement_before_reception') {
      // Only an online dossier is resubmitted; at the counter the desk simply receives.
      const last = f.preSupplements[f.preSupplements.length - 1];
      if (last) last.resubmittedAt = at;
      f.phase = 'submitted';
      return true;
    }
    if (!processing || f.waiting?.kind !== 'supplement') return false;
    const s = f.supplements[f.supplements.length - 1];
    if (s) s.receivedAt = at;
    endWait(f, at, pinned);
    return true;
  },
  // Only during processing, where there is an appointment to announce (an online resubmission has none).
  message: (_a, { c, ref, refSms, due, make }) =>
    due
      ? make(
          'supplement_received',
          `${ref} đã nhận đủ hồ sơ bổ sung`,
          `${ref} (${c.procedureName}) đã nhận đủ hồ sơ bổ sung và tiếp tục được giải quyết.\nNgày hẹn trả kết quả: ${due}.`,
          `${refSms} da nhan du ho so bo sung. Hen tra ket qua ${due}.`,
        )
      : null,
};

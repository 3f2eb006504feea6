import { endProcessing, resultBackToDesk } from '../fold-steps.js';
import { finalDeskStepIndex, lastProcessingStepIndex } from '../pinned.js';
import { atApprovalStep, competentUnits, currentStep, fileIds, HANDLERS, holdUnits, M, msg, needProcessing, payloadObject } from './shared.js';
import type { Seat } from './spec.js';
import type { ActionSpec } from './spec.js';

/** The result is ready (status 9). Stops the processing clock. */
export const payload = payloadObject({ resultDocumentIds: fileIds('Danh sách kết quả không hợp lệ', 'Invalid result documents').optional() });

export const spec: ActionSpec<'finish'> = {
  payload,
  label: { vi: 'Hoàn thành xử lý', en: 'Result ready' },
  delegable: ['approve_and_sign'],
  blockedByWithdrawal: true,
  refusal({ s, pinned }) {
    const r = needProcessing(s) ?? (s.waitingFor ? M.waiting : null);
    if (r) return r;
    if (s.currentStepIndex !== null && s.currentStepIndex !== lastProcessingStepIndex(pinned) && s.currentStepIndex !== finalDeskStepIndex(pinned))
      return msg('Chỉ hoàn thành xử lý được ở bước xử lý cuối cùng của quy trình nội bộ', 'Processing can only be finished at the last processing step of the internal process');
    if (pinned.signatureRequired !== false && !s.signed) return msg('Kết quả chưa được ký duyệt', 'The result has not been signed');
    return s.participants.some((p) => p.state !== 'done') ? M.partsOpen : null;
  },
  who({ s, pinned }) {
    const step = currentStep(s, pinned);
    const holders: Seat[] = step ? [{ roles: [step.role], units: [step.unitId] }] : [{ roles: HANDLERS, units: holdUnits(s) }];
    return {
      seats: [...holders, { roles: ['leader'], units: competentUnits(s) }],
      delegation: atApprovalStep(s, pinned) || pinned.steps.length === 0 ? spec.delegable : undefined,
      forbidden: msg('Chỉ người đang giữ hồ sơ hoặc lãnh đạo đơn vị có thẩm quyền mới hoàn thành được', 'Only the holder of the dossier or a leader of the competent unit may finish it'),
    };
  },
  evolve(f, _a, { at, by, pinned, processing }) {
    if (!processing || f.waiting) return false;
    endProcessing(f, pinned, at, by, 'finish');
    resultBackToDesk(f, pinned, at, by);
    f.phase = 'finished';
    f.result = 'granted';
    f.finishedAt = at;
    return true;
  },
  message: (_a, { c, ref, refSms, due, make }) =>
    make(
      'result_ready',
      `${ref} đã có kết quả`,
      `${ref} (${c.procedureName}) đã có kết quả. Ông/bà nhận kết quả tại ${c.deskName ?? 'bộ phận một cửa'}${due ? ` (ngày hẹn: ${due})` : ''}, mang theo giấy tiếp nhận hồ sơ và hẹn trả kết quả.`,
      `${refSms} da co ket qua. Moi ong/ba nhan tai ${c.deskName ?? 'bo phan mot cua'}.`,
    ),
};

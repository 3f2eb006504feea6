import { isPreReception, strings, text } from '../fold-steps.js';
import { anyDesk, F, itemList, M, msg, payloadObject, receptionSeat, requiredText } from './shared.js';
import type { ActionSpec } from './spec.js';
import { supplementRequestMessage } from './request_supplement.js';

/** Form 02 before reception: every missing item in one request. No clock runs. */
export const payload = payloadObject({ items: itemList(), reason: requiredText('lý do', 'The reason') });

const PENDING = msg('Đã yêu cầu bổ sung; chờ công dân nộp lại hồ sơ trực tuyến', 'A supplement was requested; waiting for the applicant to resubmit online');

export const spec: ActionSpec<'request_supplement_before_reception'> = {
  payload,
  label: { vi: 'Yêu cầu bổ sung trước khi tiếp nhận', en: 'Request a supplement before reception' },
  descriptive: ['items', 'reason'],
  refusal: ({ s }) => {
    if (!isPreReception(s.phase)) return M.notPreReception;
    return s.phase === 'supplement_before_reception' && s.channel === 'online' ? PENDING : null;
  },
  who: ({ s, pinned }) =>
    s.phase === 'draft' ? { seats: [anyDesk], forbidden: F.deskAnywhere } : { seats: [receptionSeat(s, pinned, s.competentUnitId)], forbidden: F.deskAtReception },
  evolve(f, a, { at, seq }) {
    if (!isPreReception(f.phase)) return false;
    f.phase = 'supplement_before_reception';
    if (f.submittedToUnitId === null) f.submittedToUnitId = a.unitId ?? null;
    f.preSupplements.push({ seq, at, items: strings(a.payload?.items), reason: text(a.payload?.reason), resubmittedAt: null });
    return true;
  },
  message: (a, k) => supplementRequestMessage(a.payload, k),
};

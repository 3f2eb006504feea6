import { isPreReception } from '../fold-steps.js';
import { anyDesk, F, M, payloadObject, receptionSeat, requiredText } from './shared.js';
import type { ActionSpec } from './spec.js';
import { refusalMessage } from './refuse_after_examination.js';

/** Form 03. */
export const payload = payloadObject({ reasons: requiredText('lý do từ chối', 'The reasons for refusal') });

export const spec: ActionSpec<'refuse_reception'> = {
  payload,
  label: { vi: 'Từ chối tiếp nhận', en: 'Refuse reception' },
  descriptive: ['reasons'],
  refusal: ({ s }) => (isPreReception(s.phase) ? null : M.notPreReception),
  who: ({ s, pinned }) =>
    s.phase === 'draft' ? { seats: [anyDesk], forbidden: F.deskAnywhere } : { seats: [receptionSeat(s, pinned, s.competentUnitId)], forbidden: F.deskAtReception },
  evolve(f, a, { at }) {
    if (!isPreReception(f.phase)) return false;
    f.phase = 'refused';
    f.refusedAt = at;
    if (f.submittedToUnitId === null) f.submittedToUnitId = a.unitId ?? null;
    return true;
  },
  message: (a, k) => refusalMessage(a.payload.reasons, 'reception', k),
};

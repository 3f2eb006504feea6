import { F, holdUnits, M, msg, needProcessing, notApprovalStep, optionalText, payloadObject } from './shared.js';
import type { ActionSpec } from './spec.js';

/** The leader (or a delegate) signs the approved result; `documentNumber` is the number of the signed document. */
export const payload = payloadObject({ documentNumber: optionalText() });

export const spec: ActionSpec<'sign'> = {
  payload,
  label: { vi: 'Ký duyệt', en: 'Sign' },
  descriptive: ['documentNumber'],
  delegable: ['sign', 'approve_and_sign'],
  blockedByWithdrawal: true,
  refusal: ({ s, pinned }) =>
    needProcessing(s) ??
    (s.waitingFor ? M.waiting : null) ??
    (!s.approved ? msg('Hồ sơ chưa được phê duyệt', 'The dossier has not been approved') : s.signed ? msg('Hồ sơ đã được ký', 'The dossier has already been signed') : null) ??
    notApprovalStep(s, pinned),
  who: ({ s }) => ({ seats: [{ roles: ['leader'], units: holdUnits(s) }], delegation: spec.delegable, forbidden: F.leaderSign }),
  evolve(f, _a, { processing }) {
    if (!processing || !f.approved || f.signed) return false;
    f.signed = true;
    return true;
  },
};

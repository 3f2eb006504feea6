import { holdUnits, M, msg, needProcessing, notApprovalStep, payloadObject } from './shared.js';
import type { ActionSpec } from './spec.js';

export const payload = payloadObject({});

export const spec: ActionSpec<'approve'> = {
  payload,
  label: { vi: 'Phê duyệt', en: 'Approve' },
  delegable: ['approve_and_sign'],
  blockedByWithdrawal: true,
  refusal({ s, pinned }) {
    const r =
      needProcessing(s) ??
      (s.waitingFor ? M.waiting : null) ??
      (s.approved ? msg('Hồ sơ đã được phê duyệt', 'The dossier has already been approved') : null) ??
      notApprovalStep(s, pinned);
    return r ?? (s.participants.some((p) => p.state !== 'done') ? M.partsOpen : null);
  },
  who: ({ s }) => ({
    seats: [{ roles: ['leader'], units: holdUnits(s) }],
    delegation: spec.delegable,
    forbidden: msg('Chỉ lãnh đạo đơn vị (hoặc người được ủy quyền) mới phê duyệt được', 'Only a unit leader (or a delegate) may approve'),
  }),
  evolve(f, _a, { processing }) {
    if (!processing || f.approved) return false;
    f.approved = true;
    return true;
  },
};

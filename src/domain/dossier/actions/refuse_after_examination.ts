import { endProcessing, resultBackToDesk } from '../fold-steps.js';
import { truncate, type MessageKit } from './message-kit.js';
import { F, holdUnits, competentUnits, msg, needProcessing, payloadObject, requiredText } from './shared.js';
import type { ActionSpec } from './spec.js';

/** Refusal after examination: the written reasons go to the applicant through the desk. Ends processing. */
export const payload = payloadObject({ reasons: requiredText('lý do từ chối', 'The reasons for refusal') });

/** A refusal at reception (form 03) or after examination. */
export function refusalMessage(reasons: string, when: 'reception' | 'examination', { c, ref, refSms, make }: MessageKit) {
  const [vi, sms] = when === 'reception' ? ['tiếp nhận', 'tiep nhan'] : ['giải quyết', 'giai quyet'];
  return make('refusal', `${ref} không được giải quyết`, `${ref} (${c.procedureName}) không được ${vi}.\nLý do: ${reasons}`, `${refSms} khong duoc ${sms}. Ly do: ${truncate(reasons, 60)}.`);
}

export const spec: ActionSpec<'refuse_after_examination'> = {
  payload,
  label: { vi: 'Từ chối giải quyết', en: 'Refuse after examination' },
  descriptive: ['reasons'],
  delegable: ['sign', 'approve_and_sign'],
  blockedByWithdrawal: true,
  refusal: ({ s }) => needProcessing(s) ?? (s.signed ? msg('Kết quả đã được ký; không thể từ chối giải quyết', 'The result is signed; it can no longer be refused') : null),
  who: ({ s }) => ({
    seats: [{ roles: ['leader'], units: [...new Set([...holdUnits(s), ...competentUnits(s)])] }],
    delegation: spec.delegable,
    forbidden: F.leaderSign,
  }),
  evolve(f, _a, { at, by, pinned, processing }) {
    if (!processing) return false;
    endProcessing(f, pinned, at, by, 'refuse');
    resultBackToDesk(f, pinned, at, by);
    f.phase = 'finished';
    f.result = 'refused';
    f.finishedAt = at;
    return true;
  },
  message: (a, k) => refusalMessage(a.payload.reasons, 'examination', k),
};

import { truncate } from './message-kit.js';
import { competentUnits, F, msg, needProcessing, payloadObject, pendingWithdrawal, requiredText } from './shared.js';
import type { ActionSpec } from './spec.js';

export const payload = payloadObject({ reason: requiredText('lý do', 'The reason') });

export const spec: ActionSpec<'decline_withdrawal'> = {
  payload,
  label: { vi: 'Không chấp nhận rút hồ sơ', en: 'Decline the withdrawal' },
  descriptive: ['reason'],
  refusal: ({ s }) => needProcessing(s) ?? (pendingWithdrawal(s) ? null : msg('Không có yêu cầu rút hồ sơ nào đang chờ', 'No withdrawal request is waiting')),
  who: ({ s }) => ({ seats: [{ roles: ['leader'], units: competentUnits(s) }], forbidden: F.leaderCompetent }),
  evolve(f, _a, { at, processing }) {
    const last = f.withdrawals[f.withdrawals.length - 1];
    if (!processing || !last || last.decision !== null) return false;
    last.decision = 'declined';
    last.decidedAt = at;
    return true;
  },
  message: (a, { c, refLower, refSms, due, make }) =>
    make(
      'withdrawal_declined',
      `Đề nghị rút ${refLower} không được chấp nhận`,
      `Đề nghị rút ${refLower} (${c.procedureName}) không được chấp nhận; hồ sơ tiếp tục được giải quyết.\nLý do: ${a.payload.reason}${due ? `\nNgày hẹn trả kết quả: ${due}.` : ''}`,
      `De nghi rut ${refSms} khong duoc chap nhan. Ly do: ${truncate(a.payload.reason, 60)}.`,
    ),
};

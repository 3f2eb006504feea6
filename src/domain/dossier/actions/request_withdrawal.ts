import { text } from '../fold-steps.js';
import { F, isPre, msg, payloadObject, pendingWithdrawal, receivingUnits, requiredText } from './shared.js';
import { M } from './shared.js';
import type { ActionSpec } from './spec.js';

export const payload = payloadObject({ reason: requiredText('lý do', 'The reason') });

/** Before reception only an online submission is withdrawn by its applicant; at the counter the desk refuses reception. */
const withdrawnBeforeReception = (phase: string, channel: string | null) => phase === 'submitted' || (phase === 'supplement_before_reception' && channel === 'online');

export const spec: ActionSpec<'request_withdrawal'> = {
  payload,
  label: { vi: 'Xin rút hồ sơ', en: 'Request withdrawal' },
  descriptive: ['reason'],
  refusal({ s }) {
    if (s.phase === 'finished' || s.phase === 'returned') return msg('Không thể rút hồ sơ khi đã có kết quả hoặc đã trả kết quả', 'A dossier cannot be withdrawn once the result is ready or handed over');
    // An online submission not yet received: the applicant withdraws it themself (no refusal by the desk).
    if (withdrawnBeforeReception(s.phase, s.channel)) return null;
    if (isPre(s))
      return msg('Hồ sơ chưa được tiếp nhận; Bộ phận Một cửa từ chối tiếp nhận nếu công dân không nộp nữa', 'The dossier has not been received; the desk refuses reception if the applicant no longer applies');
    if (s.phase !== 'processing') return M.ended;
    return pendingWithdrawal(s) ? msg('Đã có yêu cầu rút hồ sơ đang chờ quyết định', 'A withdrawal request is already waiting for a decision') : null;
  },
  who: ({ s }) =>
    s.phase === 'submitted' || s.phase === 'supplement_before_reception'
      ? { seats: [], applicant: true, forbidden: F.applicantOnly }
      : {
          seats: [{ roles: ['desk'], units: receivingUnits(s) }],
          applicant: true,
          forbidden: msg('Chỉ công dân hoặc Bộ phận Một cửa tiếp nhận (thay công dân) mới xin rút được', 'Only the applicant, or the receiving desk on their behalf, may ask to withdraw'),
        },
  evolve(f, a, { at, seq, processing }) {
    // Before reception the online applicant's own withdrawal ends the submission: no case was opened, nobody
    // refused it (docs/dossier.md, "Withdrawal").
    if (withdrawnBeforeReception(f.phase, f.channel)) {
      f.phase = 'withdrawn';
      return true;
    }
    const last = f.withdrawals[f.withdrawals.length - 1];
    if (!processing || (last && last.decision === null)) return false;
    f.withdrawals.push({ seq, at, reason: text(a.payload?.reason), decision: null, decidedAt: null });
    return true;
  },
  // During processing a leader decides (then `stop` or `decline_withdrawal` tells the applicant).
  message: (_a, { c, ref, make }) =>
    c.withdrawn
      ? make('withdrawn', `${ref} đã được rút`, `Hồ sơ trực tuyến của ông/bà (${c.procedureName}) đã được rút theo đề nghị của ông/bà, trước khi tiếp nhận.`, `Ho so truc tuyen da duoc rut theo de nghi cua ong/ba.`)
      : null,
};

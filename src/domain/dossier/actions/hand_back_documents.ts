import { F, msg, optionalText, payloadObject, receivingUnits, receptionSeat } from './shared.js';
import type { ActionSpec } from './spec.js';

/** The desk records that the paper documents went back to the applicant after a stop or a refusal. Once. */
export const payload = payloadObject({ note: optionalText() });

const ended = (phase: string, result: string | null) => phase === 'stopped' || phase === 'refused' || ((phase === 'finished' || phase === 'returned') && result === 'refused');

export const spec: ActionSpec<'hand_back_documents'> = {
  payload,
  label: { vi: 'Trả lại hồ sơ giấy cho người nộp', en: 'Hand the paper documents back' },
  descriptive: ['note'],
  refusal({ s }) {
    if (!ended(s.phase, s.result)) return msg('Chỉ trả lại hồ sơ giấy sau khi dừng xử lý hoặc từ chối', 'Documents are handed back only after a stop or a refusal');
    return s.timeline.some((t) => t.type === 'hand_back_documents' && !t.ignored) ? msg('Đã ghi nhận trả lại hồ sơ giấy', 'The hand-back of the documents is already recorded') : null;
  },
  who: ({ s, pinned }) => {
    const receiving = receivingUnits(s);
    return { seats: [receiving.length > 0 ? { roles: ['desk'], units: receiving } : receptionSeat(s, pinned, s.competentUnitId)], forbidden: F.deskAtReception };
  },
  evolve: (f, _a, { seq }) => ended(f.phase, f.result) && !f.timeline.some((t) => t.type === 'hand_back_documents' && !t.ignored && t.seq !== seq),
};

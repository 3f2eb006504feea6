import { z } from 'zod';
import { both } from '../../zod-fields.js';
import { text } from '../fold-steps.js';
import { bad, HANDLERS, msg, needProcessing, openConsultations, payloadObject, requiredText } from './shared.js';
import type { ActionSpec } from './spec.js';

const NO_SUCH = both('Không có yêu cầu xin ý kiến này đang chờ trả lời', 'No such consultation is waiting for a reply');

/** The consulted unit answers consultation `consultSeq` (the seq of the consult action). */
export const payload = payloadObject({
  consultSeq: z.number({ error: NO_SUCH }),
  answer: requiredText('nội dung trả lời', 'The answer'),
  agrees: z.boolean({ error: both('Phải là đồng ý hoặc không', 'Must be yes or no') }).nullable().optional(),
});

export const spec: ActionSpec<'consult_reply'> = {
  payload,
  label: { vi: 'Trả lời xin ý kiến', en: 'Reply to a consultation' },
  descriptive: ['answer'],
  refusal: ({ s }) =>
    needProcessing(s) ?? (openConsultations(s).length > 0 ? null : msg('Không có yêu cầu xin ý kiến nào đang chờ trả lời', 'No consultation is waiting for a reply')),
  who({ s }, action) {
    const wanted = action?.payload.consultSeq;
    const units = openConsultations(s)
      .filter((c) => wanted === undefined || c.seq === wanted)
      .map((c) => c.toUnitId);
    return { seats: [{ roles: HANDLERS, units }], forbidden: msg('Chỉ đơn vị được xin ý kiến mới trả lời được', 'Only the consulted unit may reply') };
  },
  problems: (p, _a, { s }) =>
    openConsultations(s).some((c) => c.seq === p.consultSeq) ? [] : [bad('payload.consultSeq', 'Không có yêu cầu xin ý kiến này đang chờ trả lời', 'No such consultation is waiting for a reply')],
  evolve(f, a, { at, processing }) {
    const c = f.consultations.find((x) => x.seq === a.payload?.consultSeq);
    if (!processing || !c || c.repliedAt !== null) return false;
    c.repliedAt = at;
    c.answer = text(a.payload.answer);
    c.agrees = typeof a.payload.agrees === 'boolean' ? a.payload.agrees : null;
    return true;
  },
};

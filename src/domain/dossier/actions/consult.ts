import { z } from 'zod';
import { TIME_UNITS } from '../../calendar/index.js';
import { both } from '../../zod-fields.js';
import { num, text } from '../fold-steps.js';
import { bad, F, HANDLERS, holdUnits, id, needProcessing, payloadObject, requiredText } from './shared.js';
import type { ActionSpec } from './spec.js';

const BAD_LIMIT = both('Thời hạn xin ý kiến không hợp lệ', 'The consultation limit is invalid');

/** Asks another unit for an opinion or a verification, within its own limit. */
export const payload = payloadObject({
  toUnitId: id('Chọn đơn vị được xin ý kiến', 'Choose the unit to consult'),
  question: requiredText('nội dung xin ý kiến', 'The question'),
  limit: z
    .object({ amount: z.number({ error: BAD_LIMIT }), unit: z.enum(TIME_UNITS, { error: BAD_LIMIT }) }, { error: BAD_LIMIT })
    .refine((l) => (l.unit === 'same_day' || l.amount > 0) && l.amount <= 1300 && ((l.unit !== 'days' && l.unit !== 'months') || Number.isInteger(l.amount)), { error: BAD_LIMIT }),
});

export const spec: ActionSpec<'consult'> = {
  payload,
  label: { vi: 'Xin ý kiến đơn vị khác', en: 'Consult another unit' },
  descriptive: ['question'],
  blockedByWithdrawal: true,
  refusal: ({ s }) => needProcessing(s),
  who: ({ s }) => ({ seats: [{ roles: HANDLERS, units: holdUnits(s) }], forbidden: F.handler }),
  problems: (p, _a, { s }) => (p.toUnitId === s.currentUnitId ? [bad('payload.toUnitId', 'Không xin ý kiến chính đơn vị đang giữ hồ sơ', 'A unit does not consult itself')] : []),
  evolve(f, a, { at, seq, processing }) {
    const to = num(a.payload?.toUnitId);
    if (!processing || to === null || !a.payload.limit) return false;
    f.consultations.push({
      seq,
      at,
      fromUnitId: a.unitId ?? null,
      toUnitId: to,
      question: text(a.payload.question),
      limit: { amount: a.payload.limit.amount, unit: a.payload.limit.unit },
      repliedAt: null,
      answer: null,
      agrees: null,
    });
    return true;
  },
};

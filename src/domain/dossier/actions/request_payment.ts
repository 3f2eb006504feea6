import { z } from 'zod';
import { both } from '../../zod-fields.js';
import { num, startWait, text } from '../fold-steps.js';
import { list, vnd } from './message-kit.js';
import { F, HANDLERS, holdUnits, M, needProcessing, optionalText, payloadObject, receivingUnits } from './shared.js';
import type { ActionSpec } from './spec.js';

const BAD_ITEMS = both('Liệt kê từng khoản phí, thuế với số tiền (đồng)', 'List each fee or tax with its amount (đồng)');

/** Financial obligation (status 6): each fee or tax with its amount in whole đồng. */
export const payload = payloadObject({
  items: z
    .array(
      z.object(
        {
          name: z.string({ error: BAD_ITEMS }).refine((n) => n.trim() !== '', { error: BAD_ITEMS }),
          amountVnd: z.number({ error: BAD_ITEMS }).int({ error: BAD_ITEMS }).min(0, { error: BAD_ITEMS }),
        },
        { error: BAD_ITEMS },
      ),
      { error: BAD_ITEMS },
    )
    .min(1, { error: BAD_ITEMS }),
  note: optionalText(),
});

export const spec: ActionSpec<'request_payment'> = {
  payload,
  label: { vi: 'Yêu cầu thực hiện nghĩa vụ tài chính', en: 'Request payment' },
  descriptive: ['note'],
  blockedByWithdrawal: true,
  refusal: ({ s }) => needProcessing(s) ?? (s.waitingFor ? M.alreadyWaiting : null),
  who: ({ s }) => ({ seats: [{ roles: HANDLERS, units: holdUnits(s) }, { roles: ['desk'], units: receivingUnits(s) }], forbidden: F.handler }),
  evolve(f, a, { at, seq, pinned, processing }) {
    if (!processing || f.waiting) return false;
    const items = Array.isArray(a.payload?.items) ? a.payload.items.map((x) => ({ name: text(x?.name), amountVnd: num(x?.amountVnd) ?? 0 })) : [];
    f.payments.push({ seq, at, items, paidAt: null, paidVnd: null, online: false });
    startWait(f, 'payment', seq, at, pinned.paymentPolicy === 'pause');
    return true;
  },
  message(a, { c, ref, refSms, make }) {
    const total = a.payload.items.reduce((n, i) => n + i.amountVnd, 0);
    return make(
      'payment_request',
      `${ref} cần thực hiện nghĩa vụ tài chính`,
      `${ref} (${c.procedureName}) cần nộp các khoản sau:\n${list(a.payload.items.map((i) => `${i.name}: ${vnd(i.amountVnd)}`))}\nTổng cộng: ${vnd(total)}.` +
        `${a.payload.note ? `\nGhi chú: ${a.payload.note}` : ''}\nHồ sơ được giải quyết tiếp khi đã nộp đủ, tại ${c.deskName ?? 'bộ phận một cửa'} hoặc trực tuyến.`,
      `${refSms} can nop ${vnd(total)}.`,
    );
  },
};

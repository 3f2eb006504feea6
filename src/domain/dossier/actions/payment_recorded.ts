import { z } from 'zod';
import type { FieldError } from '../../errors.js';
import { both } from '../../zod-fields.js';
import { endWait, num } from '../fold-steps.js';
import type { DossierState } from '../types.js';
import { vnd } from './message-kit.js';
import { bad, msg, needProcessing, optionalText, payloadObject, receivingUnits } from './shared.js';
import type { ActionSpec } from './spec.js';

const BAD_AMOUNT = both('Số tiền không hợp lệ', 'Invalid amount');

/** The requested total was paid, at the desk or (`online`) through a payment gateway. */
export const payload = payloadObject({
  amountVnd: z.number({ error: BAD_AMOUNT }).int({ error: BAD_AMOUNT }).min(0, { error: BAD_AMOUNT }),
  receipt: optionalText(),
  online: z.boolean().optional(),
});

/** A payment must be exactly the outstanding requested total (the latest request not yet paid). */
export function paymentAmountProblem(s: DossierState, amountVnd: number): FieldError | null {
  const open = s.payments.findLast((x) => x.paidAt === null);
  if (!open || amountVnd === open.totalVnd) return null;
  return bad('payload.amountVnd', `Số tiền phải đúng bằng số đã yêu cầu nộp: ${open.totalVnd} đồng`, `The amount must equal the amount requested: ${open.totalVnd} VND`);
}

export const spec: ActionSpec<'payment_recorded'> = {
  payload,
  label: { vi: 'Đã thực hiện nghĩa vụ tài chính', en: 'Payment recorded' },
  descriptive: ['receipt'],
  refusal: ({ s }) => needProcessing(s) ?? (s.waitingFor === 'payment' ? null : msg('Hồ sơ không chờ thực hiện nghĩa vụ tài chính', 'The dossier is not waiting for a payment')),
  // The applicant never records their own payment: the desk that collected it, or a verified gateway (system).
  who: ({ s }) => ({
    seats: [{ roles: ['desk'], units: receivingUnits(s) }],
    system: true,
    forbidden: msg('Chỉ Bộ phận Một cửa hoặc hệ thống thanh toán mới ghi nhận được việc nộp tiền', 'Only the desk or the payment system may record a payment'),
  }),
  problems: (p, _a, { s }) => {
    const wrong = paymentAmountProblem(s, p.amountVnd);
    return wrong ? [wrong] : [];
  },
  evolve(f, a, { at, pinned, processing }) {
    if (!processing || f.waiting?.kind !== 'payment') return false;
    const p = f.payments[f.payments.length - 1];
    if (p) {
      p.paidAt = at;
      p.paidVnd = num(a.payload?.amountVnd);
      p.online = a.payload?.online === true;
    }
    endWait(f, at, pinned);
    return true;
  },
  message: (a, { c, ref, refLower, refSms, due, make }) =>
    make(
      'payment_recorded',
      `${ref} đã ghi nhận nộp tiền`,
      `Đã ghi nhận ông/bà nộp ${vnd(a.payload.amountVnd)} cho ${refLower} (${c.procedureName})${a.payload.receipt ? `, biên lai ${a.payload.receipt}` : ''}.${due ? `\nNgày hẹn trả kết quả: ${due}.` : ''}`,
      `${refSms} da ghi nhan nop ${vnd(a.payload.amountVnd)}.${due ? ` Hen tra ${due}.` : ''}`,
    ),
};

import { z } from 'zod';
import { both } from '../../zod-fields.js';
import { leaveStep } from '../fold-steps.js';
import { RETURN_METHODS } from '../types.js';
import { smsText } from './message-kit.js';
import { F, fileIds, msg, payloadObject, receivingUnits } from './shared.js';
import type { ActionSpec } from './spec.js';

/** Status 10. `online` hands over an electronic result, whose ids are required. */
export const payload = payloadObject({
  method: z.enum(RETURN_METHODS, { error: both('Hình thức trả kết quả không hợp lệ', 'Invalid return method') }),
  electronicResultIds: fileIds('Danh sách kết quả điện tử không hợp lệ', 'Invalid electronic results').optional(),
}).superRefine((p, ctx) => {
  if (p.method === 'online' && (p.electronicResultIds === undefined || p.electronicResultIds.length === 0))
    ctx.addIssue({ code: 'custom', path: ['electronicResultIds'], message: both('Trả kết quả trực tuyến cần kèm kết quả điện tử', 'An online return needs the electronic result') });
});

export const spec: ActionSpec<'return_result'> = {
  payload,
  label: { vi: 'Trả kết quả', en: 'Return the result' },
  refusal: ({ s }) =>
    s.phase === 'finished'
      ? null
      : s.phase === 'returned'
        ? msg('Kết quả đã được trả', 'The result has already been handed over')
        : msg('Hồ sơ chưa có kết quả để trả', 'There is no result to hand over yet'),
  who: ({ s }) => ({ seats: [{ roles: ['desk'], units: receivingUnits(s) }], forbidden: F.deskAtReception }),
  evolve(f, a, { at, by }) {
    if (f.phase !== 'finished') return false;
    f.phase = 'returned';
    f.returnedAt = at;
    leaveStep(f, at, by, 'return');
    const m = a.payload?.method;
    f.returnMethod = m === 'post' || m === 'online' ? m : 'counter';
    return true;
  },
  message(a, { c, ref, refLower, refSms, make }) {
    const how = { counter: 'tại bộ phận một cửa', post: 'qua dịch vụ bưu chính', online: 'trực tuyến (bản điện tử)' }[a.payload.method];
    return make('returned', `${ref} đã trả kết quả`, `Kết quả ${refLower} (${c.procedureName}) đã được trả ${how}.`, `${refSms} da tra ket qua ${smsText(how)}.`);
  },
};

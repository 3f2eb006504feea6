import { z } from 'zod';
import type { FieldError } from '../../errors.js';
import { both } from '../../zod-fields.js';
import { num, strings } from '../fold-steps.js';
import { bad, msg, optionalText, payloadObject, requiredText } from './shared.js';
import type { ActionSpec } from './spec.js';

const ONLY_DESCRIPTIVE = [
  'Chỉ đính chính được nội dung mô tả (lý do, danh mục, ghi chú); thời điểm, đơn vị và trạng thái có thao tác riêng',
  'Only descriptive content (reasons, item lists, notes) can be corrected; times, units and statuses have their own actions',
] as const;

/**
 * Annotates or supersedes the comment or the descriptive data of action `targetSeq` without deleting it. A
 * correction never changes times, units or statuses: those have their own actions.
 */
export const payload = payloadObject({
  targetSeq: z.number({ error: both('Không có thao tác này', 'No such action') }).int({ error: both('Không có thao tác này', 'No such action') }),
  reason: requiredText('lý do đính chính', 'The reason for the correction'),
  comment: optionalText(),
  data: z
    .record(z.string(), z.union([z.string(), z.array(z.string())], { error: both(...ONLY_DESCRIPTIVE) }), { error: both('Dữ liệu đính chính không hợp lệ', 'Invalid correction data') })
    .nullable()
    .optional(),
}).superRefine((p, ctx) => {
  if (typeof p.comment !== 'string' && (p.data == null || Object.keys(p.data).length === 0))
    ctx.addIssue({ code: 'custom', path: [], message: both('Cần nội dung đính chính (ghi chú hoặc dữ liệu)', 'A correction needs a comment or data') });
});

export const spec: ActionSpec<'correct'> = {
  payload,
  label: { vi: 'Đính chính', en: 'Correct' },
  refusal: ({ s }) => (s.version > 0 ? null : msg('Hồ sơ chưa có thao tác nào để đính chính', 'There is no action to correct')),
  who({ s }, action) {
    const forbidden = msg('Chỉ người đã thực hiện thao tác hoặc lãnh đạo đơn vị đó mới đính chính được', 'Only the author of the action or a leader of its unit may correct it');
    if (action) {
      const target = s.timeline[action.payload.targetSeq - 1];
      return { seats: [{ roles: ['leader'], units: target?.unitId != null ? [target.unitId] : [] }], authorId: target?.actorId ?? null, forbidden };
    }
    const units = [...new Set(s.timeline.filter((t) => t.type !== 'correct' && t.unitId !== null).map((t) => t.unitId!))];
    return { seats: [{ roles: ['leader'], units }], forbidden };
  },
  problems(p, _a, { s, descriptiveFieldsOf }) {
    const out: FieldError[] = [];
    const target = s.timeline[p.targetSeq - 1];
    if (!target) out.push(bad('payload.targetSeq', 'Không có thao tác này', 'No such action'));
    else if (target.type === 'correct') out.push(bad('payload.targetSeq', 'Hãy đính chính thao tác gốc', 'Correct the original action instead'));
    const allowed = target ? descriptiveFieldsOf(target.type) : [];
    for (const k of Object.keys(p.data ?? {})) if (!allowed.includes(k)) out.push(bad(`payload.data.${k}`, ...ONLY_DESCRIPTIVE));
    return out;
  },
  evolve(f, a, { seq }) {
    const target = f.timeline[(num(a.payload?.targetSeq) ?? 0) - 1];
    if (!target || target.seq >= seq || target.type === 'correct') return false;
    if (typeof a.payload.comment === 'string') target.comment = a.payload.comment;
    const data = a.payload.data;
    if (data && typeof data === 'object') {
      for (const [k, v] of Object.entries(data)) if (typeof v === 'string' || Array.isArray(v)) target.correctedData[k] = Array.isArray(v) ? strings(v) : v;
    }
    target.correctedBy.push(seq);
    return true;
  },
};

import { z } from 'zod';
import type { FieldError } from '../../errors.js';
import { both } from '../../zod-fields.js';
import { endProcessing } from '../fold-steps.js';
import { STOP_GROUND_WITHDRAWAL } from '../types.js';
import { truncate } from './message-kit.js';
import { bad, competentUnits, F, msg, needProcessing, optionalText, payloadObject, pendingWithdrawal, requiredText } from './shared.js';
import type { ActionSpec } from './spec.js';

/**
 * Form 05 (stop notice). `ground`: STOP_GROUND_WITHDRAWAL (the applicant's pending withdrawal request) or the code
 * of one of the province's configured grounds (DossierRules.stopGrounds), which then needs `documentReference`
 * (the number of the document the stop rests on). Stored stops from before grounds existed have neither.
 */
export const payload = payloadObject({
  reason: requiredText('lý do', 'The reason'),
  ground: z.string({ error: both('Căn cứ dừng không hợp lệ', 'Invalid ground') }).nullable().optional(),
  documentReference: optionalText(),
});

export const spec: ActionSpec<'stop'> = {
  payload,
  label: { vi: 'Dừng xử lý', en: 'Stop processing' },
  descriptive: ['reason'],
  refusal: ({ s }) => needProcessing(s),
  who: ({ s }) => ({ seats: [{ roles: ['leader'], units: competentUnits(s) }], forbidden: F.leaderCompetent }),
  /** A stop needs a ground: the applicant's pending withdrawal, or a configured reason with its document. */
  ruleProblems(p, _a, { s, rules }) {
    const out: FieldError[] = [];
    const grounds = rules.stopGrounds;
    if (p.ground === STOP_GROUND_WITHDRAWAL) {
      if (!pendingWithdrawal(s))
        out.push({
          path: 'payload.ground',
          message: msg('Không có yêu cầu rút hồ sơ nào của công dân đang chờ; hãy chọn căn cứ dừng khác kèm văn bản', 'No withdrawal request of the applicant is waiting; choose another ground with its document'),
        });
    } else if (typeof p.ground !== 'string' || !grounds.some((g) => g.code === p.ground))
      out.push(
        bad(
          'payload.ground',
          `Dừng xử lý cần căn cứ: yêu cầu rút hồ sơ của công dân hoặc một trong các căn cứ đã cấu hình (${grounds.map((g) => g.label.vi).join('; ')})`,
          `A stop needs a ground: the applicant's withdrawal request or one of the configured grounds (${grounds.map((g) => g.label.en).join('; ')})`,
        ),
      );
    else if (typeof p.documentReference !== 'string' || p.documentReference.trim() === '')
      out.push(bad('payload.documentReference', 'Cần nhập số, ký hiệu văn bản làm căn cứ dừng xử lý', 'The reference of the document the stop rests on is required'));
    return out;
  },
  evolve(f, a, { at, by, pinned, processing }) {
    if (!processing) return false;
    endProcessing(f, pinned, at, by, 'stop');
    f.phase = 'stopped';
    f.stoppedAt = at;
    f.stopGround = typeof a.payload.ground === 'string' ? a.payload.ground : null;
    return true;
  },
  message: (a, { c, ref, refSms, make }) =>
    make('stopped', `${ref} đã dừng xử lý`, `${ref} (${c.procedureName}) đã dừng xử lý.\nLý do: ${a.payload.reason}`, `${refSms} da dung xu ly. Ly do: ${truncate(a.payload.reason, 60)}.`),
};

import { z } from 'zod';
import { both } from '../../zod-fields.js';
import { enterStep, leaveStep, num, openVisit } from '../fold-steps.js';
import { bad, currentStep, F, M, msg, needProcessing, payloadObject, requiredText, stepSeats } from './shared.js';
import type { ActionSpec } from './spec.js';

const EARLIER = both('Chỉ trả lại được một bước trước đó', 'Only an earlier step may be chosen');

/** Back to an earlier step, with the reason; clears approval and signature. */
export const payload = payloadObject({
  toStepIndex: z.number({ error: EARLIER }).int({ error: EARLIER }).min(0, { error: EARLIER }),
  reason: requiredText('lý do trả lại', 'The reason for sending back'),
});

export const spec: ActionSpec<'send_back'> = {
  payload,
  label: { vi: 'Trả lại bước trước', en: 'Send back to an earlier step' },
  descriptive: ['reason'],
  blockedByWithdrawal: true,
  refusal({ s, pinned }) {
    const r = needProcessing(s);
    if (r) return r;
    if (s.waitingFor) return M.waiting;
    const step = currentStep(s, pinned);
    if (!step) return M.noSteps;
    if (step.index === 0) return msg('Đây là bước đầu tiên, không có bước trước để trả lại', 'This is the first step; there is no earlier step');
    return step.maySendBack ? null : msg('Quy trình nội bộ không cho phép bước này trả lại hồ sơ', 'The internal process does not let this step send the dossier back');
  },
  who: (c) => ({ seats: stepSeats(c), forbidden: c.s.assigneeId !== null ? F.assignee : F.stepRole }),
  problems: (p, _a, { s }) =>
    p.toStepIndex < (s.currentStepIndex ?? 0) ? [] : [bad('payload.toStepIndex', 'Chỉ trả lại được một bước trước đó', 'Only an earlier step may be chosen')],
  evolve(f, a, { at, by, pinned, processing }) {
    const v = openVisit(f);
    const to = num(a.payload?.toStepIndex);
    if (!processing || !v || f.waiting || to === null || to < 0 || to >= v.stepIndex || !Number.isInteger(to)) return false;
    leaveStep(f, at, by, 'send_back');
    enterStep(f, pinned, to, at, by, null);
    f.approved = false;
    f.signed = false;
    return true;
  },
};

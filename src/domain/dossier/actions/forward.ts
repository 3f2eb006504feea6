import { z } from 'zod';
import { both } from '../../zod-fields.js';
import { enterStep, leaveStep, num, openVisit } from '../fold-steps.js';
import { lastProcessingStepIndex } from '../pinned.js';
import { atApprovalStep, bad, F, id, M, msg, needProcessing, payloadObject, stepSeats } from './shared.js';
import type { ActionSpec } from './spec.js';

/** To the next step of the internal process (always `current + 1`), optionally naming who takes it there. */
export const payload = payloadObject({
  toStepIndex: z.number({ error: both('Chỉ chuyển được sang bước kế tiếp', 'Only the next step may be chosen') }).int({ error: both('Chỉ chuyển được sang bước kế tiếp', 'Only the next step may be chosen') }),
  assigneeId: id('Người nhận không hợp lệ', 'Invalid assignee').nullable().optional(),
});

const LAST_STEP = msg(
  'Đây là bước xử lý cuối của quy trình nội bộ; hãy hoàn thành xử lý (kết quả được chuyển về Bộ phận Một cửa)',
  'This is the last processing step of the internal process; finish instead (the result then goes back to the desk)',
);

export const spec: ActionSpec<'forward'> = {
  payload,
  label: { vi: 'Chuyển bước tiếp theo', en: 'Forward to the next step' },
  // "Duyệt và ký thay" covers everything the approval step needs: moving the dossier on from it too (see who).
  delegable: ['approve_and_sign'],
  blockedByWithdrawal: true,
  refusal({ s, pinned }) {
    const r = needProcessing(s);
    if (r) return r;
    if (s.waitingFor) return M.waiting;
    if (pinned.steps.length === 0 || s.currentStepIndex === null) return M.noSteps;
    // The final desk step is entered when the result comes back (finish), never by forwarding into it.
    return s.currentStepIndex + 1 >= pinned.steps.length || s.currentStepIndex >= lastProcessingStepIndex(pinned)! ? LAST_STEP : null;
  },
  who: (c) => ({
    seats: stepSeats(c),
    delegation: atApprovalStep(c.s, c.pinned) ? spec.delegable : undefined,
    forbidden: c.s.assigneeId !== null ? F.assignee : F.stepRole,
  }),
  problems(p, _a, { s }) {
    const next = (s.currentStepIndex ?? -1) + 1;
    return p.toStepIndex === next ? [] : [bad('payload.toStepIndex', `Chỉ chuyển được sang bước kế tiếp (bước ${next + 1})`, `Only the next step (step ${next + 1}) may be chosen`)];
  },
  evolve(f, a, { at, by, pinned, processing }) {
    const v = openVisit(f);
    const to = num(a.payload?.toStepIndex);
    if (!processing || !v || f.waiting || to !== v.stepIndex + 1 || pinned.steps[to] === undefined) return false;
    // An assignment made at a leader's step names who handles the next step of the same unit.
    const carried = v.role === 'leader' && pinned.steps[to]!.unitId === v.unitId ? v.assigneeId : null;
    leaveStep(f, at, by, 'forward');
    enterStep(f, pinned, to, at, by, num(a.payload.assigneeId) ?? carried);
    return true;
  },
};

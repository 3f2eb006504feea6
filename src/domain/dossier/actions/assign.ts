import { num, openVisit } from '../fold-steps.js';
import { holdUnits, id, msg, needProcessing, payloadObject } from './shared.js';
import type { ActionSpec } from './spec.js';

/** A leader of the current step's unit hands the step to one official. */
export const payload = payloadObject({ assigneeId: id('Chọn người được phân công', 'Choose the assignee') });

export const spec: ActionSpec<'assign'> = {
  payload,
  label: { vi: 'Phân công xử lý', en: 'Assign' },
  blockedByWithdrawal: true,
  refusal: ({ s }) => needProcessing(s),
  who: ({ s }) => ({
    seats: [{ roles: ['leader'], units: holdUnits(s) }],
    forbidden: msg('Chỉ lãnh đạo đơn vị đang giữ hồ sơ mới phân công được', 'Only a leader of the unit holding the dossier may assign it'),
  }),
  evolve(f, a, { processing }) {
    if (!processing) return false;
    const assignee = num(a.payload?.assigneeId);
    const v = openVisit(f);
    if (v) v.assigneeId = assignee;
    else f.looseAssigneeId = assignee;
    return true;
  },
};

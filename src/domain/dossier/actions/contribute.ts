import { z } from 'zod';
import { both } from '../../zod-fields.js';
import { startParticipant, text } from '../fold-steps.js';
import { HANDLERS, msg, needProcessing, openParts, optionalText, payloadObject } from './shared.js';
import type { ActionSpec } from './spec.js';

/** An inter-agency participant (`unitId` of the action) hands in its part; a declined part says why. */
export const payload = payloadObject({
  outcome: z.enum(['completed', 'declined'], { error: both('Kết quả phần việc không hợp lệ', 'Invalid outcome') }),
  note: optionalText(),
}).superRefine((p, ctx) => {
  if (p.outcome === 'declined' && (typeof p.note !== 'string' || p.note.trim() === ''))
    ctx.addIssue({ code: 'custom', path: ['note'], message: both('Cần nhập lý do', 'The reason is required') });
});

export const spec: ActionSpec<'contribute'> = {
  payload,
  label: { vi: 'Hoàn thành phần việc liên thông', en: 'Complete an inter-agency part' },
  descriptive: ['note'],
  refusal: ({ s }) => needProcessing(s) ?? (openParts(s).length > 0 ? null : msg('Không có phần việc liên thông nào đang thực hiện', 'No inter-agency part is in progress')),
  who: ({ s }) => ({
    seats: [{ roles: HANDLERS, units: openParts(s).map((p) => p.unitId) }],
    forbidden: msg('Chỉ cơ quan phối hợp đang thực hiện phần việc mới thực hiện được', 'Only a participating unit with a part in progress may do this'),
  }),
  evolve(f, a, { at, processing }) {
    const i = f.participants.findIndex((p) => p.unitId === a.unitId && p.startedAt !== null && p.contributedAt === null);
    const p = f.participants[i];
    if (!processing || !p) return false;
    // A part handed in while the dossier waits for the applicant stops its clock in the paused state.
    p.contributedAt = at;
    p.result = a.payload?.outcome === 'declined' ? 'declined' : 'completed';
    p.note = text(a.payload?.note);
    const next = f.participants[i + 1];
    if (f.sequentialParticipants && next && next.startedAt === null) startParticipant(f, next, at);
    return true;
  },
};

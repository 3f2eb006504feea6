import { addWorkingTime } from '../../calendar/index.js';
import { startWait, strings, text } from '../fold-steps.js';
import type { DossierRules, DossierState, PinnedProcedure } from '../types.js';
import { list, truncate, type MessageKit } from './message-kit.js';
import { competentUnits, F, HANDLERS, holdUnits, itemList, M, msg, needProcessing, payloadObject, requiredText } from './shared.js';
import type { ActionSpec } from './spec.js';

/** During processing, through the desk: the list of what to add or complete. */
export const payload = payloadObject({ items: itemList(), reason: requiredText('lý do', 'The reason') });

const SECOND = msg(
  'Đã yêu cầu bổ sung một lần trong quá trình giải quyết; thủ tục này không cho phép yêu cầu bổ sung lần thứ hai',
  'A supplement was already requested during processing; this procedure does not allow a second request',
);
const late = (days: number) =>
  msg(`Đã quá ${days} ngày làm việc kể từ khi đơn vị nhận hồ sơ; không được yêu cầu bổ sung`, `More than ${days} working days since the unit received the dossier; a supplement may no longer be requested`);

/** End of the window to ask for a supplement: N working days after `unitId` first got the dossier, on its calendar. */
function supplementWindowEnd(s: DossierState, pinned: PinnedProcedure, rules: DossierRules, unitId: number): number {
  const first = s.steps.find((r) => r.unitId === unitId);
  const from = first ? first.receivedAt : s.receivedAt!;
  return addWorkingTime(from, rules.supplementWindowWorkingDays, 'working_days', pinned.calendarOf(unitId)).getTime();
}

/** Form 02, before reception or during processing. */
export function supplementRequestMessage(p: { items: string[]; reason: string }, { c, ref, refSms, make }: MessageKit) {
  return make(
    'supplement_request',
    `${ref} cần bổ sung, hoàn thiện`,
    `${ref} (${c.procedureName}) cần được bổ sung, hoàn thiện.\nLý do: ${p.reason}\nNội dung cần bổ sung:\n${list(p.items)}\n` +
      `Ông/bà nộp phần bổ sung tại ${c.deskName ?? 'bộ phận một cửa'} hoặc trực tuyến.` +
      (c.dueRecounted ? '\nThời hạn giải quyết được tính lại từ đầu khi nhận đủ hồ sơ bổ sung; ngày hẹn trả mới sẽ được thông báo.' : ''),
    `${refSms} can bo sung ${p.items.length} noi dung. Ly do: ${truncate(p.reason, 60)}.`,
  );
}

export const spec: ActionSpec<'request_supplement'> = {
  payload,
  label: { vi: 'Yêu cầu bổ sung hồ sơ', en: 'Request a supplement' },
  descriptive: ['items', 'reason'],
  blockedByWithdrawal: true,
  // The window belongs to the requesting unit, known once the seat is: see seatRefusal. "Once, completely": a
  // second request only where the procedure allows it.
  refusal: ({ s, pinned }) =>
    needProcessing(s) ?? (s.waitingFor ? M.alreadyWaiting : null) ?? (s.supplementRequestCount > 0 && pinned.repeatSupplementRequests !== true ? SECOND : null),
  who: ({ s }) => ({ seats: [{ roles: HANDLERS, units: holdUnits(s) }, { roles: ['leader'], units: competentUnits(s) }], forbidden: F.handler }),
  seatRefusal: ({ s, pinned, rules, at }, unitId) =>
    rules.lateSupplementRequest === 'refuse' && unitId !== null && at > supplementWindowEnd(s, pinned, rules, unitId) ? late(rules.supplementWindowWorkingDays) : null,
  evolve(f, a, { at, seq, processing }) {
    if (!processing || f.waiting) return false;
    f.supplements.push({ seq, at, unitId: a.unitId ?? null, items: strings(a.payload?.items), reason: text(a.payload?.reason), receivedAt: null });
    startWait(f, 'supplement', seq, at, true);
    return true;
  },
  message: (a, k) => supplementRequestMessage(a.payload, k),
};

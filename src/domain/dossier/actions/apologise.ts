import { addWorkingTime, formatVnInstant, workingTimeBetween } from '../../calendar/index.js';
import type { FieldError } from '../../errors.js';
import { num, text } from '../fold-steps.js';
import { rulesOf } from '../rules-of.js';
import type { DossierState, PinnedProcedure } from '../types.js';
import { vnTimeAndDate } from './message-kit.js';
import { bad, id, instant, msg, needProcessing, optionalText, payloadObject, requiredText } from './shared.js';
import type { ActionSpec } from './spec.js';

/** Form 04, signed by the head (or deputy) of the late unit, who is the actor. Once per dossier. */
export const payload = payloadObject({
  reason: requiredText('lý do chậm', 'The reason for the delay'),
  /** The letter's number (Số:), form 04. */
  documentNumber: optionalText(),
  lateUnitId: id('Chọn đơn vị làm chậm', 'Choose the late unit'),
  newDueAt: instant('Thời điểm hẹn trả mới không hợp lệ', 'The new appointment is not a valid instant'),
});

const PAUSED = msg('Hồ sơ đang chờ công dân; thời hạn không chạy nên không cần xin lỗi', 'The dossier is waiting for the applicant; its time limit is not running');

/**
 * The units that may apologise for being late (form 04): the unit holding the dossier, and every unit whose step,
 * inter-agency part or consultation is over its allotted time as of the state's `asOf`.
 */
export function lateUnitCandidates(s: DossierState): number[] {
  if (s.phase !== 'processing') return [];
  const asOf = s.asOf?.getTime() ?? 0;
  const set = new Set<number>();
  if (s.currentUnitId !== null) set.add(s.currentUnitId);
  for (const r of s.steps) if (r.usedMinutes > r.allottedMinutes) set.add(r.unitId);
  for (const p of s.participants) if (p.state !== 'waiting_turn' && p.usedMinutes > p.allottedMinutes) set.add(p.unitId);
  for (const c of s.consultations) if (c.outcome === 'late' || (c.state === 'open' && asOf > c.dueAt.getTime())) set.add(c.toUnitId);
  return [...set];
}

/**
 * The range of a new appointment given at `at`: strictly after `after` (the current due, or the apology itself when
 * it comes after the due) and no later than `latest`: the rules' extension, by default the procedure's own limit
 * again, counted from `after` on the receiving unit's calendar.
 */
export function newAppointmentBounds(s: DossierState, pinned: PinnedProcedure, at: Date): { after: Date; latest: Date } {
  const rules = rulesOf(pinned);
  const due = s.clock!.currentDueAt;
  const after = at.getTime() > due.getTime() ? at : due;
  const ext = rules.apologyMaxExtension ?? pinned.limit;
  return { after, latest: addWorkingTime(after, ext.amount, ext.unit, pinned.calendarOf(s.receivingUnitId!)) };
}

const vnText = (d: Date) => {
  const x = formatVnInstant(d);
  return `${x.slice(11, 16)} ${x.slice(8, 10)}/${x.slice(5, 7)}/${x.slice(0, 4)}`;
};

export const spec: ActionSpec<'apologise'> = {
  payload,
  label: { vi: 'Xin lỗi và hẹn lại ngày trả', en: 'Apologise and set a new appointment' },
  descriptive: ['reason', 'documentNumber'],
  refusal({ s }) {
    const r = needProcessing(s);
    if (r) return r;
    if (s.apology) return msg('Đã xin lỗi và hẹn lại một lần; chỉ được hẹn lại một lần', 'An apology was already issued; the appointment may be reset only once');
    // After the apology deadline (or the due instant) it is still accepted, and recorded as late; not while the
    // applicant holds the clock.
    if (s.clock?.status === 'paused' || (s.clock && s.fold.waiting?.pauses === true)) return PAUSED;
    return null;
  },
  // Nobody apologises in another unit's name: the leader of the unit holding the dossier or of a unit over its
  // allotment (ruleProblems keeps lateUnitId among those).
  who: ({ s }, action) => ({
    seats: [{ roles: ['leader'], units: action ? [action.payload.lateUnitId] : lateUnitCandidates(s) }],
    forbidden: msg('Văn bản xin lỗi do người đứng đầu đơn vị làm chậm ký', 'The apology is signed by the head of the late unit'),
  }),
  ruleProblems(p, a, { s, pinned, stateAt }) {
    const out: FieldError[] = [];
    if (!s.clock || s.receivingUnitId === null) return out;
    const now = stateAt(a.at);
    if (!lateUnitCandidates(now).includes(p.lateUnitId))
      out.push(
        bad(
          'payload.lateUnitId',
          'Đơn vị làm chậm phải là đơn vị đang giữ hồ sơ hoặc đơn vị đã quá thời gian được giao; không xin lỗi thay đơn vị khác',
          'The late unit must be the unit holding the dossier or a unit over its allotted time; nobody apologises in another unit’s name',
        ),
      );
    const due = p.newDueAt;
    const b = newAppointmentBounds(now, pinned, a.at);
    if (due.getTime() <= b.after.getTime() || workingTimeBetween(b.after, due, pinned.calendarOf(now.receivingUnitId!)) <= 0)
      out.push(
        bad(
          'payload.newDueAt',
          'Ngày hẹn trả mới phải sau ngày hẹn hiện tại và sau thời điểm xin lỗi, thêm thời gian làm việc',
          'The new appointment must be later than the current one and than the apology, adding working time',
        ),
      );
    else if (due.getTime() > b.latest.getTime())
      out.push(
        bad(
          'payload.newDueAt',
          `Ngày hẹn trả mới không được sau ${vnText(b.latest)} (không quá thời hạn giải quyết của thủ tục, tính từ ngày hẹn hiện tại)`,
          `The new appointment may not be later than ${vnText(b.latest)} (at most the procedure's own time limit after the current due)`,
        ),
      );
    return out;
  },
  evolve(f, a, { at, seq, by, processing }) {
    const newDue = a.payload?.newDueAt instanceof Date ? a.payload.newDueAt.getTime() : Number.NaN;
    if (!processing || f.apology || !Number.isFinite(newDue)) return false;
    f.apology = {
      seq,
      at,
      lateUnitId: num(a.payload.lateUnitId) ?? a.unitId ?? 0,
      signerId: by,
      reason: text(a.payload.reason),
      newDueAt: newDue,
      clockEvents: f.clock.length,
    };
    return true;
  },
  message(a, { c, refLower, refSms, make }) {
    const p = a.payload;
    return make(
      'apology',
      `Xin lỗi và hẹn lại ngày trả kết quả hồ sơ ${c.code ?? ''}`.trim(),
      `Cơ quan giải quyết chân thành xin lỗi ông/bà vì ${refLower} (${c.procedureName}) chưa có kết quả đúng hẹn.\n` +
        `Lý do: ${p.reason}\nNgày hẹn trả kết quả mới: ${vnTimeAndDate(p.newDueAt)}.`,
      `Xin loi ong/ba: ${refSms} cham tra ket qua. Hen lai ${vnTimeAndDate(p.newDueAt)}.`,
    );
  },
};

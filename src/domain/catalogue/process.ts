// The internal process (quy trình nội bộ) approved for one version of a procedure: which unit does which step,
// in which role, in how much working time. Its total must fit the (reduced) legal limit of every channel.
import { isAgencyCode, normaliseAgencyCode } from '../agency-code.js';
import type { Bilingual, FieldError } from '../errors.js';
import { ROLE_LABELS, type Role } from '../org.js';
import { F, says } from './labels.js';
import { CHANNEL_LABELS, CHANNELS, type Channel, type Decision, type ProcedureBody, type TimeLimit, type UnitLookup } from './model.js';
import { effectiveLimit, readDecision } from './procedure.js';
import { Reader, join } from './read.js';
import { formatLimit, formatWorkingMinutes, limitInWorkingMinutes } from './time.js';

/** The roles that act in a process; monitors and administrators never handle dossiers. */
export const PROCESS_ROLES = ['desk', 'specialist', 'leader'] as const satisfies readonly Role[];
export type ProcessRole = (typeof PROCESS_ROLES)[number];

/** Steps are allotted working hours or half working days (4 working hours). */
export const STEP_TIME_UNITS = ['working_hours', 'half_days'] as const;
export type StepTimeUnit = (typeof STEP_TIME_UNITS)[number];

/** The unit placeholder meaning "whichever desk received the dossier". */
export const RECEIVING = 'receiving';

export interface StepTime {
  amount: number;
  unit: StepTimeUnit;
}

export interface ProcessStep {
  name: string;
  /** An agency code, or 'receiving'. */
  unit: string;
  role: ProcessRole;
  time: StepTime;
  /** The step may return the dossier to the step before it. */
  maySendBack: boolean;
}

export interface Participant {
  agency: string;
  task: string;
  time: StepTime;
  lead: boolean;
}

export const SUPPLEMENT_POLICIES = ['restart', 'pause'] as const;
/** The order of the inter-agency parts: sequential unless the approved process says parallel (Decree 61/2018 Art. 16-17). */
export const INTER_AGENCY_DISPATCHES = ['sequential', 'parallel'] as const;
export type InterAgencyDispatch = (typeof INTER_AGENCY_DISPATCHES)[number];
export const INTER_AGENCY_DISPATCH_LABELS: Record<InterAgencyDispatch, Bilingual> = {
  sequential: { vi: 'Lần lượt theo thứ tự các cơ quan (mặc định)', en: 'One after another, in the listed order (default)' },
  parallel: { vi: 'Đồng thời: mọi cơ quan nhận hồ sơ ngay khi tiếp nhận', en: 'At the same time: every agency gets the dossier at reception' },
};
export const PAYMENT_POLICIES = ['pause', 'run'] as const;

export const SUPPLEMENT_POLICY_LABELS: Record<(typeof SUPPLEMENT_POLICIES)[number], Bilingual> = {
  restart: { vi: 'Tính lại từ đầu khi nhận đủ hồ sơ bổ sung (Nghị định 61/2018)', en: 'Starts again once the complete supplement arrives (Decree 61/2018)' },
  pause: { vi: 'Tạm dừng trong thời gian chờ bổ sung, tính tiếp khi nhận đủ', en: 'Paused while waiting, resumed once the supplement arrives' },
};
export const PAYMENT_POLICY_LABELS: Record<(typeof PAYMENT_POLICIES)[number], Bilingual> = {
  pause: { vi: 'Không tính vào thời hạn giải quyết', en: 'Not counted in the time limit' },
  run: { vi: 'Vẫn tính vào thời hạn giải quyết', en: 'Counted in the time limit' },
};

export interface ProcessBody {
  steps: ProcessStep[];
  participants: Participant[];
  approval: Decision | null;
  note: string | null;
  /**
   * How the dossier's clock treats a supplement during processing and the wait for taxes and fees. The law differs
   * by sector (land leaves the payment time out), so the province sets it per procedure here; null takes the
   * province's default (see DEFAULT_SUPPLEMENT_POLICY and DEFAULT_PAYMENT_POLICY in the dossier application).
   */
  supplementPolicy: (typeof SUPPLEMENT_POLICIES)[number] | null;
  paymentPolicy: (typeof PAYMENT_POLICIES)[number] | null;
  /**
   * How the participants' parts run. Absent or null: one after another in the listed order, each part's clock
   * starting when that agency actually receives the dossier; `parallel` only when the approved process says so.
   */
  interAgencyDispatch?: InterAgencyDispatch | null;
  /**
   * The procedure allows more than one supplement request during processing (Decree 61/2018 Art. 19 allows one;
   * some sectoral laws allow more). Absent: one request only; a second is refused.
   */
  repeatSupplementRequests?: boolean;
}

export const stepMinutes = (t: StepTime): number => Math.round(t.amount * (t.unit === 'half_days' ? 240 : 60));

function readStepTime(r: Reader, v: unknown, path: string, label: Bilingual): StepTime {
  const o = r.object(v, path, label, ['amount', 'unit']) ?? {};
  const unit = r.oneOf(o.unit, join(path, 'unit'), label, STEP_TIME_UNITS) ?? 'working_hours';
  const amount = r.number(o.amount, join(path, 'amount'), label, { min: 0, exclusiveMin: true, max: 10_000 });
  // Whole minutes only: the control slip records hand-overs to the minute.
  if (amount > 0 && unit === 'half_days' && !Number.isInteger(amount))
    r.fail(join(path, 'amount'), label, { vi: 'số nửa ngày phải là số nguyên', en: 'a number of half days must be whole' });
  if (amount > 0 && unit === 'working_hours' && Math.abs(amount * 60 - Math.round(amount * 60)) > 1e-9)
    r.fail(join(path, 'amount'), label, { vi: 'số giờ phải tròn đến phút', en: 'hours must come to whole minutes' });
  return { amount, unit };
}

function readUnitRef(r: Reader, v: unknown, path: string, label: Bilingual, allowReceiving: boolean): string {
  const s = r.text(v, path, label);
  if (!s) return '';
  if (allowReceiving && s === RECEIVING) return s;
  const code = normaliseAgencyCode(s);
  if (!code)
    r.fail(path, label, {
      vi: `"${s}" không phải mã định danh QCVN 102:2016${allowReceiving ? ' hoặc "receiving" (nơi tiếp nhận)' : ''}`,
      en: `"${s}" is not a QCVN 102:2016 agency code${allowReceiving ? ' nor "receiving" (the receiving desk)' : ''}`,
    });
  return code ?? s;
}

export function readProcess(input: unknown): { body: ProcessBody; problems: FieldError[] } {
  const r = new Reader();
  const body: ProcessBody = { steps: [], participants: [], approval: null, note: null, supplementPolicy: null, paymentPolicy: null };
  const o = r.object(input, '', F.process, ['steps', 'participants', 'approval', 'note', 'supplementPolicy', 'paymentPolicy', 'interAgencyDispatch', 'repeatSupplementRequests']);
  if (!o) return { body, problems: r.problems };
  body.steps = r.list(o.steps, 'steps', F.processSteps, (x, path) => {
    const s = r.object(x, path, F.step, ['name', 'unit', 'role', 'time', 'maySendBack']) ?? {};
    return {
      name: r.text(s.name, join(path, 'name'), F.stepName, { max: 300 }),
      unit: readUnitRef(r, s.unit, join(path, 'unit'), F.stepUnit, true),
      role: r.oneOf(s.role, join(path, 'role'), F.stepRole, PROCESS_ROLES) ?? 'specialist',
      time: readStepTime(r, s.time, join(path, 'time'), F.stepTime),
      maySendBack: r.boolean(s.maySendBack, join(path, 'maySendBack'), F.maySendBack, false),
    };
  });
  body.participants = r.list(o.participants, 'participants', F.participants, (x, path) => {
    const s = r.object(x, path, F.participants, ['agency', 'task', 'time', 'lead']) ?? {};
    return {
      agency: readUnitRef(r, s.agency, join(path, 'agency'), F.participantAgency, false),
      task: r.text(s.task, join(path, 'task'), F.participantTask, { max: 1000 }),
      time: readStepTime(r, s.time, join(path, 'time'), F.participantTime),
      lead: r.boolean(s.lead, join(path, 'lead'), F.lead, false),
    };
  });
  body.approval = readDecision(r, o.approval, 'approval', F.approval);
  body.note = r.optText(o.note, 'note', F.note, { max: 4000, keepLines: true });
  body.supplementPolicy = o.supplementPolicy === undefined || o.supplementPolicy === null || o.supplementPolicy === '' ? null : r.oneOf(o.supplementPolicy, 'supplementPolicy', F.supplementPolicy, SUPPLEMENT_POLICIES);
  body.paymentPolicy = o.paymentPolicy === undefined || o.paymentPolicy === null || o.paymentPolicy === '' ? null : r.oneOf(o.paymentPolicy, 'paymentPolicy', F.paymentPolicy, PAYMENT_POLICIES);
  // Kept off the body when unset, so that processes stored before the setting existed read back unchanged.
  if (o.interAgencyDispatch !== undefined && o.interAgencyDispatch !== null && o.interAgencyDispatch !== '')
    body.interAgencyDispatch = r.oneOf(o.interAgencyDispatch, 'interAgencyDispatch', F.interAgencyDispatch, INTER_AGENCY_DISPATCHES) ?? null;
  // Kept off the body unless allowed, for the same reason.
  if (o.repeatSupplementRequests !== undefined && o.repeatSupplementRequests !== null && r.boolean(o.repeatSupplementRequests, 'repeatSupplementRequests', F.repeatSupplementRequests, false))
    body.repeatSupplementRequests = true;
  return { body, problems: r.problems };
}

export interface ChannelBudget {
  channel: Channel;
  limit: TimeLimit;
  /** The limit is the province's reduced one. */
  reduced: boolean;
  /** Working minutes, when the unit converts exactly. */
  exactMinutes: number | null;
  /** Working minutes no plan may exceed. */
  maxMinutes: number;
  /** What the limit usually allows (working days in calendar days, a month of working days). */
  typicalMinutes: number;
}

/** What each offered channel allows the steps in total, for validation and for the step editor's running total. */
export function processBudgets(procedure: ProcedureBody): ChannelBudget[] {
  const out: ChannelBudget[] = [];
  for (const c of CHANNELS) {
    const limit = effectiveLimit(procedure, c);
    if (!limit) continue;
    const m = limitInWorkingMinutes(limit);
    out.push({ channel: c, limit, reduced: !!procedure.channels[c]!.reducedTimeLimit, exactMinutes: m.exact, maxMinutes: m.max, typicalMinutes: m.typical });
  }
  return out;
}

export interface ProcessCheck {
  errors: FieldError[];
  warnings: FieldError[];
  totalMinutes: number;
  participantMinutes: number;
  budgets: ChannelBudget[];
}

const p = (path: string, label: Bilingual, why: Bilingual): FieldError => ({ path, message: says(label, why) });

function budgetProblems(total: number, budgets: ChannelBudget[], path: string, label: Bilingual, what: Bilingual, errors: FieldError[], warnings: FieldError[]): void {
  const t = formatWorkingMinutes(total);
  for (const b of budgets) {
    const ch = CHANNEL_LABELS[b.channel];
    const lim = formatLimit(b.limit);
    const kind = b.reduced ? { vi: 'thời hạn đã cắt giảm', en: 'reduced limit' } : { vi: 'thời hạn luật định', en: 'legal limit' };
    if (total > b.maxMinutes) {
      const cap = formatWorkingMinutes(b.maxMinutes);
      errors.push(
        p(path, label, {
          vi: `${what.vi} ${t.vi} vượt ${kind.vi} ${lim.vi} của kênh ${ch.vi.toLowerCase()} (tối đa ${cap.vi})`,
          en: `${what.en} of ${t.en} exceeds the ${kind.en} of ${lim.en} for the ${ch.en.toLowerCase()} channel (at most ${cap.en})`,
        }),
      );
    } else if (b.exactMinutes === null && total > b.typicalMinutes) {
      const typ = formatWorkingMinutes(b.typicalMinutes);
      warnings.push(
        p(path, label, {
          vi: `${what.vi} ${t.vi} vượt số giờ làm việc thường có trong ${lim.vi} (khoảng ${typ.vi}); chỉ kịp khi không gặp ngày nghỉ, ngày lễ`,
          en: `${what.en} of ${t.en} is more than ${lim.en} usually hold (about ${typ.en}); it only fits when no rest days or holidays fall in between`,
        }),
      );
    }
  }
}

/**
 * Validates a process against the procedure version it belongs to and the units of the province. Step units
 * must exist, be active and have staff in the step's role; 'receiving' resolves to the receiving unit, or to every
 * competent unit when each receives at its own desk.
 */
export function validateProcess(process: ProcessBody, procedure: ProcedureBody, units: UnitLookup): ProcessCheck {
  const errors: FieldError[] = [];
  const warnings: FieldError[] = [];
  const budgets = processBudgets(procedure);

  if (process.steps.length === 0) errors.push(p('steps', F.processSteps, { vi: 'quy trình cần ít nhất một bước', en: 'a process needs at least one step' }));
  if (!process.approval) errors.push(p('approval', F.approval, { vi: 'cần số và ngày của quyết định phê duyệt quy trình', en: 'needs the number and date of the decision approving the process' }));

  const receivingCandidates = procedure.receivingUnit ? [procedure.receivingUnit] : procedure.competentUnits;
  process.steps.forEach((s, i) => {
    const path = `steps[${i}]`;
    if (i === 0 && s.maySendBack)
      errors.push(p(`${path}.maySendBack`, F.maySendBack, { vi: 'bước đầu tiên không có bước trước để trả lại', en: 'the first step has no earlier step to send the dossier back to' }));
    const role = ROLE_LABELS[s.role];
    if (s.unit === RECEIVING) {
      if (receivingCandidates.length === 0) {
        errors.push(p(`${path}.unit`, F.stepUnit, { vi: 'thủ tục chưa ghi nơi tiếp nhận hay cơ quan có thẩm quyền nên không xác định được "nơi tiếp nhận"', en: 'the procedure names neither a receiving unit nor competent units, so "receiving" cannot be resolved' }));
        return;
      }
      for (const code of receivingCandidates) unitRoleProblems(units, code, s.role, `${path}.unit`, role, errors, true);
      return;
    }
    if (isAgencyCode(s.unit)) unitRoleProblems(units, s.unit, s.role, `${path}.unit`, role, errors, false);
  });
  const totalMinutes = process.steps.reduce((sum, s) => sum + stepMinutes(s.time), 0);
  budgetProblems(totalMinutes, budgets, 'steps', F.processSteps, { vi: 'Tổng thời gian các bước', en: 'The steps take a total' }, errors, warnings);
  if (process.steps.length > 0 && budgets.length === 0)
    warnings.push(p('steps', F.processSteps, { vi: 'thủ tục chưa có thời hạn giải quyết nên không kiểm tra được tổng thời gian', en: 'the procedure has no time limit, so the total cannot be checked' }));

  const participantMinutes = process.participants.reduce((sum, x) => sum + stepMinutes(x.time), 0);
  if (procedure.level === 'inter_agency') {
    if (process.participants.length < 2)
      errors.push(p('participants', F.participants, { vi: 'thủ tục liên thông cần ít nhất hai cơ quan tham gia', en: 'an inter-agency procedure needs at least two participating agencies' }));
    const leads = process.participants.filter((x) => x.lead).length;
    if (process.participants.length > 0 && leads !== 1)
      errors.push(
        p('participants', F.lead, {
          vi: `phải có đúng một cơ quan chủ trì (đang có ${leads})`,
          en: `exactly one agency must lead (there ${leads === 1 ? 'is' : 'are'} ${leads})`,
        }),
      );
    const seen = new Set<string>();
    process.participants.forEach((x, i) => {
      if (!isAgencyCode(x.agency)) return;
      if (seen.has(x.agency)) errors.push(p(`participants[${i}].agency`, F.participantAgency, { vi: `${x.agency} được ghi hai lần`, en: `${x.agency} is listed twice` }));
      seen.add(x.agency);
      const u = units(x.agency);
      if (!u) errors.push(p(`participants[${i}].agency`, F.participantAgency, { vi: `không có đơn vị nào mang mã ${x.agency}`, en: `no unit has the code ${x.agency}` }));
      else if (!u.active) errors.push(p(`participants[${i}].agency`, F.participantAgency, { vi: `đơn vị ${x.agency} (${u.name}) đã ngừng hoạt động`, en: `unit ${x.agency} (${u.name}) is inactive` }));
    });
    budgetProblems(participantMinutes, budgets, 'participants', F.participants, { vi: 'Tổng thời gian phân bổ cho các cơ quan', en: 'The agencies’ time shares add up to' }, errors, warnings);
    shareProblems(process, errors);
  } else if (process.participants.length > 0) {
    errors.push(p('participants', F.participants, { vi: 'chỉ thủ tục liên thông mới có cơ quan phối hợp liên thông', en: 'only an inter-agency procedure has participating agencies' }));
  }
  return { errors, warnings, totalMinutes, participantMinutes, budgets };
}

/**
 * A participant's share must hold the steps that agency does (Decree 61/2018 Art. 16-17: each agency's part has its
 * own time limit, which is also what its steps are judged against): the steps naming the agency's code add up to no
 * more than its share. Steps at "receiving" are the desk's and belong to no participant. A share no step fills is
 * accepted (the agency's work happens outside this unit's process), and so is a share larger than its steps.
 * Together with the total of the shares fitting the limit (budgetProblems), a participant can neither be allotted
 * time the steps do not leave, nor be judged late against a share smaller than the work the process gives it.
 */
function shareProblems(process: ProcessBody, errors: FieldError[]): void {
  process.participants.forEach((x, i) => {
    if (!isAgencyCode(x.agency)) return;
    const held = process.steps.filter((s) => s.unit === x.agency);
    if (held.length === 0) return;
    const stepsTotal = held.reduce((sum, s) => sum + stepMinutes(s.time), 0);
    const share = stepMinutes(x.time);
    if (stepsTotal > share) {
      const t = formatWorkingMinutes(stepsTotal);
      const sh = formatWorkingMinutes(share);
      errors.push(
        p(`participants[${i}].time`, F.participantTime, {
          vi: `các bước của ${x.agency} trong quy trình cần ${t.vi}, nhiều hơn phần thời gian ${sh.vi} được phân bổ cho cơ quan này`,
          en: `the steps ${x.agency} holds in the process take ${t.en}, more than its time share of ${sh.en}`,
        }),
      );
    }
  });
}

function unitRoleProblems(units: UnitLookup, code: string, role: ProcessRole, path: string, roleLabel: Bilingual, errors: FieldError[], viaReceiving: boolean): void {
  const u = units(code);
  const via: Bilingual = viaReceiving ? { vi: ' (nơi tiếp nhận)', en: ' (receiving desk)' } : { vi: '', en: '' };
  if (!u) {
    errors.push(p(path, F.stepUnit, { vi: `không có đơn vị nào mang mã ${code}${via.vi}`, en: `no unit has the code ${code}${via.en}` }));
    return;
  }
  if (!u.active) {
    errors.push(p(path, F.stepUnit, { vi: `đơn vị ${code} (${u.name})${via.vi} đã ngừng hoạt động`, en: `unit ${code} (${u.name})${via.en} is inactive` }));
    return;
  }
  if (!u.roles.has(role))
    errors.push(
      p(path, F.stepRole, {
        vi: `đơn vị ${code} (${u.name})${via.vi} không có cán bộ nào giữ vai trò "${roleLabel.vi}"`,
        en: `unit ${code} (${u.name})${via.en} has no staff in the role "${roleLabel.en}"`,
      }),
    );
}

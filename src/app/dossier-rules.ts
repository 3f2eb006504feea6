// The province's dossier rules as configuration (docs/dossier.md "Province rules"): what is stored is the province's
// overrides of DEFAULT_RULES (app_settings 'dossier_rules', a JSON object); the rules in force are the defaults with
// those overrides, and each dossier pins the rules in force when it is received (or submitted online), so a later
// change never moves an existing dossier's window or warning. Only a province-level administrator changes them;
// every change is audited with the values before and after.
import { z } from 'zod';
import type { DayEnd, TimeUnit } from '../domain/calendar/index.js';
import { MAX_TIME_AMOUNT } from '../domain/catalogue/procedure.js';
import { DEFAULT_RULES, STOP_GROUND_WITHDRAWAL, type DossierRules } from '../domain/dossier/index.js';
import { AppError, forbidden, type Bilingual, type FieldError } from '../domain/errors.js';
import { DOSSIER_RULES_KEY, getSetting, getSettingForUpdate, putSetting } from '../store/settings.js';
import type { Actor } from './actor.js';
import { requireStaff } from './actor.js';
import { appendAudit } from './audit.js';
import { isProvinceWide } from './authz.js';
import type { AppContext } from './context.js';
import { inTransaction } from './tx.js';

// ---------------------------------------------------------------------------------------------------------------
// Schema. Messages are written "vi | en" (the form the HTTP layer splits, see src/http/errors.ts).

const m = (vi: string, en: string) => `${vi} | ${en}`;

const WORKING_DAYS = m('Số ngày làm việc phải là số nguyên từ 0 đến 30', 'Working days must be a whole number from 0 to 30');
const workingDays = z.number({ error: WORKING_DAYS }).int({ error: WORKING_DAYS }).min(0, { error: WORKING_DAYS }).max(30, { error: WORKING_DAYS });

const COUNT = m('Số lần phải là số nguyên từ 0 đến 10', 'The count must be a whole number from 0 to 10');

const TIME_UNIT_VALUES = ['hours', 'working_hours', 'working_days', 'days', 'months', 'same_day'] as const satisfies readonly TimeUnit[];
const DAY_END_VALUES = ['end_of_day', 'closing'] as const satisfies readonly DayEnd[];
// Every unit and day end of the calendar domain, and nothing else (a compile-time check).
type Missing<A, B> = Exclude<A, B> extends never ? true : never;
const everyUnit: Missing<TimeUnit, (typeof TIME_UNIT_VALUES)[number]> & Missing<DayEnd, (typeof DAY_END_VALUES)[number]> = true;
void everyUnit;

const AMOUNT = m(`Số lượng phải lớn hơn 0 và không quá ${MAX_TIME_AMOUNT}`, `The amount must be more than 0 and at most ${MAX_TIME_AMOUNT}`);

/** A limit (`Limit` of the calendar domain), as a procedure's time limit is written in the catalogue. */
export const limitSchema = z
  .strictObject(
    {
      amount: z.number({ error: AMOUNT }).positive({ error: AMOUNT }).max(MAX_TIME_AMOUNT, { error: AMOUNT }),
      unit: z.enum(TIME_UNIT_VALUES, { error: m('Đơn vị thời gian không hợp lệ', 'Invalid time unit') }),
      dayEnd: z.enum(DAY_END_VALUES, { error: m('Thời điểm kết thúc ngày không hợp lệ', 'Invalid day end') }).optional(),
    },
    { error: m('Thời hạn gồm số lượng (amount), đơn vị (unit) và tùy chọn dayEnd', 'A limit has an amount, a unit and optionally a dayEnd') },
  )
  .superRefine((l, ctx) => {
    if (l.unit === 'same_day' && l.amount !== 1)
      ctx.addIssue({ code: 'custom', path: ['amount'], message: m('Thời hạn "trong ngày" có số lượng là 1', 'A same-day limit has the amount 1') });
    if (l.dayEnd !== undefined && l.unit !== 'days' && l.unit !== 'months')
      ctx.addIssue({ code: 'custom', path: ['dayEnd'], message: m('Chỉ thời hạn tính theo ngày, tháng mới có giờ kết thúc', 'Only limits in days or months have a day end') });
  });

const LABEL = m('Nhãn phải có từ 1 đến 300 ký tự', 'A label has 1 to 300 characters');
const label = z.string({ error: LABEL }).trim().min(1, { error: LABEL }).max(300, { error: LABEL });

export const stopGroundSchema = z.strictObject(
  {
    code: z
      .string({ error: m('Mã căn cứ là chuỗi ký tự', 'The code is a string') })
      .regex(/^[a-z_]{2,40}$/, { error: m('Mã căn cứ gồm 2–40 chữ thường không dấu hoặc dấu gạch dưới', 'A code has 2–40 lower-case letters or underscores') })
      .refine((c) => c !== STOP_GROUND_WITHDRAWAL, {
        error: m(`Mã "${STOP_GROUND_WITHDRAWAL}" dành cho yêu cầu rút hồ sơ của công dân`, `The code "${STOP_GROUND_WITHDRAWAL}" is reserved for the applicant's withdrawal`),
      }),
    label: z.strictObject({ vi: label, en: label }, { error: m('Nhãn gồm tiếng Việt (vi) và tiếng Anh (en)', 'A label has Vietnamese (vi) and English (en)') }),
  },
  { error: m('Mỗi căn cứ gồm mã (code) và nhãn song ngữ (label)', 'Each ground has a code and a bilingual label') },
);

const stopGrounds = z
  .array(stopGroundSchema, { error: m('Danh sách căn cứ dừng xử lý không hợp lệ', 'Invalid list of stop grounds') })
  .max(30, { error: m('Tối đa 30 căn cứ dừng xử lý', 'At most 30 stop grounds') })
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((g, i) => {
      if (seen.has(g.code)) ctx.addIssue({ code: 'custom', path: [i, 'code'], message: m(`Mã căn cứ "${g.code}" bị trùng`, `The code "${g.code}" is repeated`) });
      seen.add(g.code);
    });
  });

const RULE_SHAPE = {
  supplementWindowWorkingDays: workingDays,
  lateSupplementRequest: z.enum(['refuse', 'flag'], { error: m('Chọn "refuse" (từ chối) hoặc "flag" (ghi nhận, tính trễ hạn)', 'Choose "refuse" or "flag"') }),
  supplementRequestsCountedOnTime: z.number({ error: COUNT }).int({ error: COUNT }).min(0, { error: COUNT }).max(10, { error: COUNT }),
  apologyDeadline: z.enum(['working_days_before_due', 'day_before_due', 'before_due'], {
    error: m('Chọn working_days_before_due, day_before_due hoặc before_due', 'Choose working_days_before_due, day_before_due or before_due'),
  }),
  apologyLeadWorkingDays: workingDays,
  apologyWarningWorkingDays: workingDays,
  apologyMaxExtension: limitSchema.nullable(),
  stopGrounds,
  refusalAfterExaminationStatus: z.union([z.literal(9), z.literal(4), z.literal(3)], {
    error: m('Trạng thái 9 (đã xử lý xong), 4 (đang xử lý) hoặc 3 (không được tiếp nhận)', 'Status 9 (result ready), 4 (being processed) or 3 (not accepted)'),
  }),
  supplementBeforeReceptionStatus: z.union([z.literal(5), z.literal(1)], { error: m('Trạng thái 5 (yêu cầu bổ sung) hoặc 1 (mới đăng ký)', 'Status 5 (supplement requested) or 1 (submitted)') }),
  dueSoonWorkingDays: workingDays,
};

const UNKNOWN = m('Dữ liệu quy định hồ sơ là một đối tượng JSON chỉ gồm các quy định đã biết', 'The dossier rules are a JSON object of known rules only');

/** Every rule (what is in force, and the defaults). */
export const dossierRulesSchema = z.strictObject(RULE_SHAPE, { error: UNKNOWN });
/** The province's overrides: any subset of the rules; a rule left out takes its default. */
export const dossierRuleOverridesSchema = z.strictObject(RULE_SHAPE, { error: UNKNOWN }).partial();
export type DossierRuleOverrides = z.infer<typeof dossierRuleOverridesSchema>;

export const RULE_NAMES = Object.keys(RULE_SHAPE) as (keyof DossierRules)[];

const INVALID: Bilingual = { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' };

function bilingual(message: string): Bilingual {
  const at = message.indexOf(' | ');
  return at > 0 ? { vi: message.slice(0, at), en: message.slice(at + 3) } : { vi: 'Giá trị không hợp lệ', en: 'Invalid value' };
}

/** Zod issues as field errors: an unknown key is named as the field at fault. */
export function ruleFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((i): FieldError[] => {
    const path = i.path.map(String).join('.');
    if (i.code === 'unrecognized_keys')
      return i.keys.map((k) => ({ path: path ? `${path}.${k}` : k, message: { vi: `Không có quy định "${k}"`, en: `There is no rule "${k}"` } }));
    return [{ path: path || 'rules', message: bilingual(i.message) }];
  });
}

/** Validates overrides (400 with each field at fault), without the rules that span fields (see consistencyProblems). */
export function parseRuleOverrides(input: unknown): DossierRuleOverrides {
  const r = dossierRuleOverridesSchema.safeParse(input);
  if (!r.success) throw new AppError('invalid', 'validation_failed', INVALID, ruleFieldErrors(r.error.issues));
  // A rule left out is absent, never undefined: spreading it over the defaults must not erase one.
  return Object.fromEntries(Object.entries(r.data).filter(([, v]) => v !== undefined));
}

/** Rules that hold between fields of the rules in force. */
export function consistencyProblems(rules: DossierRules): FieldError[] {
  const out: FieldError[] = [];
  if (rules.apologyDeadline === 'working_days_before_due' && rules.apologyWarningWorkingDays < rules.apologyLeadWorkingDays)
    out.push({
      path: 'apologyWarningWorkingDays',
      message: {
        vi: `Cảnh báo xin lỗi phải bắt đầu không muộn hơn hạn xin lỗi: ít nhất ${rules.apologyLeadWorkingDays} ngày làm việc trước ngày hẹn trả (apologyLeadWorkingDays)`,
        en: `The apology warning must start no later than the apology deadline: at least ${rules.apologyLeadWorkingDays} working days before the due (apologyLeadWorkingDays)`,
      },
    });
  return out;
}

export const withDefaults = (overrides: DossierRuleOverrides): DossierRules => ({ ...DEFAULT_RULES, ...overrides });

/**
 * The stored overrides (the text of app_settings 'dossier_rules'; none: no overrides). Only setDossierRules writes
 * them, validated; an unreadable value stops what needs the rules (503) rather than silently applying others.
 */
export function overridesFromStored(value: string | null | undefined): DossierRuleOverrides {
  if (value === null || value === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    json = undefined;
  }
  const r = dossierRuleOverridesSchema.safeParse(json);
  if (!r.success)
    throw new AppError('unavailable', 'dossier_rules_unreadable', {
      vi: 'Cấu hình quy định hồ sơ của tỉnh không đọc được; quản trị viên cấp tỉnh cần lưu lại quy định',
      en: "The province's stored dossier rules cannot be read; a province administrator must save the rules again",
    });
  return Object.fromEntries(Object.entries(r.data).filter(([, v]) => v !== undefined));
}

/** The rules in force from the stored value (receptions read it together with what else they need). */
export const rulesFromStored = (value: string | null | undefined): DossierRules => withDefaults(overridesFromStored(value));

/** The rules a dossier received now pins: DEFAULT_RULES with the province's overrides. */
export async function rulesInForce(ctx: AppContext): Promise<DossierRules> {
  return rulesFromStored(await getSetting(ctx.db, DOSSIER_RULES_KEY));
}

// ---------------------------------------------------------------------------------------------------------------
// Use cases

export interface DossierRulesView {
  /** What a dossier received now pins. */
  rules: DossierRules;
  /** What the province set; every other rule takes its default. */
  overrides: DossierRuleOverrides;
  defaults: DossierRules;
  /** May the actor change them (a province-level administrator)? */
  canEdit: boolean;
}

/** Staff read the rules in force (they explain the windows and warnings they see). */
export async function getDossierRules(ctx: AppContext, actor: Actor): Promise<DossierRulesView> {
  if (actor.kind !== 'system') requireStaff(actor);
  const overrides = overridesFromStored(await getSetting(ctx.db, DOSSIER_RULES_KEY));
  return { rules: withDefaults(overrides), overrides, defaults: DEFAULT_RULES, canEdit: await isProvinceWide(ctx.db, actor, ['admin']) };
}

/**
 * Replaces the province's overrides with `input` (a rule left out goes back to its default). Only a province-level
 * administrator (an admin membership on a root unit). Refusals (400 with the field at fault, 422 for rules that
 * contradict each other, 403) write nothing. Dossiers already received keep the rules they pinned.
 */
export async function setDossierRules(ctx: AppContext, actor: Actor, input: unknown): Promise<DossierRulesView> {
  if (actor.kind !== 'system') requireStaff(actor);
  if (!(await isProvinceWide(ctx.db, actor, ['admin'])))
    throw forbidden({
      vi: 'Chỉ quản trị viên cấp tỉnh được thay đổi quy định hồ sơ',
      en: 'Only a province-level administrator may change the dossier rules',
    });
  const overrides = parseRuleOverrides(input);
  const rules = withDefaults(overrides);
  const problems = consistencyProblems(rules);
  if (problems.length > 0)
    throw new AppError('unprocessable', 'dossier_rules_inconsistent', { vi: 'Các quy định mâu thuẫn nhau', en: 'The rules contradict each other' }, problems);
  await inTransaction(ctx, async (trx, now) => {
    const stored = await getSettingForUpdate(trx, DOSSIER_RULES_KEY);
    // An unreadable old value is replaced (and kept in the audit entry as it was).
    let before: unknown;
    try {
      before = overridesFromStored(stored);
    } catch {
      before = { unreadable: stored };
    }
    await putSetting(trx, DOSSIER_RULES_KEY, JSON.stringify(overrides));
    await appendAudit(trx, actor, now, {
      action: 'settings.dossier_rules_update',
      targetType: 'app_settings',
      targetId: DOSSIER_RULES_KEY,
      details: { before, after: overrides },
    });
  });
  return { rules, overrides, defaults: DEFAULT_RULES, canEdit: true };
}

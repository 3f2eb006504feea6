// The schema of the province's dossier rules (src/app/dossier-rules.ts): what is stored is a partial override of
// DEFAULT_RULES, validated field by field with both languages; rules that contradict each other are named.
import { describe, expect, it } from 'vitest';
import {
  consistencyProblems,
  dossierRulesSchema,
  overridesFromStored,
  parseRuleOverrides,
  rulesFromStored,
  withDefaults,
} from '../../src/app/dossier-rules.js';
import { DEFAULT_RULES } from '../../src/domain/dossier/index.js';
import { AppError } from '../../src/domain/errors.js';

function refusal(input: unknown): AppError {
  try {
    parseRuleOverrides(input);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('dossier rules schema', () => {
  it('accepts the defaults as a whole and any subset as overrides', () => {
    expect(dossierRulesSchema.parse(DEFAULT_RULES)).toEqual(DEFAULT_RULES);
    expect(parseRuleOverrides({})).toEqual({});
    expect(parseRuleOverrides({ supplementWindowWorkingDays: 5, apologyMaxExtension: null })).toEqual({ supplementWindowWorkingDays: 5, apologyMaxExtension: null });
    expect(parseRuleOverrides({ apologyMaxExtension: { amount: 10, unit: 'days', dayEnd: 'closing' } })).toEqual({ apologyMaxExtension: { amount: 10, unit: 'days', dayEnd: 'closing' } });
    expect(parseRuleOverrides({ stopGrounds: [] })).toEqual({ stopGrounds: [] });
  });

  it('takes working days as whole numbers from 0 to 30', () => {
    for (const v of [0, 30]) expect(parseRuleOverrides({ dueSoonWorkingDays: v })).toEqual({ dueSoonWorkingDays: v });
    for (const v of [-1, 31, 1.5, '3', null, Number.NaN]) {
      const e = refusal({ apologyWarningWorkingDays: v });
      expect(e.kind).toBe('invalid');
      expect(e.fields).toEqual([{ path: 'apologyWarningWorkingDays', message: { vi: expect.stringContaining('từ 0 đến 30'), en: expect.stringContaining('from 0 to 30') } }]);
    }
  });

  it('takes only the listed choices', () => {
    expect(refusal({ lateSupplementRequest: 'sometimes' }).fields[0]!.path).toBe('lateSupplementRequest');
    expect(refusal({ apologyDeadline: 'never' }).fields[0]!.path).toBe('apologyDeadline');
    expect(refusal({ refusalAfterExaminationStatus: 10 }).fields[0]!.path).toBe('refusalAfterExaminationStatus');
    expect(refusal({ supplementBeforeReceptionStatus: 2 }).fields[0]!.path).toBe('supplementBeforeReceptionStatus');
    expect(parseRuleOverrides({ refusalAfterExaminationStatus: 4, supplementBeforeReceptionStatus: 1 })).toEqual({ refusalAfterExaminationStatus: 4, supplementBeforeReceptionStatus: 1 });
  });

  it('checks a limit as the catalogue does', () => {
    expect(refusal({ apologyMaxExtension: { amount: 0, unit: 'working_days' } }).fields[0]!.path).toBe('apologyMaxExtension.amount');
    expect(refusal({ apologyMaxExtension: { amount: 2, unit: 'weeks' } }).fields[0]!.path).toBe('apologyMaxExtension.unit');
    expect(refusal({ apologyMaxExtension: { amount: 2, unit: 'same_day' } }).fields[0]!.path).toBe('apologyMaxExtension.amount');
    expect(refusal({ apologyMaxExtension: { amount: 2, unit: 'working_days', dayEnd: 'closing' } }).fields[0]!.path).toBe('apologyMaxExtension.dayEnd');
    expect(refusal({ apologyMaxExtension: { amount: 2, unit: 'days', extra: 1 } }).fields[0]!.path).toBe('apologyMaxExtension.extra');
  });

  it('checks stop grounds: code form, reserved and repeated codes, bilingual labels', () => {
    const label = { vi: 'Có tranh chấp', en: 'A dispute' };
    expect(refusal({ stopGrounds: [{ code: 'Dispute', label }] }).fields[0]!.path).toBe('stopGrounds.0.code');
    expect(refusal({ stopGrounds: [{ code: 'x', label }] }).fields[0]!.path).toBe('stopGrounds.0.code');
    expect(refusal({ stopGrounds: [{ code: 'applicant_withdrawal', label }] }).fields[0]!.message.en).toMatch(/reserved/);
    expect(refusal({ stopGrounds: [{ code: 'dispute', label }, { code: 'dispute', label }] }).fields[0]!.path).toBe('stopGrounds.1.code');
    expect(refusal({ stopGrounds: [{ code: 'dispute', label: { vi: '  ', en: 'A dispute' } }] }).fields[0]!.path).toBe('stopGrounds.0.label.vi');
    expect(refusal({ stopGrounds: [{ code: 'dispute', label: { vi: 'Có' } }] }).fields[0]!.path).toBe('stopGrounds.0.label.en');
    expect(parseRuleOverrides({ stopGrounds: [{ code: 'dispute', label: { vi: ' Có tranh chấp ', en: 'A dispute' } }] })).toEqual({ stopGrounds: [{ code: 'dispute', label }] });
  });

  it('names unknown rules and refuses what is not an object', () => {
    expect(refusal({ supplementWindow: 3 }).fields).toEqual([{ path: 'supplementWindow', message: { vi: 'Không có quy định "supplementWindow"', en: 'There is no rule "supplementWindow"' } }]);
    for (const v of [null, [], 'x', 3]) expect(refusal(v).fields[0]!.path).toBe('rules');
  });

  it('refuses an apology warning that would start after the apology deadline', () => {
    expect(consistencyProblems(DEFAULT_RULES)).toEqual([]);
    expect(consistencyProblems(withDefaults({ apologyLeadWorkingDays: 3, apologyWarningWorkingDays: 2 })).map((p) => p.path)).toEqual(['apologyWarningWorkingDays']);
    expect(consistencyProblems(withDefaults({ apologyDeadline: 'before_due', apologyLeadWorkingDays: 3, apologyWarningWorkingDays: 0 }))).toEqual([]);
  });

  it('reads the stored value over the defaults, and refuses to guess at an unreadable one', () => {
    expect(rulesFromStored(undefined)).toEqual(DEFAULT_RULES);
    expect(rulesFromStored('{"supplementWindowWorkingDays":5}')).toEqual({ ...DEFAULT_RULES, supplementWindowWorkingDays: 5 });
    expect(overridesFromStored('{}')).toEqual({});
    for (const bad of ['{', '{"supplementWindowWorkingDays":99}', 'null']) expect(() => overridesFromStored(bad)).toThrow(/cannot be read/);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareLimits,
  completeness,
  formatLimit,
  limitInWorkingMinutes,
  normaliseSearchText,
  readProcedure,
  tidyText,
  validateProcedure,
  type ProcedureBody,
  type TimeLimit,
  type UnitLookup,
} from '../../../src/domain/catalogue/index.js';

const units: UnitLookup = (code) =>
  ({
    '000.00.43.H99': { code, name: 'Xã An Phú', active: true, roles: new Set(['desk', 'specialist', 'leader']) },
    '000.00.50.H99': { code, name: 'Xã đã sáp nhập', active: false, roles: new Set<string>() },
  })[code];

const good = (): Record<string, unknown> => ({
  code: '1.001193',
  name: '  Đăng ký   khai sinh ',
  field: 'Hộ tịch',
  level: 'commune',
  competentUnits: ['00.43.H99'],
  applicants: ['Công dân Việt Nam'],
  steps: ['Bước 1'],
  channels: { counter: { timeLimit: { amount: 1, unit: 'same_day' }, fees: [{ name: 'Lệ phí', amountVnd: 0 }] } },
  documents: [{ name: 'Tờ khai', originals: 1 }],
  publication: { number: '1/QĐ-UBND', date: '2025-07-01', effectiveDate: '2025-07-01' },
});

describe('search text', () => {
  it('drops diacritics, case and punctuation the same way for names and queries', () => {
    expect(normaliseSearchText('Đăng ký khai sinh')).toBe('dang ky khai sinh');
    expect(normaliseSearchText('ĐĂNG KÝ  KẾT HÔN')).toBe('dang ky ket hon');
    expect(normaliseSearchText('Thay đổi, cải chính – bổ sung (hộ tịch)')).toBe('thay doi cai chinh bo sung ho tich');
    expect(normaliseSearchText('Đăng ký khai sinh'.normalize('NFD'))).toBe('dang ky khai sinh');
    expect(normaliseSearchText('1.001193')).toBe('1 001193');
    expect(normaliseSearchText('  ')).toBe('');
  });
  it('is idempotent and only ever yields lower-case ASCII words', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'aăâđeêioôơuưyAĂÂĐEÊIOÔƠUƯY àáảãạ́̀,.- 019'.split('')) }), (s) => {
        const n = normaliseSearchText(s);
        expect(n).toMatch(/^([a-z0-9]+( [a-z0-9]+)*)?$/);
        expect(normaliseSearchText(n)).toBe(n);
      }),
    );
  });
  it('tidies display text without touching letters', () => {
    expect(tidyText(' Đăng\u00a0ký \t khai sinh ')).toBe('Đăng ký khai sinh');
  });
});

describe('reading a procedure', () => {
  it('keeps a procedure’s "closing time" end for limits in days, and refuses it on other units', () => {
    const read = (timeLimit: unknown) => readProcedure({ ...good(), channels: { counter: { timeLimit, fees: [] } } });
    const closing = read({ amount: 15, unit: 'days', dayEnd: 'closing' });
    expect(closing.problems).toEqual([]);
    expect(closing.body.channels.counter!.timeLimit).toEqual({ amount: 15, unit: 'days', dayEnd: 'closing' });
    expect(read({ amount: 15, unit: 'days' }).body.channels.counter!.timeLimit).toEqual({ amount: 15, unit: 'days' });
    expect(read({ amount: 3, unit: 'working_days', dayEnd: 'closing' }).problems.map((p) => p.path)).toEqual(['channels.counter.timeLimit.dayEnd']);
    expect(read({ amount: 3, unit: 'days', dayEnd: 'noon' }).problems.map((p) => p.path)).toEqual(['channels.counter.timeLimit.dayEnd']);
  });

  it('produces the canonical shape: every key, in order, trimmed, codes in full form', () => {
    const { body, problems } = readProcedure(good());
    expect(problems).toEqual([]);
    expect(Object.keys(body)).toEqual([
      'code',
      'name',
      'field',
      'level',
      'competentUnits',
      'receivingUnit',
      'agencyText',
      'applicants',
      'steps',
      'channels',
      'documents',
      'results',
      'onlineLevel',
      'onlinePartialReason',
      'onlinePartialLegalBasis',
      'legalBasis',
      'nationalDecision',
      'publication',
      'source',
    ]);
    expect(body.name).toBe('Đăng ký khai sinh');
    expect(body.competentUnits).toEqual(['000.00.43.H99']);
    expect(body.channels).toEqual({
      counter: { timeLimit: { amount: 1, unit: 'same_day' }, reducedTimeLimit: null, timeNote: null, fees: [{ name: 'Lệ phí', amountVnd: 0, collectedAt: 'unspecified', note: null }] },
      online: null,
      postal: null,
    });
    expect(body.documents).toEqual([{ name: 'Tờ khai', originals: 1, copies: 0, templateFile: null, reusable: false, group: null }]);
    expect(readProcedure(body).body).toEqual(body);
  });

  it('reports every shape problem at once, with its path, in both languages', () => {
    const { problems } = readProcedure({
      code: 1193,
      level: 'district',
      competentUnits: ['H99'],
      channels: { counter: { timeLimit: { amount: 0, unit: 'weeks' }, fees: [{ name: '', amountVnd: 1.5 }] }, fax: {} },
      documents: [{ name: 'Tờ khai', originals: -1, templateFile: 'forms/a.docx' }],
      extra: true,
    });
    expect(problems.map((p) => p.path)).toEqual([
      'extra',
      'code',
      'name',
      'level',
      'competentUnits[0]',
      'channels.fax',
      'channels.counter.timeLimit.unit',
      'channels.counter.timeLimit.amount',
      'channels.counter.fees[0].amountVnd',
      'channels.counter.fees[0].name',
      'documents[0].templateFile',
      'documents[0].originals',
    ]);
    expect(problems.find((p) => p.path === 'level')!.message).toEqual({
      vi: 'Cấp thực hiện: phải là một trong: province, commune, both, inter_agency',
      en: 'Level: must be one of: province, commune, both, inter_agency',
    });
    expect(problems.find((p) => p.path === 'channels.counter.fees[0].amountVnd')!.message).toEqual({ vi: 'Mức phí, lệ phí (đồng): phải là số nguyên', en: 'Fee amount (VND): must be a whole number' });
  });
});

describe('validating a procedure', () => {
  const body = (patch: Partial<ProcedureBody> = {}): ProcedureBody => ({ ...readProcedure(good()).body, ...patch });

  it('accepts a complete procedure for publication', () => {
    expect(validateProcedure(body(), { units, forPublication: true })).toEqual({ errors: [], warnings: [] });
  });

  it('accepts every national code shape (1., 2. and 3.xxxxxx) and refuses a malformed one, with the exact reason', () => {
    for (const code of ['1.001193', '2.000815', '3.000323']) expect(validateProcedure(body({ code })).errors).toEqual([]);
    expect(validateProcedure(body({ code: '3.00032' })).errors).toEqual([
      {
        path: 'code',
        message: {
          vi: 'Mã thủ tục: "3.00032" không đúng dạng mã thủ tục quốc gia (một chữ số, dấu chấm và sáu chữ số, ví dụ 1.001193)',
          en: 'Procedure code: "3.00032" is not a national procedure code (a digit, a dot and six digits, e.g. 1.001193)',
        },
      },
    ]);
    for (const code of ['1.00119', '1.0011933', '12.001193', '1-001193', ' 1.001193']) expect(validateProcedure(body({ code })).errors.map((e) => e.path)).toEqual(['code']);
  });

  it('refuses unknown and inactive units, and duplicates', () => {
    const v = validateProcedure(body({ competentUnits: ['000.00.43.H99', '000.00.43.H99', '000.00.50.H99', '000.00.77.H99'], receivingUnit: '000.00.78.H99' }), { units });
    expect(v.errors.map((e) => `${e.path}: ${e.message.en}`)).toEqual([
      'competentUnits[1]: Agency code of a competent unit: 000.00.43.H99 is listed twice',
      'competentUnits[2]: Agency code of a competent unit: unit 000.00.50.H99 (Xã đã sáp nhập) is inactive',
      'competentUnits[3]: Agency code of a competent unit: no unit has the code 000.00.77.H99',
      'receivingUnit: Receiving unit: no unit has the code 000.00.78.H99',
    ]);
  });

  it('refuses a reduced limit longer than the legal one, and warns when units cannot be compared', () => {
    const withLimits = (timeLimit: TimeLimit | null, reducedTimeLimit: TimeLimit | null) =>
      body({ channels: { counter: { timeLimit, reducedTimeLimit, timeNote: null, fees: [] }, online: null, postal: null } });
    expect(validateProcedure(withLimits({ amount: 3, unit: 'working_days' }, { amount: 25, unit: 'working_hours' })).errors).toEqual([
      {
        path: 'channels.counter.reducedTimeLimit',
        message: { vi: 'Thời hạn giải quyết đã cắt giảm: 25 giờ làm việc dài hơn thời hạn luật định 3 ngày làm việc', en: 'Reduced time limit: 25 working hours is longer than the legal limit of 3 working days' },
      },
    ]);
    expect(validateProcedure(withLimits({ amount: 3, unit: 'working_days' }, { amount: 24, unit: 'working_hours' })).errors).toEqual([]);
    const v = validateProcedure(withLimits({ amount: 20, unit: 'days' }, { amount: 12, unit: 'working_days' }));
    expect(v.errors).toEqual([]);
    expect(v.warnings.map((w) => w.message.en)).toEqual(['Reduced time limit: 12 working days cannot be compared with 20 days without a calendar; check it by hand']);
    expect(validateProcedure(withLimits(null, { amount: 1, unit: 'working_days' })).errors.map((e) => e.path)).toEqual(['channels.counter.reducedTimeLimit']);
  });

  it('publishing needs a decision, a time limit on every channel, applicants, an agency, and reasons for a partial online service', () => {
    const v = validateProcedure(
      body({
        publication: null,
        applicants: [],
        competentUnits: [],
        channels: { counter: null, online: { timeLimit: null, reducedTimeLimit: null, timeNote: null, fees: [] }, postal: null },
        onlineLevel: 'partial',
        steps: [],
        documents: [],
      }),
      { forPublication: true },
    );
    expect(v.errors.map((e) => e.path)).toEqual(['publication', 'applicants', 'channels.online.timeLimit', 'competentUnits', 'onlinePartialReason', 'onlinePartialLegalBasis']);
    expect(v.warnings.map((w) => w.path)).toEqual(['steps', 'documents']);
    // The same body is a valid draft.
    expect(validateProcedure(body({ publication: null, applicants: [], competentUnits: [], onlineLevel: null })).errors).toEqual([]);
  });

  it('an online level needs the online channel', () => {
    expect(validateProcedure(body({ onlineLevel: 'full' })).errors.map((e) => e.message.en)).toEqual(['Online service level: an online level is set but the online channel is not offered']);
  });
});

describe('completeness (Decision 766, indicator 1.3)', () => {
  it('lists exactly the missing parts', () => {
    const b = readProcedure({ code: '1.001193', name: 'Đăng ký khai sinh', level: 'commune', channels: { counter: {} } }).body;
    expect(completeness(b).missing.map((m) => m.part)).toEqual(['steps', 'documents', 'time', 'applicants', 'agency']);
    expect(completeness(b).missing[0]!.label).toEqual({ vi: 'Trình tự thực hiện', en: 'Steps' });
    expect(completeness(readProcedure(good()).body)).toEqual({ complete: true, missing: [] });
    const noChannels = readProcedure({ ...good(), channels: null }).body;
    expect(completeness(noChannels).missing.map((m) => m.part)).toEqual(['method', 'time']);
    const described = readProcedure({ ...good(), competentUnits: [], agencyText: 'Ủy ban nhân dân cấp xã' }).body;
    expect(completeness(described).complete).toBe(true);
  });
});

describe('time limits without a calendar', () => {
  it('converts working units exactly and bounds calendar units', () => {
    expect(limitInWorkingMinutes({ amount: 3, unit: 'working_days' })).toEqual({ exact: 1440, max: 1440, typical: 1440 });
    expect(limitInWorkingMinutes({ amount: 0.5, unit: 'working_days' })).toEqual({ exact: 240, max: 240, typical: 240 });
    expect(limitInWorkingMinutes({ amount: 6, unit: 'working_hours' })).toEqual({ exact: 360, max: 360, typical: 360 });
    expect(limitInWorkingMinutes({ amount: 1, unit: 'same_day' })).toEqual({ exact: 480, max: 480, typical: 480 });
    expect(limitInWorkingMinutes({ amount: 2, unit: 'hours' })).toEqual({ exact: null, max: 120, typical: 120 });
    expect(limitInWorkingMinutes({ amount: 20, unit: 'days' })).toEqual({ exact: null, max: 9600, typical: 6720 });
    expect(limitInWorkingMinutes({ amount: 1, unit: 'days' })).toEqual({ exact: null, max: 480, typical: 480 });
    expect(limitInWorkingMinutes({ amount: 2, unit: 'months' })).toEqual({ exact: null, max: 29760, typical: 19200 });
  });

  it('compares like a comparator, and only when the answer does not depend on a calendar', () => {
    const limit = fc.record({ amount: fc.integer({ min: 1, max: 60 }), unit: fc.constantFrom('hours', 'working_hours', 'working_days', 'days', 'months', 'same_day') as fc.Arbitrary<TimeLimit['unit']> });
    fc.assert(
      fc.property(limit, limit, (a, b) => {
        const ab = compareLimits(a, b);
        const ba = compareLimits(b, a);
        if (ab === null) expect(ba).toBeNull();
        else expect(ba).toBe(ab === 0 ? 0 : -ab);
        const ma = limitInWorkingMinutes(a);
        const mb = limitInWorkingMinutes(b);
        if (ma.exact !== null && mb.exact !== null) expect(ab).toBe(Math.sign(ma.exact - mb.exact));
      }),
    );
    expect(compareLimits({ amount: 1, unit: 'same_day' }, { amount: 1, unit: 'working_days' })).toBe(0);
    expect(compareLimits({ amount: 30, unit: 'days' }, { amount: 2, unit: 'working_days' })).toBeNull();
    expect(compareLimits({ amount: 2, unit: 'hours' }, { amount: 1, unit: 'working_days' })).toBe(-1);
    expect(compareLimits({ amount: 30, unit: 'hours' }, { amount: 2, unit: 'working_days' })).toBeNull();
    expect(compareLimits({ amount: 1, unit: 'days' }, { amount: 2, unit: 'working_days' })).toBe(-1);
  });

  it('formats limits in both languages', () => {
    expect(formatLimit({ amount: 1, unit: 'working_days' })).toEqual({ vi: '1 ngày làm việc', en: '1 working day' });
    expect(formatLimit({ amount: 0.5, unit: 'working_days' })).toEqual({ vi: '0,5 ngày làm việc', en: '0.5 working days' });
    expect(formatLimit({ amount: 1, unit: 'same_day' })).toEqual({ vi: 'Trong ngày', en: 'Same day' });
  });
});

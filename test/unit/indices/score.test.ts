// The Decision 766 methodology as shipped (config/indices/766-2023.json) against /work/shared/domain/indices.md:
// each indicator's maximum, cap, zero-denominator rule and boundaries, and the portal's worked examples.
import { describe, expect, it } from 'vitest';
import { loadMethodologies } from '../../../src/app/indices.js';
import { AppError } from '../../../src/domain/errors.js';
import { indicatorsOf, score766, type Counts, type Methodology } from '../../../src/domain/indices/index.js';

const m: Methodology = loadMethodologies().find((x) => x.id === '766-2023')!;

type Zero = 'zero' | 'full';
/** indices.md's table, written out independently of the JSON so that a typo in either shows. */
const SPEC: Array<{ code: string; group: string; max: number; cap: number | null; zero: Zero }> = [
  { code: '1.1', group: 'transparency', max: 6, cap: null, zero: 'zero' },
  { code: '1.2', group: 'transparency', max: 4, cap: null, zero: 'zero' },
  { code: '1.3', group: 'transparency', max: 2, cap: null, zero: 'zero' },
  { code: '1.4', group: 'transparency', max: 6, cap: null, zero: 'zero' },
  { code: '2.1', group: 'progress', max: 20, cap: null, zero: 'zero' },
  { code: '3.1', group: 'online', max: 2, cap: 0.8, zero: 'zero' },
  { code: '3.2', group: 'online', max: 4, cap: null, zero: 'zero' },
  { code: '3.3', group: 'online', max: 6, cap: 0.5, zero: 'zero' },
  { code: '3.6', group: 'payment', max: 6, cap: null, zero: 'zero' },
  { code: '3.5b', group: 'payment', max: 2, cap: 0.8, zero: 'zero' },
  { code: '3.5', group: 'payment', max: 2, cap: 0.8, zero: 'zero' },
  { code: '4.1', group: 'digitisation', max: 6, cap: null, zero: 'zero' },
  { code: '4.2', group: 'digitisation', max: 4, cap: null, zero: 'zero' },
  { code: '4.3', group: 'digitisation', max: 2, cap: 0.8, zero: 'zero' },
  { code: '4.4', group: 'digitisation', max: 4, cap: null, zero: 'zero' },
  { code: '4.5a', group: 'digitisation', max: 2, cap: null, zero: 'zero' },
  { code: '4.5b', group: 'digitisation', max: 2, cap: null, zero: 'zero' },
  { code: '4.6', group: 'digitisation', max: 2, cap: null, zero: 'zero' },
  { code: '5.1', group: 'satisfaction', max: 0, cap: null, zero: 'zero' },
  { code: '5.2', group: 'satisfaction', max: 6, cap: null, zero: 'full' },
  { code: '5.3', group: 'satisfaction', max: 6, cap: null, zero: 'full' },
  { code: '5.4', group: 'satisfaction', max: 6, cap: 0.9, zero: 'zero' },
];

const one = (code: string, c: Counts) => score766(m, { [code]: c }).indicators[code]!;
const pointsOf = (code: string, numerator: number, denominator: number) => one(code, { numerator, denominator }).points;

describe('the 766-2023 methodology file', () => {
  it('has exactly the indicators of indices.md, each in its group with its maximum, rule and zero-denominator rule', () => {
    const got = indicatorsOf(m).map((i) => ({
      code: i.code,
      group: i.group,
      max: i.max,
      cap: i.rule.kind === 'cap' ? i.rule.threshold : null,
      zero: i.zeroDenominator,
    }));
    expect(got).toEqual(SPEC);
  });

  it('gives the six groups their maxima (18, 20, 12, 10, 22, 18) and 100 in all', () => {
    expect(Object.fromEntries(m.groups.map((g) => [g.id, g.max]))).toEqual({
      transparency: 18,
      progress: 20,
      online: 12,
      payment: 10,
      digitisation: 22,
      satisfaction: 18,
    });
    expect(score766(m, {}).max).toBe(100);
  });

  it('marks as unconfirmed what indices.md does not give: zero-denominator rules other than 5.x, and 4.6 entirely', () => {
    const unconfirmed = indicatorsOf(m).filter((i) => !i.confirmed.zeroDenominator).map((i) => i.code);
    expect(unconfirmed).not.toContain('5.2');
    expect(unconfirmed).not.toContain('5.4');
    expect(unconfirmed).toContain('2.1');
    expect(indicatorsOf(m).filter((i) => !i.confirmed.rule).map((i) => i.code)).toEqual(['4.6']);
  });

  it('has names in Vietnamese and English for every group and indicator', () => {
    for (const g of m.groups) {
      expect(g.name.vi).not.toBe(g.name.en);
      for (const i of g.indicators) expect(i.name.vi).not.toBe(i.name.en);
    }
  });
});

describe('worked examples from the portal (indices.md)', () => {
  it('2.1: 653 of 654 dossiers on time ⇒ 19.97', () => {
    expect(one('2.1', { numerator: 653, denominator: 654 })).toEqual({ group: 'progress', points: 19.97, max: 20, ratio: 0.9985, basis: 'counts' });
  });

  it('5.2: feedback handled on time 234 of 286 ⇒ 4.91', () => {
    expect(pointsOf('5.2', 234, 286)).toBe(4.91);
  });
});

describe.each(SPEC.filter((s) => s.max > 0))('indicator $code (max $max, cap $cap, 0 ÷ 0 ⇒ $zero)', ({ code, max, cap, zero }) => {
  it('gives full points for all, none for none', () => {
    expect(pointsOf(code, 37, 37)).toBe(max);
    expect(pointsOf(code, 0, 37)).toBe(0);
  });

  it(`gives ${zero === 'full' ? 'full points' : 'no points'} for 0 ÷ 0, without a ratio`, () => {
    const s = one(code, { numerator: 0, denominator: 0 });
    expect(s.points).toBe(zero === 'full' ? max : 0);
    expect(s.basis).toBe('zero_denominator');
    expect(s).not.toHaveProperty('ratio');
  });

  if (cap === null) {
    it('is linear: max × r, rounded half up to two decimals', () => {
      expect(pointsOf(code, 1, 2)).toBe(max / 2);
      expect(pointsOf(code, 8, 10)).toBe(Math.round(max * 80) / 100);
      expect(pointsOf(code, 1, 3)).toBe(Math.round((max * 100) / 3) / 100);
      // No hidden cap: one short of all is less than full.
      expect(pointsOf(code, 99, 100)).toBeLessThan(max);
    });
  } else {
    it(`reaches full points at the cap (${cap * 100} %) and stays there`, () => {
      expect(pointsOf(code, cap * 100, 100)).toBe(max);
      expect(pointsOf(code, cap * 100 + 1, 100)).toBe(max);
      expect(pointsOf(code, cap * 1000, 1000)).toBe(max);
    });

    it('is max × r ÷ cap below it', () => {
      const below = cap * 100 - 1;
      expect(pointsOf(code, below, 100)).toBe(Math.round((max * below * 100) / (cap * 100)) / 100);
      expect(pointsOf(code, below, 100)).toBeLessThan(max);
      expect(pointsOf(code, cap * 50, 100)).toBe(max / 2);
    });
  }
});

describe('boundaries and rounding', () => {
  it('rounds half up on the exact fraction, not on the binary float (3.1: 79 % of the 80 % cap is 1.975 ⇒ 1.98)', () => {
    // 2 × 0.79 ÷ 0.8 is 1.9749999… in floating point, which Math.round(x × 100) ÷ 100 would make 1.97.
    expect(pointsOf('3.1', 79, 100)).toBe(1.98);
    expect(pointsOf('1.1', 1, 8)).toBe(0.75);
    expect(pointsOf('2.1', 1, 8000)).toBe(0);
    // 20 ÷ 800 = 0.025 exactly: half up.
    expect(pointsOf('2.1', 1, 800)).toBe(0.03);
  });

  it('4.2 follows the portal: no 80 % cap (the sheet has one)', () => {
    expect(pointsOf('4.2', 8, 10)).toBe(3.2);
  });

  it('3.3: half the dossiers online is full points; 49 % is 5.88', () => {
    expect(pointsOf('3.3', 50, 100)).toBe(6);
    expect(pointsOf('3.3', 49, 100)).toBe(5.88);
  });

  it('5.4: dossiers neither late nor complained about, cap 90 %: 89 % ⇒ 5.93, 90 % ⇒ 6, no dossiers ⇒ 0', () => {
    expect(pointsOf('5.4', 89, 100)).toBe(5.93);
    expect(pointsOf('5.4', 9, 10)).toBe(6);
    expect(pointsOf('5.4', 0, 0)).toBe(0);
  });

  it('5.1 is monitoring only: a ratio, no points, never "missing"', () => {
    expect(one('5.1', { numerator: 3, denominator: 4 })).toMatchObject({ points: 0, max: 0, ratio: 0.75 });
    expect(score766(m, {}).missing).not.toContain('5.1');
  });

  it('handles counts up to the largest safe integer exactly', () => {
    const big = Number.MAX_SAFE_INTEGER;
    expect(pointsOf('2.1', big - 1, big)).toBe(20);
    expect(pointsOf('2.1', Math.floor(big / 2), big)).toBe(10);
  });
});

describe('the whole index', () => {
  const perfect = Object.fromEntries(SPEC.map((s) => [s.code, { numerator: 10, denominator: 10 }]));

  it('is 100 when every indicator is full, with every group at its maximum', () => {
    const r = score766(m, perfect);
    expect(r.total).toBe(100);
    expect(r.complete).toBe(true);
    expect(r.missing).toEqual([]);
    for (const g of Object.values(r.groups)) expect(g.points).toBe(g.max);
    expect(r.methodology).toBe('766-2023');
  });

  it('reports omitted indicators as not measured, adds nothing for them and lists them', () => {
    const r = score766(m, { '2.1': { numerator: 653, denominator: 654 }, '5.2': { numerator: 234, denominator: 286 } });
    expect(r.indicators['1.1']).toEqual({ group: 'transparency', points: null, max: 6, basis: 'missing' });
    expect(r.groups.progress).toEqual({ points: 19.97, max: 20 });
    expect(r.groups.satisfaction).toEqual({ points: 4.91, max: 18 });
    expect(r.groups.transparency).toEqual({ points: 0, max: 18 });
    expect(r.total).toBe(24.88);
    expect(r.measuredMax).toBe(26);
    expect(r.complete).toBe(false);
    expect(r.missing).toHaveLength(SPEC.filter((s) => s.max > 0).length - 2);
    expect(r.missing).toContain('4.6');
    expect(r.band).toBeNull();
  });

  it('a realistic unit: each group is the sum of its indicators, the total the sum of the groups', () => {
    const r = score766(m, {
      '1.1': { numerator: 40, denominator: 42 },
      '1.2': { numerator: 42, denominator: 42 },
      '1.3': { numerator: 150, denominator: 152 },
      '1.4': { numerator: 980, denominator: 1000 },
      '2.1': { numerator: 653, denominator: 654 },
      '3.1': { numerator: 120, denominator: 152 },
      '3.2': { numerator: 60, denominator: 120 },
      '3.3': { numerator: 300, denominator: 1000 },
      '3.6': { numerator: 120, denominator: 400 },
      '3.5b': { numerator: 30, denominator: 50 },
      '3.5': { numerator: 45, denominator: 50 },
      '4.1': { numerator: 500, denominator: 800 },
      '4.2': { numerator: 700, denominator: 1000 },
      '4.3': { numerator: 100, denominator: 1000 },
      '4.4': { numerator: 200, denominator: 1000 },
      '4.5a': { numerator: 400, denominator: 1000 },
      '4.5b': { numerator: 90, denominator: 100 },
      '4.6': { numerator: 0, denominator: 0 },
      '5.2': { numerator: 234, denominator: 286 },
      '5.3': { numerator: 0, denominator: 0 },
      '5.4': { numerator: 950, denominator: 1000 },
    });
    expect(r.indicators['1.1']!.points).toBe(5.71);
    expect(r.indicators['3.1']!.points).toBe(1.97);
    expect(r.indicators['3.3']!.points).toBe(3.6);
    expect(r.indicators['3.5b']!.points).toBe(1.5);
    expect(r.indicators['4.3']!.points).toBe(0.25);
    expect(r.groups.transparency!.points).toBe(17.56); // 5.71 + 4 + 1.97 + 5.88
    expect(r.groups.satisfaction!.points).toBe(16.91); // 4.91 + 6 + 6
    expect(r.total).toBe(Math.round(Object.values(r.groups).reduce((s, g) => s + g.points * 100, 0)) / 100);
    expect(r.complete).toBe(true);
  });
});

describe('bad counts', () => {
  const fields = (indicators: Record<string, unknown>) => {
    try {
      score766(m, indicators);
    } catch (e) {
      if (e instanceof AppError) return { kind: e.kind, fields: e.fields };
      throw e;
    }
    throw new Error('accepted');
  };

  it('names an unknown code at indicators.<code>, in both languages', () => {
    const r = fields({ '9.9': { numerator: 1, denominator: 1 } });
    expect(r.kind).toBe('invalid');
    expect(r.fields).toEqual([
      { path: 'indicators.9.9', message: { vi: 'Không có chỉ số "9.9" trong phương pháp 766-2023', en: 'No indicator "9.9" in methodology 766-2023' } },
    ]);
  });

  it('does not take an inherited property for a code', () => {
    expect(fields({ constructor: { numerator: 1, denominator: 1 }, toString: { numerator: 1, denominator: 1 } }).fields.map((f) => f.path)).toEqual([
      'indicators.constructor',
      'indicators.toString',
    ]);
  });

  it('refuses a numerator above its denominator at indicators.<code>.numerator', () => {
    expect(fields({ '3.1': { numerator: 5, denominator: 4 } }).fields).toEqual([
      { path: 'indicators.3.1.numerator', message: { vi: 'Tử số không được lớn hơn mẫu số', en: 'The numerator must not exceed the denominator' } },
    ]);
  });

  it('refuses negative, fractional, non-finite and unsafe counts, each at its own path', () => {
    const r = fields({
      '1.1': { numerator: -1, denominator: 3 },
      '1.2': { numerator: 1, denominator: 2.5 },
      '1.3': { numerator: Number.POSITIVE_INFINITY, denominator: 1 },
      '1.4': { numerator: 1, denominator: 2 ** 60 },
      '2.1': { numerator: '1', denominator: 2 },
    });
    expect(r.fields.map((f) => f.path)).toEqual([
      'indicators.1.1.numerator',
      'indicators.1.2.denominator',
      'indicators.1.3.numerator',
      'indicators.1.4.denominator',
      'indicators.2.1.numerator',
    ]);
    expect(r.fields[0]!.message).toEqual({ vi: 'Không được âm', en: 'Must not be negative' });
    expect(r.fields[1]!.message).toEqual({ vi: 'Phải là số nguyên', en: 'Must be a whole number' });
    for (const f of r.fields) expect(f.message.vi).not.toBe(f.message.en);
  });
});

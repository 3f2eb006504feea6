// Properties of the scoring engine over random counts and random methodologies (maxima, caps, zero-denominator rules),
// so that they hold for next year's file too, not only for the one shipped.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadMethodologies } from '../../../src/app/indices.js';
import { AppError } from '../../../src/domain/errors.js';
import { parseMethodology, score766, scaledPoints, type Counts, type Methodology } from '../../../src/domain/indices/index.js';

const shipped = loadMethodologies();

const countsArb = (maxDen = 1_000_000): fc.Arbitrary<Counts> =>
  fc.integer({ min: 0, max: maxDen }).chain((denominator) => fc.integer({ min: 0, max: denominator }).map((numerator) => ({ numerator, denominator })));

const ruleArb = fc.oneof(
  fc.constant({ kind: 'ratio' as const }),
  fc.integer({ min: 1, max: 10_000 }).map((t) => ({ kind: 'cap' as const, threshold: t / 10_000 })),
);
/** An indicator whose maximum has at most `decimals` decimals (the schema asks that full points be showable). */
const indicatorArbAt = (decimals: number) =>
  fc.record({
    max: fc.integer({ min: 0, max: 50 * 10 ** Math.min(decimals, 2) }).map((h) => h / 10 ** Math.min(decimals, 2)),
    rule: ruleArb,
    zeroDenominator: fc.constantFrom('zero' as const, 'full' as const, 'unmeasured' as const),
  });
const indicatorArb = fc.record({
  max: fc.integer({ min: 0, max: 5000 }).map((h) => h / 100),
  rule: ruleArb,
  zeroDenominator: fc.constantFrom('zero' as const, 'full' as const, 'unmeasured' as const),
});

/** A random but valid methodology: 1–4 groups of 1–5 indicators. */
const methodologyArb: fc.Arbitrary<Methodology> = fc
  .integer({ min: 0, max: 4 })
  .chain((decimals) => fc.record({ decimals: fc.constant(decimals), groups: fc.array(fc.array(indicatorArbAt(decimals), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }) }))
  .map(({ decimals, groups }) =>
    parseMethodology({
      id: 'random',
      decision: 'test',
      name: { vi: 'Ngẫu nhiên', en: 'Random' },
      validFrom: '2030-01-01',
      validTo: null,
      decimals,
      bands: [],
      groups: groups.map((inds, gi) => ({
        id: `g${gi}`,
        name: { vi: `Nhóm ${gi}`, en: `Group ${gi}` },
        max: inds.reduce((s, i) => s + Math.round(i.max * 100), 0) / 100,
        indicators: inds.map((i, ii) => ({
          code: `${gi + 1}.${ii + 1}`,
          name: { vi: 'Chỉ số', en: 'Indicator' },
          ...i,
          numerator: { vi: 'tử', en: 'numerator' },
          denominator: { vi: 'mẫu', en: 'denominator' },
          source: 'test',
          confirmed: { rule: true, zeroDenominator: true },
        })),
      })),
    }),
  );

/** A methodology with counts for a random subset of its indicators. */
const requestArb = fc.oneof(fc.constantFrom(...shipped), methodologyArb).chain((m) => {
  const codes = m.groups.flatMap((g) => g.indicators.map((i) => i.code));
  return fc
    .tuple(fc.subarray(codes), fc.array(countsArb(), { minLength: codes.length, maxLength: codes.length }))
    .map(([picked, counts]) => ({ m, indicators: Object.fromEntries(picked.map((c, k) => [c, counts[k]!])) }));
});

const cents = (x: number) => Math.round(x * 10_000);

describe('scoring properties', () => {
  it('points lie between 0 and the maximum, and have at most the methodology’s decimals', () => {
    fc.assert(
      fc.property(requestArb, ({ m, indicators }) => {
        const r = score766(m, indicators);
        for (const s of Object.values(r.indicators)) {
          if (s.points === null) continue;
          expect(s.points).toBeGreaterThanOrEqual(0);
          expect(s.points).toBeLessThanOrEqual(s.max);
          const scaled = s.points * 10 ** m.decimals;
          expect(Math.abs(scaled - Math.round(scaled))).toBeLessThan(1e-6);
        }
      }),
    );
  });

  it('a group is the sum of its indicators and the total the sum of the groups (exactly, at the shown decimals)', () => {
    fc.assert(
      fc.property(requestArb, ({ m, indicators }) => {
        const r = score766(m, indicators);
        for (const g of m.groups) {
          const sum = g.indicators.reduce((s, i) => s + cents(r.indicators[i.code]!.points ?? 0), 0);
          expect(cents(r.groups[g.id]!.points)).toBe(sum);
          expect(r.groups[g.id]!.points).toBeLessThanOrEqual(r.groups[g.id]!.max);
        }
        expect(cents(r.total)).toBe(Object.values(r.groups).reduce((s, g) => s + cents(g.points), 0));
        expect(r.total).toBeLessThanOrEqual(r.measuredMax + 1e-9);
        expect(r.measuredMax).toBeLessThanOrEqual(r.max + 1e-9);
      }),
    );
  });

  it('is monotone in the numerator', () => {
    fc.assert(
      fc.property(indicatorArb, fc.integer({ min: 2, max: 4 }), countsArb(), fc.nat(), (ind, decimals, c, extra) => {
        const more = { numerator: Math.min(c.denominator, c.numerator + (extra % (c.denominator + 1))), denominator: c.denominator };
        const a = scaledPoints(ind, c, decimals);
        const b = scaledPoints(ind, more, decimals);
        if (a !== null && b !== null) expect(a <= b).toBe(true);
      }),
    );
  });

  it('agrees with the formula on floating point to within half a unit of the last decimal', () => {
    fc.assert(
      fc.property(indicatorArb, fc.integer({ min: 2, max: 4 }), countsArb(), (ind, decimals, c) => {
        fc.pre(c.denominator > 0);
        const r = c.numerator / c.denominator;
        const exact = ind.rule.kind === 'ratio' ? ind.max * r : r >= ind.rule.threshold ? ind.max : (ind.max * r) / ind.rule.threshold;
        const got = Number(scaledPoints(ind, c, decimals)) / 10 ** decimals;
        expect(Math.abs(got - exact)).toBeLessThanOrEqual(0.5 / 10 ** decimals + 1e-9);
      }),
    );
  });

  it('depends only on the ratio: scaling both counts changes nothing', () => {
    fc.assert(
      fc.property(indicatorArb, countsArb(100_000), fc.integer({ min: 1, max: 1000 }), (ind, c, k) => {
        expect(scaledPoints(ind, { numerator: c.numerator * k, denominator: c.denominator * k }, 2)).toBe(scaledPoints(ind, c, 2));
      }),
    );
  });

  it('a full score is the maximum and measuring nothing gives 0 and lists every indicator with points', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...shipped), methodologyArb), fc.integer({ min: 1, max: 1000 }), (m, n) => {
        const all = Object.fromEntries(m.groups.flatMap((g) => g.indicators.map((i) => [i.code, { numerator: n, denominator: n }])));
        const full = score766(m, all);
        expect(full.total).toBe(full.max);
        expect(full.complete).toBe(true);
        const none = score766(m, {});
        expect(none.total).toBe(0);
        expect(none.missing).toEqual(m.groups.flatMap((g) => g.indicators.filter((i) => i.max > 0).map((i) => i.code)));
      }),
    );
  });

  it('refuses every numerator above its denominator, naming the field', () => {
    fc.assert(
      fc.property(fc.constantFrom(...shipped), countsArb(), fc.integer({ min: 1, max: 1000 }), (m, c, over) => {
        const code = m.groups[0]!.indicators[0]!.code;
        try {
          score766(m, { [code]: { numerator: c.denominator + over, denominator: c.denominator } });
          expect.unreachable('accepted');
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect(e instanceof AppError && e.fields.map((f) => f.path)).toEqual([`indicators.${code}.numerator`]);
        }
      }),
    );
  });
});

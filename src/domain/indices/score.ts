// The Decision 766 scoring engine: counts in, points out, by whatever methodology it is given. Arithmetic is done on
// integers (BigInt) and rounded once per indicator, so 653/654 on 2.1 is 19.97 on every machine and a group is exactly
// the sum of its indicators as shown.
import { z } from 'zod';
import { AppError, type Bilingual, type FieldError } from '../errors.js';
import type { Methodology, MethodologyIndicator, ScoringRule } from './methodology.js';

export interface Counts {
  numerator: number;
  denominator: number;
}

/** How an indicator's points came about: from its counts, from its zero-denominator rule, or not at all. */
export type ScoreBasis = 'counts' | 'zero_denominator' | 'missing';

export interface IndicatorScore {
  group: string;
  /** null = not measured: omitted from the request, or 0 ÷ 0 where the methodology says "unmeasured". */
  points: number | null;
  max: number;
  /** numerator ÷ denominator to 4 decimals, for display; absent when the denominator is 0 or the counts are missing. */
  ratio?: number;
  basis: ScoreBasis;
}

export interface GroupScore {
  points: number;
  max: number;
}

export interface ScoreResult {
  methodology: string;
  indicators: Record<string, IndicatorScore>;
  groups: Record<string, GroupScore>;
  total: number;
  max: number;
  /** The most the measured indicators could give: the denominator of a partial score. */
  measuredMax: number;
  /** Indicators that carry points but were not measured; they add nothing to their group or the total. */
  missing: string[];
  complete: boolean;
  /** The methodology's band for the total; only for a complete score. */
  band: Bilingual | null;
}

const both = (vi: string, en: string) => `${vi} | ${en}`;

const count = z
  .number({ error: both('Phải là một số', 'Must be a number') })
  .int(both('Phải là số nguyên', 'Must be a whole number'))
  .min(0, both('Không được âm', 'Must not be negative'))
  .max(Number.MAX_SAFE_INTEGER, both('Số quá lớn', 'Number too large'));

const countsSchema = z.object({ numerator: count, denominator: count }).superRefine((c, ctx) => {
  if (c.numerator > c.denominator)
    ctx.addIssue({ code: 'custom', path: ['numerator'], message: both('Tử số không được lớn hơn mẫu số', 'The numerator must not exceed the denominator') });
});

const split = (message: string): Bilingual => {
  const [vi, en] = message.split(' | ');
  return en === undefined ? { vi: message, en: message } : { vi: vi!, en };
};

/**
 * Checks the request's counts against the methodology: every code known to it, counts whole and not negative, the
 * numerator within its denominator. Paths are `indicators.<code>.<field>`, one per problem.
 */
export function checkCounts(m: Methodology, indicators: Readonly<Record<string, unknown>>): FieldError[] {
  const known = new Set(m.groups.flatMap((g) => g.indicators.map((i) => i.code)));
  const fields: FieldError[] = [];
  for (const code of Object.keys(indicators)) {
    const at = `indicators.${code}`;
    if (!known.has(code)) {
      fields.push({
        path: at,
        message: {
          vi: `Không có chỉ số "${code}" trong phương pháp ${m.id}`,
          en: `No indicator "${code}" in methodology ${m.id}`,
        },
      });
      continue;
    }
    const r = countsSchema.safeParse(indicators[code]);
    if (r.success) continue;
    // One message per field: 2^60 fails both the whole-number and the size check, and saying so twice helps nobody.
    const seen = new Set<string>();
    for (const issue of r.error.issues) {
      const path = [at, ...issue.path.map(String)].join('.');
      if (!seen.has(path)) fields.push({ path, message: split(issue.message) });
      seen.add(path);
    }
  }
  return fields;
}

/** Points × 10^decimals, rounded half up, as an integer; `null` when 0 ÷ 0 is "unmeasured". */
export function scaledPoints(ind: Pick<MethodologyIndicator, 'max' | 'rule' | 'zeroDenominator'>, c: Counts, decimals: number): bigint | null {
  const scale = 10n ** BigInt(decimals);
  // max has at most two decimals (the schema says so): carry it in hundredths.
  const maxH = BigInt(Math.round(ind.max * 100));
  const full = roundHalfUp(maxH * scale, 100n);
  if (c.denominator === 0) {
    if (ind.zeroDenominator === 'unmeasured') return null;
    return ind.zeroDenominator === 'full' ? full : 0n;
  }
  const n = BigInt(c.numerator);
  const d = BigInt(c.denominator);
  return ruleScaled(ind.rule, maxH, n, d, scale, full);
}

function ruleScaled(rule: ScoringRule, maxH: bigint, n: bigint, d: bigint, scale: bigint, full: bigint): bigint {
  switch (rule.kind) {
    case 'ratio':
      return roundHalfUp(maxH * n * scale, 100n * d);
    case 'cap': {
      // The threshold has at most four decimals: carry it in ten-thousandths.
      const t = BigInt(Math.round(rule.threshold * 10_000));
      if (n * 10_000n >= t * d) return full;
      return roundHalfUp(maxH * n * scale * 10_000n, 100n * d * t);
    }
  }
}

function roundHalfUp(num: bigint, den: bigint): bigint {
  return (2n * num + den) / (2n * den);
}

const toNumber = (scaled: bigint, decimals: number) => Number(scaled) / 10 ** decimals;

/**
 * Scores counts by a methodology. Omitted indicators are not measured: they add nothing (indices.md gives no rule
 * for them) and are listed in `missing`. Throws a 400-kind AppError listing every bad count.
 */
export function score766(m: Methodology, indicators: Readonly<Record<string, unknown>>): ScoreResult {
  const fields = checkCounts(m, indicators);
  if (fields.length > 0) throw new AppError('invalid', 'validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, fields);

  const out: Record<string, IndicatorScore> = {};
  const groups: Record<string, GroupScore> = {};
  const missing: string[] = [];
  let total = 0n;
  let measuredMaxH = 0n;
  for (const g of m.groups) {
    let sum = 0n;
    for (const ind of g.indicators) {
      const raw = Object.hasOwn(indicators, ind.code) ? indicators[ind.code] : undefined;
      // checkCounts has accepted every present value.
      const c = raw === undefined ? undefined : countsSchema.parse(raw);
      const scaled = c === undefined ? null : scaledPoints(ind, c, m.decimals);
      const basis: ScoreBasis = c === undefined ? 'missing' : c.denominator === 0 ? 'zero_denominator' : 'counts';
      const entry: IndicatorScore = { group: g.id, points: scaled === null ? null : toNumber(scaled, m.decimals), max: ind.max, basis };
      if (c !== undefined && c.denominator > 0) entry.ratio = Math.round((c.numerator / c.denominator) * 10_000) / 10_000;
      out[ind.code] = entry;
      if (scaled === null) {
        if (ind.max > 0) missing.push(ind.code);
      } else {
        sum += scaled;
        measuredMaxH += BigInt(Math.round(ind.max * 100));
      }
    }
    groups[g.id] = { points: toNumber(sum, m.decimals), max: g.max };
    total += sum;
  }
  const totalPoints = toNumber(total, m.decimals);
  const complete = missing.length === 0;
  return {
    methodology: m.id,
    indicators: out,
    groups,
    total: totalPoints,
    max: m.groups.reduce((s, g) => s + Math.round(g.max * 100), 0) / 100,
    measuredMax: Number(measuredMaxH) / 100,
    missing,
    complete,
    band: complete ? (m.bands.find((b) => totalPoints >= b.min)?.label ?? null) : null,
  };
}

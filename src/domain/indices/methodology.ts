// A Decision 766 methodology is data (config/indices/*.json, docs/indices.md): the portal changes its formulas from
// year to year, and a unit must be able to follow without a release. This module only says what a valid one is.
import { z } from 'zod';

const bilingual = z.object({ vi: z.string().min(1), en: z.string().min(1) }).strict();

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a calendar date');

/** Whether x has at most `places` decimals, so that scoring can stay in integers (no 0.1 + 0.2 drift). */
const hasPlaces = (x: number, places: number) => {
  const scaled = x * 10 ** places;
  return Math.abs(scaled - Math.round(scaled)) < 1e-9;
};

export const INDICATOR_CODE = /^\d{1,2}\.\d{1,2}[a-z]?$/;

const rule = z.discriminatedUnion('kind', [
  /** points = max × r */
  z.object({ kind: z.literal('ratio') }).strict(),
  /** full points from r ≥ threshold, otherwise max × r ÷ threshold */
  z
    .object({
      kind: z.literal('cap'),
      threshold: z.number().gt(0).max(1).refine((t) => hasPlaces(t, 4), 'at most 4 decimals'),
    })
    .strict(),
]);

const indicator = z
  .object({
    code: z.string().regex(INDICATOR_CODE),
    name: bilingual,
    max: z.number().min(0).max(1000).refine((m) => hasPlaces(m, 2), 'at most 2 decimals'),
    rule,
    /** What 0 ÷ 0 gives: no points, full points, or not measured (reported like an omitted indicator). */
    zeroDenominator: z.enum(['zero', 'full', 'unmeasured']),
    numerator: bilingual,
    denominator: bilingual,
    source: z.string().min(1),
    /** Whether the rule and the zero-denominator outcome were confirmed against the portal or are defaults. */
    confirmed: z.object({ rule: z.boolean(), zeroDenominator: z.boolean() }).strict(),
    note: z.string().optional(),
  })
  .strict();

const group = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/),
    name: bilingual,
    max: z.number().min(0),
    indicators: z.array(indicator).min(1),
  })
  .strict();

export const methodologySchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
    decision: z.string().min(1),
    name: bilingual,
    validFrom: isoDate,
    /** Last day of validity, inclusive; null = open-ended. */
    validTo: isoDate.nullable(),
    /** Points are rounded half up to this many decimals per indicator; groups and the total add the rounded points. */
    decimals: z.number().int().min(0).max(4),
    /** Rating bands on the total, highest first; none are official (docs/indices.md), so the default file has none. */
    bands: z.array(z.object({ min: z.number().min(0), label: bilingual }).strict()),
    groups: z.array(group).min(1),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.validTo !== null && m.validTo < m.validFrom) ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'validTo is before validFrom' });
    const codes = new Set<string>();
    const groups = new Set<string>();
    m.groups.forEach((g, gi) => {
      if (groups.has(g.id)) ctx.addIssue({ code: 'custom', path: ['groups', gi, 'id'], message: `group ${g.id} appears twice` });
      groups.add(g.id);
      const sum = g.indicators.reduce((s, i) => s + Math.round(i.max * 100), 0);
      // A group's declared maximum is a checksum of its indicators: a typo in one max shows here, not in a ranking.
      if (sum !== Math.round(g.max * 100))
        ctx.addIssue({ code: 'custom', path: ['groups', gi, 'max'], message: `group ${g.id}: max ${g.max} ≠ sum of its indicators ${sum / 100}` });
      g.indicators.forEach((i, ii) => {
        // Full points must be a value the rounding can show, or a rounded score could exceed its maximum.
        if (!hasPlaces(i.max, m.decimals))
          ctx.addIssue({ code: 'custom', path: ['groups', gi, 'indicators', ii, 'max'], message: `indicator ${i.code}: max has more than ${m.decimals} decimals` });
        if (codes.has(i.code)) ctx.addIssue({ code: 'custom', path: ['groups', gi, 'indicators', ii, 'code'], message: `indicator ${i.code} appears twice` });
        codes.add(i.code);
      });
    });
    m.bands.forEach((b, bi) => {
      const prev = m.bands[bi - 1];
      if (prev && b.min >= prev.min) ctx.addIssue({ code: 'custom', path: ['bands', bi, 'min'], message: 'bands must be listed highest first' });
    });
  });

export type Methodology = z.infer<typeof methodologySchema>;
export type MethodologyGroup = Methodology['groups'][number];
export type MethodologyIndicator = MethodologyGroup['indicators'][number];
export type ScoringRule = MethodologyIndicator['rule'];

export class MethodologyError extends Error {
  override name = 'MethodologyError';
}

/** Validates a methodology read from a file; the message names the file's path to the bad value. */
export function parseMethodology(raw: unknown, source = 'methodology'): Methodology {
  const r = methodologySchema.safeParse(raw);
  if (r.success) return r.data;
  const detail = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new MethodologyError(`${source}: invalid methodology: ${detail}`);
}

/** Several methodologies at once: ids unique, validity periods not overlapping (so "today's" is never ambiguous). */
export function checkMethodologies(list: readonly Methodology[]): Methodology[] {
  const sorted = [...list].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  const ids = new Set<string>();
  sorted.forEach((m, i) => {
    if (ids.has(m.id)) throw new MethodologyError(`methodology ${m.id} is defined twice`);
    ids.add(m.id);
    const prev = sorted[i - 1];
    if (prev && (prev.validTo === null || prev.validTo >= m.validFrom))
      throw new MethodologyError(`methodologies ${prev.id} and ${m.id} are both valid on ${m.validFrom}`);
  });
  return sorted;
}

/** The methodology valid on a date (YYYY-MM-DD); before the first one, none. */
export function methodologyOn(list: readonly Methodology[], date: string): Methodology | undefined {
  return list.find((m) => m.validFrom <= date && (m.validTo === null || date <= m.validTo));
}

/**
 * The methodology for a request that names none: the one valid on the date, else the latest that started before it
 * (a gap between files should not stop the calculator), else the earliest.
 */
export function defaultMethodology(list: readonly Methodology[], date: string): Methodology | undefined {
  return methodologyOn(list, date) ?? [...list].reverse().find((m) => m.validFrom <= date) ?? list[0];
}

export function indicatorsOf(m: Methodology): Array<MethodologyIndicator & { group: string }> {
  return m.groups.flatMap((g) => g.indicators.map((i) => ({ ...i, group: g.id })));
}

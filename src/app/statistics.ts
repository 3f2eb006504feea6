// Statistics per unit and period (issue 12): read from the daily counters the projection's trigger keeps, so a
// figure costs the same at a thousand dossiers as at a million. Who may read: leaders, monitors and administrators,
// for units in their jurisdiction (the unit and everything below it). Lateness is judged against the original
// appointment, as form 07 and the inbox judge it; a stop after the due instant is late (docs/statistics.md).
import { z } from 'zod';
import { addDays, isVnDate, vnDateOf, vnInstant } from '../domain/calendar/index.js';
import { fieldInvalid, forbidden, type Bilingual } from '../domain/errors.js';
import {
  dossiersBehind,
  flowSums,
  flowSumsByUnit,
  liveStock,
  liveStockByUnit,
  rebuildDailyStats,
  STATISTICS_FIGURES,
  stockAt,
  stockAtByUnit,
  rootUnit,
  unitsInTreeOrder,
  ZERO_FLOWS,
  type FlowSums,
  type StatisticsFilter,
  type StockSums,
} from '../store/statistics.js';
import { descendantIds, getUnitByCode } from '../store/units.js';
import { requireStaff, systemActor, type Actor, type SystemActor } from './actor.js';
import { appendAudit } from './audit.js';
import { canActOn } from './authz.js';
import type { AppContext } from './context.js';

/** The roles that read statistics of a unit. */
const READERS = ['leader', 'monitor', 'admin'] as const;
/** A longer period is a report of reports: ask for each year. */
export const MAX_PERIOD_DAYS = 366;
export const STATISTICS_CHANNELS = ['counter', 'online', 'postal'] as const;

export const statisticsQuery = z.object({
  unit: z.string().min(1).max(40),
  from: z.string(),
  to: z.string(),
  subunits: z.boolean().default(false),
  procedure: z.string().min(1).max(40).optional(),
  channel: z.enum(STATISTICS_CHANNELS).optional(),
});
export type StatisticsQuery = z.input<typeof statisticsQuery>;

const figures = z.object({
  received: z.number(),
  receivedByChannel: z.object({ counter: z.number(), online: z.number(), postal: z.number() }),
  carriedOver: z.number(),
  finished: z.object({ early: z.number(), onTime: z.number(), late: z.number() }),
  inProgress: z.object({ withinDue: z.number(), overdue: z.number() }),
  refused: z.number(),
  stopped: z.number(),
  withdrawn: z.number(),
  apologies: z.object({ onTime: z.number(), late: z.number() }),
  lateWithoutApology: z.number(),
  supplementRequests: z.number(),
  multipleSupplementRequests: z.number(),
  /** Finished early or on time ÷ finished (late stops included in the late); null when nothing finished. */
  onTimeRate: z.number().nullable(),
  /** Circular 01 averages of the dossiers that left processing in the period; null when none was scored. */
  indicator1Average: z.number().nullable(),
  indicator2Average: z.number().nullable(),
});
type Figures = z.infer<typeof figures>;

export const statisticsView = figures.extend({
  unit: z.object({ id: z.number(), code: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  subunits: z.boolean(),
  /** The instant the stock figures (in progress) are as of: the end of `to`, or now when the period reaches today. */
  asOf: z.date(),
});
export type StatisticsView = z.infer<typeof statisticsView>;

const daysBetween = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const average = (sum: number, n: number) => (n === 0 ? null : round4(sum / n));

const badDate: Bilingual = { vi: 'phải là ngày dạng YYYY-MM-DD', en: 'must be a date as YYYY-MM-DD' };

interface Scope {
  q: z.infer<typeof statisticsQuery>;
  unit: { id: number; code: string; name: string };
  f: StatisticsFilter;
  /** A period that reaches today is read as of now: "overdue" means past the due instant at this moment. */
  live: boolean;
  /** The instant the stock figures are as of: the end of `to`, or now. */
  asOf: Date;
}

/** The period checked, the unit found and in the reader's jurisdiction, the units it covers. */
async function scopeOf(ctx: AppContext, actor: Actor, input: StatisticsQuery): Promise<Scope> {
  // The system reads for the public page (aggregates of the whole province only, see publicStatistics).
  if (actor.kind !== 'system') requireStaff(actor);
  const q = statisticsQuery.parse(input);
  if (!isVnDate(q.from)) throw fieldInvalid('from', badDate);
  if (!isVnDate(q.to)) throw fieldInvalid('to', badDate);
  const span = daysBetween(q.from, q.to);
  if (span < 0) throw fieldInvalid('to', { vi: 'không được trước ngày bắt đầu (from)', en: 'must not be before the start (from)' });
  if (span + 1 > MAX_PERIOD_DAYS)
    throw fieldInvalid('to', { vi: `kỳ thống kê dài tối đa ${MAX_PERIOD_DAYS} ngày`, en: `a period is at most ${MAX_PERIOD_DAYS} days long` });
  const unit = await getUnitByCode(ctx.db, q.unit.trim());
  if (!unit) throw fieldInvalid('unit', { vi: `không có đơn vị mang mã ${q.unit}`, en: `no unit has the code ${q.unit}` });
  if (!(await canActOn(ctx.db, actor, READERS, unit.id)))
    throw forbidden({ vi: 'Đơn vị này nằm ngoài phạm vi của bạn', en: 'This unit is outside your jurisdiction' });
  const f: StatisticsFilter = {
    unitIds: q.subunits ? await descendantIds(ctx.db, [unit.id]) : [unit.id],
    procedureCode: q.procedure,
    channel: q.channel,
  };
  const now = ctx.clock();
  const live = q.to >= vnDateOf(now);
  return { q, unit: { id: unit.id, code: unit.code, name: unit.name }, f, live, asOf: live ? now : vnInstant(addDays(q.to, 1)) };
}

export async function unitStatistics(ctx: AppContext, actor: Actor, input: StatisticsQuery): Promise<StatisticsView> {
  const { q, unit, f, live, asOf } = await scopeOf(ctx, actor, input);
  const now = ctx.clock();
  const flows = await flowSums(ctx.db, f, q.from, q.to);
  const before: StockSums = await stockAt(ctx.db, f, addDays(q.from, -1));
  const end: StockSums = live ? await liveStock(ctx.db, f, now) : await stockAt(ctx.db, f, q.to);
  return { unit, from: q.from, to: q.to, subunits: q.subunits, asOf, ...figuresOf(flows, before, end) };
}

const ZERO_STOCK: StockSums = { inProgress: 0, overdue: 0 };

/** The figures of one scope from its flows in the period and its stock before and at the end of it. */
function figuresOf(flows: FlowSums, before: StockSums, end: StockSums): Figures {
  const finished = flows.completedEarly + flows.completedOnTime + flows.completedLate;
  return {
    received: flows.received,
    receivedByChannel: { counter: flows.receivedCounter, online: flows.receivedOnline, postal: flows.receivedPostal },
    carriedOver: before.inProgress,
    finished: { early: flows.completedEarly, onTime: flows.completedOnTime, late: flows.completedLate },
    inProgress: { withinDue: end.inProgress - end.overdue, overdue: end.overdue },
    refused: flows.refused,
    stopped: flows.stopped,
    withdrawn: flows.withdrawn,
    apologies: { onTime: flows.apologiesOnTime, late: flows.apologiesLate },
    lateWithoutApology: flows.lateWithoutApology,
    supplementRequests: flows.supplementRequests,
    multipleSupplementRequests: flows.multipleSupplementRequests,
    onTimeRate: finished === 0 ? null : round4((flows.completedEarly + flows.completedOnTime) / finished),
    indicator1Average: average(flows.indicator1Sum, flows.indicator1Count),
    indicator2Average: average(flows.indicator2Sum, flows.indicator2Count),
  };
}

export const unitTableView = z.object({
  unit: z.object({ id: z.number(), code: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  asOf: z.date(),
  /** The unit itself and every unit below it, each with its own dossiers, in the tree's order. */
  rows: z.array(figures.extend({ unit: z.object({ id: z.number(), code: z.string(), name: z.string(), depth: z.number() }) })),
  /** The whole subtree: equal to /api/v1/statistics with subunits=true. */
  total: figures,
});
export type UnitTableView = z.infer<typeof unitTableView>;

/** One row per unit of the subtree, for the table of a province or a department and its exports. */
export async function statisticsByUnit(ctx: AppContext, actor: Actor, input: StatisticsQuery): Promise<UnitTableView> {
  const { q, unit, f, live, asOf } = await scopeOf(ctx, actor, { ...statisticsQuery.parse(input), subunits: true });
  const now = ctx.clock();
  const [flows, before, end, units] = await Promise.all([
    flowSumsByUnit(ctx.db, f, q.from, q.to),
    stockAtByUnit(ctx.db, f, addDays(q.from, -1)),
    live ? liveStockByUnit(ctx.db, f, now) : stockAtByUnit(ctx.db, f, q.to),
    unitsInTreeOrder(ctx.db, unit.id),
  ]);
  const total = figuresOf(await flowSums(ctx.db, f, q.from, q.to), await stockAt(ctx.db, f, addDays(q.from, -1)), live ? await liveStock(ctx.db, f, now) : await stockAt(ctx.db, f, q.to));
  return {
    unit,
    from: q.from,
    to: q.to,
    asOf,
    rows: units.map((u) => ({ unit: u, ...figuresOf(flows.get(u.id) ?? ZERO_FLOWS, before.get(u.id) ?? ZERO_STOCK, end.get(u.id) ?? ZERO_STOCK) })),
    total,
  };
}

/**
 * Recomputes the daily counters from the projection (which `dossiers rebuild` recomputes from the actions). The
 * trigger keeps them equal already; this is for a database whose trigger was disabled, e.g. by a bulk load.
 */
export async function rebuildStatistics(ctx: AppContext, actor: SystemActor): Promise<{ milliseconds: number }> {
  const t0 = performance.now();
  await rebuildDailyStats(ctx.db);
  const milliseconds = Math.round(performance.now() - t0);
  await appendAudit(ctx.db, actor, ctx.clock(), { action: 'statistics.rebuild', targetType: 'statistics', targetId: 'dossier_daily_stats', details: { milliseconds } });
  return { milliseconds };
}

export const drillDownQuery = statisticsQuery.extend({
  figure: z.enum(STATISTICS_FIGURES),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});
export type DrillDownQuery = z.input<typeof drillDownQuery>;

export const drillDownView = z.object({
  figure: z.enum(STATISTICS_FIGURES),
  asOf: z.date(),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  items: z.array(
    z.object({
      dossierId: z.number(),
      code: z.string().nullable(),
      procedureCode: z.string(),
      procedureName: z.string(),
      channel: z.string(),
      status: z.string(),
      receivedAt: z.date().nullable(),
      originalDueAt: z.date().nullable(),
      endedAt: z.date().nullable(),
      outcomeAgainstOriginal: z.string().nullable(),
      apologised: z.boolean(),
    }),
  ),
});
export type DrillDownView = z.infer<typeof drillDownView>;

/** The dossiers behind one figure of unitStatistics, for the same unit, period and filters (same count). */
export async function statisticsDossiers(ctx: AppContext, actor: Actor, input: DrillDownQuery): Promise<DrillDownView> {
  const q = drillDownQuery.parse(input);
  const { f, asOf } = await scopeOf(ctx, actor, q);
  const r = await dossiersBehind(ctx.db, f, q.figure, { from: vnInstant(q.from), to: vnInstant(addDays(q.to, 1)), asOf }, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { figure: q.figure, asOf, total: r.total, page: q.page, pageSize: q.pageSize, items: r.items };
}

/** The units whose statistics the actor may read, in tree order, for the page's choice of unit. */
export async function statisticsUnits(ctx: AppContext, actor: Actor): Promise<{ id: number; code: string; name: string; depth: number }[]> {
  const user = requireStaff(actor);
  const roots = [...new Set(user.memberships.filter((m) => (READERS as readonly string[]).includes(m.role)).map((m) => m.unitId))];
  const out: { id: number; code: string; name: string; depth: number }[] = [];
  const seen = new Set<number>();
  for (const root of roots)
    for (const u of await unitsInTreeOrder(ctx.db, root))
      if (!seen.has(u.id)) {
        seen.add(u.id);
        out.push(u);
      }
  return out;
}

/** A published period: a year (2026), a quarter (2026-Q4) or a month (2026-11). */
export const PUBLIC_PERIOD = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/;

export const publicStatisticsView = z.object({
  period: z.string(),
  from: z.string(),
  to: z.string(),
  asOf: z.date(),
  province: z.object({ code: z.string(), name: z.string() }).nullable(),
  /** Aggregates only: no dossier, no applicant, no official. Units with nothing in the period are left out. */
  units: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      depth: z.number(),
      received: z.number(),
      finished: z.number(),
      finishedEarlyOrOnTime: z.number(),
      finishedLate: z.number(),
      inProgressOverdue: z.number(),
      onTimeRate: z.number().nullable(),
    }),
  ),
  total: z.object({ received: z.number(), finished: z.number(), finishedEarlyOrOnTime: z.number(), finishedLate: z.number(), onTimeRate: z.number().nullable() }),
});
export type PublicStatisticsView = z.infer<typeof publicStatisticsView>;

function periodDates(period: string): { from: string; to: string } {
  const m = PUBLIC_PERIOD.exec(period);
  if (!m) throw fieldInvalid('period', { vi: 'kỳ phải có dạng 2026, 2026-Q4 hoặc 2026-11', en: 'a period is written 2026, 2026-Q4 or 2026-11' });
  const year = Number(m[1]);
  const [first, last] = m[2] ? [(Number(m[2]) - 1) * 3 + 1, Number(m[2]) * 3] : m[3] ? [Number(m[3]), Number(m[3])] : [1, 12];
  const pad = (n: number) => String(n).padStart(2, '0');
  const to = addDays(`${last === 12 ? year + 1 : year}-${pad(last === 12 ? 1 : last + 1)}-01`, -1);
  return { from: `${year}-${pad(first)}-01`, to };
}

/**
 * The province's published figures for a period, for anyone: the on-time rate of the province and of each unit, as
 * the portal's public index page shows them. Read by the system, so no reader's jurisdiction applies; the view holds
 * aggregates only.
 */
export async function publicStatistics(ctx: AppContext, input: { period?: string }): Promise<PublicStatisticsView> {
  const now = ctx.clock();
  const period = input.period ?? vnDateOf(now).slice(0, 7);
  const { from, to } = periodDates(period);
  if (from > vnDateOf(now)) throw fieldInvalid('period', { vi: 'kỳ chưa bắt đầu', en: 'the period has not begun' });
  const root = await rootUnit(ctx.db);
  if (!root) return { period, from, to, asOf: now, province: null, units: [], total: { received: 0, finished: 0, finishedEarlyOrOnTime: 0, finishedLate: 0, onTimeRate: null } };
  const t = await statisticsByUnit(ctx, systemActor('public-statistics'), { unit: root.code, from, to });
  const publish = (f: Figures) => ({
    received: f.received,
    finished: f.finished.early + f.finished.onTime + f.finished.late,
    finishedEarlyOrOnTime: f.finished.early + f.finished.onTime,
    finishedLate: f.finished.late,
    onTimeRate: f.onTimeRate,
  });
  return {
    period,
    from,
    to,
    asOf: t.asOf,
    province: { code: root.code, name: root.name },
    units: t.rows
      .filter((r) => r.received + r.carriedOver > 0)
      .map((r) => ({ code: r.unit.code, name: r.unit.name, depth: r.unit.depth, ...publish(r), inProgressOverdue: r.inProgress.overdue })),
    total: publish(t.total),
  };
}

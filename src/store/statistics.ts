// Reads of the daily counters that migration 0013's trigger keeps (dossier_daily_stats), and the live count of the
// dossiers in progress for the current day. Dates are Vietnamese calendar dates ('YYYY-MM-DD').
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export interface StatisticsFilter {
  unitIds: readonly number[];
  procedureCode?: string;
  channel?: string;
}

export interface FlowSums {
  received: number;
  receivedCounter: number;
  receivedOnline: number;
  receivedPostal: number;
  completedEarly: number;
  completedOnTime: number;
  completedLate: number;
  refused: number;
  stopped: number;
  withdrawn: number;
  lateWithoutApology: number;
  apologiesOnTime: number;
  apologiesLate: number;
  supplementRequests: number;
  multipleSupplementRequests: number;
  indicator1Sum: number;
  indicator1Count: number;
  indicator2Sum: number;
  indicator2Count: number;
}

export interface StockSums {
  /** Received up to and including the day, less those that left processing by then. */
  inProgress: number;
  /** Of those, the ones whose original due instant fell on or before the day. */
  overdue: number;
}

const filters = (f: StatisticsFilter) =>
  sql.join(
    [
      sql`unit_id = ANY(${[...f.unitIds]}::bigint[])`,
      ...(f.procedureCode ? [sql`procedure_code = ${f.procedureCode}`] : []),
      ...(f.channel ? [sql`channel = ${f.channel}`] : []),
    ],
    sql` AND `,
  );

const FLOW_COLUMNS = sql`coalesce(sum(received), 0)::int AS "received",
      coalesce(sum(received) FILTER (WHERE channel = 'counter'), 0)::int AS "receivedCounter",
      coalesce(sum(received) FILTER (WHERE channel = 'online'), 0)::int AS "receivedOnline",
      coalesce(sum(received) FILTER (WHERE channel = 'postal'), 0)::int AS "receivedPostal",
      coalesce(sum(completed_early), 0)::int AS "completedEarly",
      coalesce(sum(completed_on_time), 0)::int AS "completedOnTime",
      coalesce(sum(completed_late), 0)::int AS "completedLate",
      coalesce(sum(refused), 0)::int AS "refused",
      coalesce(sum(stopped), 0)::int AS "stopped",
      coalesce(sum(withdrawn), 0)::int AS "withdrawn",
      coalesce(sum(late_without_apology), 0)::int AS "lateWithoutApology",
      coalesce(sum(apologies_on_time), 0)::int AS "apologiesOnTime",
      coalesce(sum(apologies_late), 0)::int AS "apologiesLate",
      coalesce(sum(supplement_requests), 0)::int AS "supplementRequests",
      coalesce(sum(multiple_supplement_requests), 0)::int AS "multipleSupplementRequests",
      coalesce(sum(indicator1_sum), 0)::int AS "indicator1Sum",
      coalesce(sum(indicator1_count), 0)::int AS "indicator1Count",
      coalesce(sum(indicator2_sum), 0)::int AS "indicator2Sum",
      coalesce(sum(indicator2_count), 0)::int AS "indicator2Count"`;

const STOCK_COLUMNS = sql`coalesce(sum(received - completed), 0)::int AS "inProgress",
      coalesce(sum(due - completed_by_due - completed_late), 0)::int AS "overdue"`;

const LIVE_STOCK_COLUMNS = sql`count(*)::int AS "inProgress", count(*) FILTER (WHERE original_due_at < now_at)::int AS "overdue"`;

const liveWhere = (f: StatisticsFilter) => sql`competent_unit_id = ANY(${[...f.unitIds]}::bigint[]) AND phase = 'processing' AND received_at IS NOT NULL
      ${f.procedureCode ? sql`AND procedure_code = ${f.procedureCode}` : sql``}
      ${f.channel ? sql`AND coalesce(channel, 'counter') = ${f.channel}` : sql``}`;

/** What happened from `from` to `to` (both included). */
export async function flowSums(db: Db, f: StatisticsFilter, from: string, to: string): Promise<FlowSums> {
  const r = await sql<FlowSums>`SELECT ${FLOW_COLUMNS} FROM dossier_daily_stats WHERE ${filters(f)} AND day BETWEEN ${from}::date AND ${to}::date`.execute(db);
  return r.rows[0]!;
}

/** The same, per competent unit (units without any counter in the period are absent). */
export async function flowSumsByUnit(db: Db, f: StatisticsFilter, from: string, to: string): Promise<Map<number, FlowSums>> {
  const r = await sql<FlowSums & { unitId: number }>`SELECT unit_id AS "unitId", ${FLOW_COLUMNS} FROM dossier_daily_stats
    WHERE ${filters(f)} AND day BETWEEN ${from}::date AND ${to}::date GROUP BY unit_id`.execute(db);
  return new Map(r.rows.map(({ unitId, ...x }) => [Number(unitId), x]));
}

/**
 * The dossiers in progress at the end of `day`, and how many of them were overdue: those due by then less those
 * that left processing by their due (counted on the due day) or late (counted on the day they left).
 */
export async function stockAt(db: Db, f: StatisticsFilter, day: string): Promise<StockSums> {
  const r = await sql<StockSums>`SELECT ${STOCK_COLUMNS} FROM dossier_daily_stats WHERE ${filters(f)} AND day <= ${day}::date`.execute(db);
  return r.rows[0]!;
}

export async function stockAtByUnit(db: Db, f: StatisticsFilter, day: string): Promise<Map<number, StockSums>> {
  const r = await sql<StockSums & { unitId: number }>`SELECT unit_id AS "unitId", ${STOCK_COLUMNS} FROM dossier_daily_stats
    WHERE ${filters(f)} AND day <= ${day}::date GROUP BY unit_id`.execute(db);
  return new Map(r.rows.map(({ unitId, ...x }) => [Number(unitId), x]));
}

/** The dossiers in progress now and how many are past their original due instant, from the projection. */
export async function liveStock(db: Db, f: StatisticsFilter, now: Date): Promise<StockSums> {
  const r = await sql<StockSums>`SELECT ${LIVE_STOCK_COLUMNS} FROM (SELECT original_due_at, ${now}::timestamptz AS now_at FROM dossier_projection WHERE ${liveWhere(f)}) p`.execute(db);
  return r.rows[0]!;
}

export async function liveStockByUnit(db: Db, f: StatisticsFilter, now: Date): Promise<Map<number, StockSums>> {
  const r = await sql<StockSums & { unitId: number }>`SELECT "unitId", ${LIVE_STOCK_COLUMNS}
    FROM (SELECT competent_unit_id AS "unitId", original_due_at, ${now}::timestamptz AS now_at FROM dossier_projection WHERE ${liveWhere(f)}) p
    GROUP BY "unitId"`.execute(db);
  return new Map(r.rows.map(({ unitId, ...x }) => [Number(unitId), x]));
}

export async function rebuildDailyStats(db: Db): Promise<void> {
  await sql`SELECT rebuild_dossier_daily_stats()`.execute(db);
}

/** Every counter row, for comparing a rebuild with the live counters. */
export async function allDailyStats(db: Db): Promise<Record<string, unknown>[]> {
  const r = await sql<Record<string, unknown>>`SELECT * FROM dossier_daily_stats WHERE (received, completed, due, apologies_on_time, apologies_late) <> (0, 0, 0, 0, 0) ORDER BY unit_id, day, procedure_code, channel`.execute(db);
  return r.rows;
}

/**
 * The figures a reader can open to see the dossiers behind them. Each condition mirrors what the trigger of
 * migration 0013 counts (dossier_stats_apply), on instants instead of days: `from` and `to` are the first instant of
 * the period and of the day after it; `asOf` is the instant the stock figures are read at.
 */
export const STATISTICS_FIGURES = [
  'received',
  'carriedOver',
  'finishedEarly',
  'finishedOnTime',
  'finishedLate',
  'inProgressWithinDue',
  'inProgressOverdue',
  'refused',
  'stopped',
  'withdrawn',
  'apologiesOnTime',
  'apologiesLate',
  'lateWithoutApology',
  'supplementRequested',
  'multipleSupplementRequests',
] as const;
export type StatisticsFigure = (typeof STATISTICS_FIGURES)[number];

function figureCondition(figure: StatisticsFigure, p: { from: Date; to: Date; asOf: Date }) {
  const ended = sql`coalesce(finished_at, stopped_at)`;
  const endedIn = sql`${ended} >= ${p.from} AND ${ended} < ${p.to}`;
  const lateEnd = sql`(${ended} > original_due_at OR outcome_against_original = 'late')`;
  const openAt = (t: Date) => sql`received_at < ${t} AND (${ended} IS NULL OR ${ended} >= ${t})`;
  switch (figure) {
    case 'received':
      return sql`received_at >= ${p.from} AND received_at < ${p.to}`;
    case 'carriedOver':
      return openAt(p.from);
    case 'finishedEarly':
      return sql`${endedIn} AND outcome_against_original = 'early'`;
    case 'finishedOnTime':
      return sql`${endedIn} AND outcome_against_original = 'on_time'`;
    case 'finishedLate':
      return sql`${endedIn} AND ${lateEnd}`;
    case 'inProgressWithinDue':
      return sql`${openAt(p.asOf)} AND (original_due_at IS NULL OR original_due_at >= ${p.asOf})`;
    case 'inProgressOverdue':
      return sql`${openAt(p.asOf)} AND original_due_at < ${p.asOf}`;
    case 'refused':
      return sql`finished_at >= ${p.from} AND finished_at < ${p.to} AND result = 'refused'`;
    case 'stopped':
      return sql`finished_at IS NULL AND stopped_at >= ${p.from} AND stopped_at < ${p.to} AND coalesce(stop_ground, '') <> 'applicant_withdrawal'`;
    case 'withdrawn':
      return sql`finished_at IS NULL AND stopped_at >= ${p.from} AND stopped_at < ${p.to} AND stop_ground = 'applicant_withdrawal'`;
    case 'apologiesOnTime':
      return sql`apologised_at >= ${p.from} AND apologised_at < ${p.to} AND NOT apology_late`;
    case 'apologiesLate':
      return sql`apologised_at >= ${p.from} AND apologised_at < ${p.to} AND apology_late`;
    case 'lateWithoutApology':
      return sql`${endedIn} AND ${lateEnd} AND NOT apologised`;
    case 'supplementRequested':
      return sql`received_at >= ${p.from} AND received_at < ${p.to} AND supplement_request_count > 0`;
    case 'multipleSupplementRequests':
      return sql`received_at >= ${p.from} AND received_at < ${p.to} AND multiple_supplement_requests`;
  }
}

export interface FigureDossier {
  dossierId: number;
  code: string | null;
  procedureCode: string;
  procedureName: string;
  channel: string;
  status: string;
  receivedAt: Date | null;
  originalDueAt: Date | null;
  endedAt: Date | null;
  outcomeAgainstOriginal: string | null;
  apologised: boolean;
}

export async function dossiersBehind(
  db: Db,
  f: StatisticsFilter,
  figure: StatisticsFigure,
  period: { from: Date; to: Date; asOf: Date },
  page: { limit: number; offset: number },
): Promise<{ total: number; items: FigureDossier[] }> {
  const where = sql`competent_unit_id = ANY(${[...f.unitIds]}::bigint[]) AND received_at IS NOT NULL
    ${f.procedureCode ? sql`AND procedure_code = ${f.procedureCode}` : sql``}
    ${f.channel ? sql`AND coalesce(channel, 'counter') = ${f.channel}` : sql``}
    AND ${figureCondition(figure, period)}`;
  const r = await sql<FigureDossier & { total: number }>`
    SELECT dossier_id AS "dossierId", dossier_code AS "code", procedure_code AS "procedureCode", procedure_name AS "procedureName",
      coalesce(channel, 'counter') AS "channel", status, received_at AS "receivedAt", original_due_at AS "originalDueAt",
      coalesce(finished_at, stopped_at) AS "endedAt", outcome_against_original AS "outcomeAgainstOriginal", apologised,
      count(*) OVER ()::int AS total
    FROM dossier_projection WHERE ${where}
    ORDER BY received_at, dossier_id LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
  const total = r.rows[0]?.total ?? (page.offset > 0 ? (await sql<{ n: number }>`SELECT count(*)::int AS n FROM dossier_projection WHERE ${where}`.execute(db)).rows[0]!.n : 0);
  return { total, items: r.rows.map(({ total: _t, ...x }) => x) };
}

export const ZERO_FLOWS: FlowSums = {
  received: 0,
  receivedCounter: 0,
  receivedOnline: 0,
  receivedPostal: 0,
  completedEarly: 0,
  completedOnTime: 0,
  completedLate: 0,
  refused: 0,
  stopped: 0,
  withdrawn: 0,
  lateWithoutApology: 0,
  apologiesOnTime: 0,
  apologiesLate: 0,
  supplementRequests: 0,
  multipleSupplementRequests: 0,
  indicator1Sum: 0,
  indicator1Count: 0,
  indicator2Sum: 0,
  indicator2Count: 0,
};

/** The unit and every unit below it, parents before children, siblings by code. */
export async function unitsInTreeOrder(db: Db, rootId: number): Promise<{ id: number; code: string; name: string; depth: number }[]> {
  const r = await sql<{ id: number; code: string; name: string; depth: number }>`
    WITH RECURSIVE t(id, code, name, depth, path) AS (
      SELECT id, code, name, 0, ARRAY[code] FROM units WHERE id = ${rootId}
      UNION ALL
      SELECT u.id, u.code, u.name, t.depth + 1, t.path || u.code FROM units u JOIN t ON u.parent_id = t.id WHERE t.depth < 50
    )
    SELECT id, code, name, depth FROM t ORDER BY path`.execute(db);
  return r.rows.map((u) => ({ ...u, id: Number(u.id) }));
}

/** The province: the first root unit (a deployment serves one province). */
export async function rootUnit(db: Db): Promise<{ id: number; code: string; name: string } | undefined> {
  const r = await sql<{ id: number; code: string; name: string }>`SELECT id, code, name FROM units WHERE parent_id IS NULL AND active ORDER BY id LIMIT 1`.execute(db);
  return r.rows[0];
}

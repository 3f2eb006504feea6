// `npm run bench`: figures, not tests. Every database figure is paired with the raw single-row insert rate of
// the same engine in the same run, so the ratio survives a noisy machine.
import { cpus, totalmem } from 'node:os';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { systemActor } from '../src/app/actor.js';
import { loadConfig } from '../src/app/config.js';
import { createContext, type AppContext } from '../src/app/context.js';
import { seedDemo } from '../src/app/seed.js';
import { updateUnitUseCase } from '../src/app/units.js';
import { verifyAuditChain } from '../src/app/audit.js';
import { addCalendarEntry, calendarForUnit, computeDeadline } from '../src/app/calendar.js';
import { addWorkingTime } from '../src/domain/calendar/index.js';
import { openPglite, openPostgres, type DbHandle } from '../src/store/db.js';
import { benchCatalogueSearch } from './catalogue.js';
import { migrate } from '../src/store/migrate.js';

process.env.MOTCUA_SCRYPT_LOG_N ??= '10';

interface Row {
  engine: string;
  what: string;
  value: string;
  ratio?: string;
}
const rows: Row[] = [];
const rate = (n: number, ms: number) => (n / (ms / 1000));
const fmt = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });

async function rawInsertRate(h: DbHandle, n: number): Promise<number> {
  await h.pool.query('CREATE TABLE IF NOT EXISTS bench_raw (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text NOT NULL, at timestamptz NOT NULL)', []);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await h.pool.query('INSERT INTO bench_raw (v, at) VALUES ($1, $2)', [`row ${i}`, new Date()]);
  return rate(n, performance.now() - t0);
}

async function auditedWriteRate(ctx: AppContext, n: number): Promise<number> {
  const unit = await ctx.db.selectFrom('units').selectAll().where('code', '=', '000.00.05.H99').executeTakeFirstOrThrow();
  let version = unit.version;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const u = await updateUnitUseCase(ctx, systemActor('bench'), unit.id, { version, phone: `0209 38${String(i).padStart(5, '0')}` });
    version = u.version;
  }
  return rate(n, performance.now() - t0);
}

async function benchEngine(name: string, h: DbHandle, n: number): Promise<void> {
  await migrate(h.pool);
  const ctx = createContext(h, loadConfig({}));
  await seedDemo(ctx);
  const raw = await rawInsertRate(h, n);
  const audited = await auditedWriteRate(ctx, Math.round(n / 4));
  rows.push({ engine: name, what: 'raw single-row INSERT (autocommit), rows/s', value: fmt(raw) });
  rows.push({ engine: name, what: 'audited use case (lock + update + hash-chained audit entry, one transaction), ops/s', value: fmt(audited), ratio: `${((audited / raw) * 100).toFixed(0)} % of raw` });
  // Deadlines through the application: revision check + unit chain query + cached calendar + explanation.
  const ward = await ctx.db.selectFrom('units').select('id').where('code', '=', '000.00.41.H99').executeTakeFirstOrThrow();
  await addCalendarEntry(ctx, systemActor('bench'), { unitId: ward.id, date: '2026-02-23', kind: 'closure', reason: 'Bench closure' });
  const m = Math.round(n / 2);
  let t1 = performance.now();
  for (let i = 0; i < m; i++) await computeDeadline(ctx, { start: '2026-02-10T10:00:00+07:00', amount: 15, unit: 'working_days', unitCode: '000.00.41.H99' });
  const api = rate(m, performance.now() - t1);
  rows.push({ engine: name, what: 'deadline use case with explanation (15 working days across Tết, ward calendar), per second', value: fmt(api), ratio: `${((api / raw) * 100).toFixed(0)} % of raw` });
  const cal = await calendarForUnit(ctx, ward.id);
  t1 = performance.now();
  for (let i = 0; i < 200_000; i++) addWorkingTime(new Date(Date.UTC(2026, 1, 10, 3, i % 480)), 15, 'working_days', cal);
  rows.push({ engine: name, what: 'addWorkingTime on a stored ward calendar (cached), per second', value: fmt(rate(200_000, performance.now() - t1)) });
  const t0 = performance.now();
  const v = await verifyAuditChain(ctx);
  rows.push({ engine: name, what: `audit chain verification (${v.entries} entries), entries/s`, value: fmt(rate(v.entries, performance.now() - t0)) });
  const s = await benchCatalogueSearch(h);
  rows.push({
    engine: name,
    what: `catalogue search on ${s.procedures} procedures (${s.samples} mixed queries), p50 / p95 / p99 ms`,
    value: `${s.p50Ms.toFixed(1)} / ${s.p95Ms.toFixed(1)} / ${s.p99Ms.toFixed(1)}`,
  });
}

async function calendarFigures(): Promise<void> {
  try {
    const mod = (await import('../src/domain/calendar/bench.js')) as { benchDeadlines?: (n: number) => unknown };
    if (!mod.benchDeadlines) return;
    const r = mod.benchDeadlines(1_000_000) as Record<string, { computations: number; perSecond: number }>;
    for (const [k, v] of Object.entries(r))
      if (v && typeof v === 'object' && 'perSecond' in v) rows.push({ engine: 'domain (one core)', what: `deadline computations: ${k} (${fmt(v.computations)}), per second`, value: fmt(v.perSecond) });
  } catch (e) {
    rows.push({ engine: 'domain', what: 'deadline computations', value: `not available: ${(e as Error).message}` });
  }
}

async function main() {
  const n = Number(process.env.BENCH_N ?? 2000);
  console.log(`Machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  await benchEngine('PGlite (in memory)', await openPglite(), n).catch((e) => console.error('PGlite bench failed', e));
  const admin = process.env.MOTCUA_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `motcua_bench_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  try {
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    const u = new URL(admin);
    u.pathname = `/${name}`;
    const h = await openPostgres(u.toString());
    try {
      await benchEngine('PostgreSQL', h, n);
    } finally {
      await h.close();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } catch (e) {
    rows.push({ engine: 'PostgreSQL', what: 'all', value: `skipped: ${(e as Error).message}` });
  } finally {
    await c.end().catch(() => {});
  }
  await calendarFigures();
  console.log('\n| engine | measure | value | vs raw |\n|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.engine} | ${r.what} | ${r.value} | ${r.ratio ?? ''} |`);
}

await main();

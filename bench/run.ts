// `npm run bench`: figures, not tests. Every database figure is paired with the raw single-row insert rate of
// the same engine in the same run, so the ratio survives a noisy machine.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { systemActor } from '../src/app/actor.js';
import { loadConfig } from '../src/app/config.js';
import { createContext, type AppContext } from '../src/app/context.js';
import { seedDemo } from '../src/seed/seed.js';
import { updateUnitUseCase } from '../src/app/units.js';
import { verifyAuditChain } from '../src/app/audit.js';
import { addCalendarEntry, calendarForUnit, computeDeadline } from '../src/app/calendar.js';
import { addWorkingTime } from '../src/domain/calendar/index.js';
import { openPglite, openPostgres, type DbHandle } from '../src/store/db.js';
import { benchCatalogueSearch } from './catalogue.js';
import { benchDossierSequential, benchDossiersAtScale, largeDataSetSize, withPgDatabase, type LargeFigures } from './dossiers.js';
import { migrate } from '../src/store/migrate.js';
import { benchDeadlines } from './deadlines.js';

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
  // Dossiers, one after the other, on the same database: a fresh raw figure right before, for the ratio.
  const rawNow = await rawInsertRate(h, n);
  const d = await benchDossierSequential(ctx, Math.max(50, Math.round(n / 8)));
  const pct = (x: number) => `${((x / rawNow) * 100).toFixed(0)} % of raw (${fmt(rawNow)}/s just before)`;
  rows.push(
    { engine: name, what: `receiveAtDesk, sequential (${d.receive.n}): per second / p95 ms`, value: `${fmt(d.receive.perSecond)} / ${d.receive.p95.toFixed(1)}`, ratio: pct(d.receive.perSecond) },
    { engine: name, what: `act, sequential (${d.act.n}: 8 steps of a 4-step process): per second / p95 ms`, value: `${fmt(d.act.perSecond)} / ${d.act.p95.toFixed(1)}`, ratio: pct(d.act.perSecond) },
  );
  dossierRows.push(rows[rows.length - 2]!, rows[rows.length - 1]!);
}

const lat = (f: { p50: number; p95: number; p99: number }) => `${f.p50.toFixed(1)} / ${f.p95.toFixed(1)} / ${f.p99.toFixed(1)}`;

/** The large data set's rows (PostgreSQL only). */
function largeRows(f: LargeFigures): Row[] {
  const e = 'PostgreSQL (large)';
  const l = f.load;
  const s = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
  const out: Row[] = [
    {
      engine: e,
      what: `data set: ${fmt(l.dossiers)} dossiers, ${fmt(l.actions)} actions, ${(l.sizeBytes / 2 ** 30).toFixed(1)} GiB; load (set-based SQL) + indexes and keys + VACUUM ANALYZE`,
      value: `${s(l.loadMs)} + ${s(l.indexMs)} + ${s(l.vacuumMs)}`,
      ratio: `${l.templates} template histories by the use cases first (${s(l.templateMs)})`,
    },
    { engine: e, what: 'raw single-row INSERT (autocommit) on this database, rows/s', value: fmt(f.rawInsertPerSecond) },
    {
      engine: e,
      what: 'act, sequential, on dossiers in progress: per second',
      value: fmt(f.sequentialActPerSecond),
      ratio: `${((f.sequentialActPerSecond / f.rawInsertPerSecond) * 100).toFixed(0)} % of raw`,
    },
  ];
  const kinds = [
    ['reception', 'receiveAtDesk'],
    ['act', 'act'],
    ['inbox', 'inbox page (work queues)'],
    ['tracking', 'public tracking'],
  ] as const;
  for (const [k, label] of [...kinds.slice(0, 3), ['archive', "inbox page ('all' filter)"] as const, kinds[3]]) {
    const x = f[k];
    out.push({
      engine: e,
      what: `${label}, ${f.clients} clients with no pause, each kind alone (${x.n}${x.errors ? `, ${x.errors} errors` : ''}): per second; p50 / p95 / p99 ms`,
      value: `${fmt(x.perSecond)}; ${lat(x)}`,
      ratio: k === 'act' || k === 'reception' ? `${((x.perSecond / f.rawInsertPerSecond) * 100).toFixed(0)} % of raw` : '',
    });
  }
  const m = f.mixed;
  out.push({
    engine: e,
    what: `${f.clients} clients, no pause, mixed (10 % receptions, 40 % actions, 30 % work-queue pages, 20 % tracking): p50 / p95 / p99 ms`,
    value: kinds.map(([k, label]) => `${label} ${lat(m[k])}`).join('; '),
    ratio: `${fmt(kinds.reduce((a, [k]) => a + m[k].perSecond, 0))} ops/s`,
  });
  out.push({
    engine: e,
    what: `${f.clients} clients paced like people at work, ${f.rate} requests/s together (mix as above): p50 / p95 / p99 ms`,
    value: kinds.map(([k, label]) => `${label} ${lat(f.paced[k])}`).join('; '),
  });
  out.push({
    engine: e,
    what: `the same, one request in twenty an inbox page of the 'all' filter: p50 / p95 / p99 ms`,
    value: [...kinds, ['archive', "'all' page"] as const].map(([k, label]) => `${label} ${lat(f.pacedWithArchive[k])}`).join('; '),
  });
  out.push({ engine: e, what: 'audit chain verified after the runs, entries', value: fmt(f.auditEntries) });
  return out;
}

const dossierRows: Row[] = [];
let pgVersion = '?';

/** Rewrites the dossier section of docs/benchmarks.md (between its markers) with this run's rows. */
function writeDossierSection(machine: string, sizeNote: string): void {
  const path = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
  const doc = readFileSync(path, 'utf8');
  const start = '<!-- bench:dossiers:start -->';
  const end = '<!-- bench:dossiers:end -->';
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) return;
  const table = ['| engine | measure | value | vs raw |', '|---|---|---|---|', ...dossierRows.map((r) => `| ${r.engine} | ${r.what} | ${r.value} | ${r.ratio ?? ''} |`)].join('\n');
  const body = `${start}\nLatest run (${new Date().toISOString().slice(0, 10)}, ${sizeNote}):\n\n${machine}\n\n${table}\n`;
  writeFileSync(path, doc.slice(0, a) + body + doc.slice(b));
}

async function calendarFigures(): Promise<void> {
  const r = benchDeadlines(1_000_000);
  for (const [k, v] of [['tet', r.tet], ['mixed', r.mixed]] as const)
    rows.push({ engine: 'domain (one core)', what: `deadline computations: ${k} (${fmt(v.computations)}), per second`, value: fmt(v.perSecond) });
}

async function main() {
  const n = Number(process.env.BENCH_N ?? 2000);
  const machine = `Machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(machine);
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
  // The large data set: its own database, PostgreSQL only (MOTCUA_BENCH_DOSSIERS; --quick or CI: 50,000).
  const size = largeDataSetSize(process.argv);
  try {
    const f = await withPgDatabase((url) => benchDossiersAtScale(url, { dossiers: size }));
    pgVersion = f.serverVersion;
    const r = largeRows(f);
    rows.push(...r);
    dossierRows.push(...r);
  } catch (e) {
    rows.push({ engine: 'PostgreSQL (large)', what: 'dossiers at scale', value: `skipped: ${(e as Error).message}` });
  }
  await calendarFigures();
  console.log('\n| engine | measure | value | vs raw |\n|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.engine} | ${r.what} | ${r.value} | ${r.ratio ?? ''} |`);
  // A quick or CI run prints only: the document keeps the figures of the last full run.
  if (size >= 1_000_000 && !process.argv.includes('--quick') && !process.env.CI) writeDossierSection(`${machine}; PostgreSQL ${pgVersion} on the same machine, default settings`, `MOTCUA_BENCH_DOSSIERS=${size}, BENCH_N=${n}`);
}

await main();

// Command-line entry: `motcua <command>`. `serve` is what `npm start` runs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { exportCatalogue, formatImportReport, importCatalogueFile } from '../app/catalogue-import.js';
import { rebuildProjections } from '../app/dossiers/index.js';
import { rebuildStatistics } from '../app/statistics.js';
import { verifyAuditChain } from '../app/audit.js';
import { loadConfig, type AppConfig } from '../app/config.js';
import { createContext, type AppContext } from '../app/context.js';
import { demoVolumeFromEnv, isEmpty, seedDemo } from '../seed/seed.js';
import { systemActor } from '../app/actor.js';
import { createStaffUser } from '../app/users.js';
import { AppError } from '../domain/errors.js';
import { openPglite, openPostgres, DatabaseUnreachableError, type DbHandle } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { getUnitByCode, listUnits } from '../store/units.js';
import { buildServer } from '../http/server.js';
import { Worker } from '../jobs/worker.js';

const HELP = `Một Cửa — command line

Usage: motcua <command> [options]     (or: npm run cli -- <command> [options])

Commands:
  serve                 run the web application (default; applies migrations first)
  migrate               apply pending database migrations
  seed                  load the demo province into an empty database
  create-admin          create a system administrator
                          --username <name> --password <pw> [--full-name <name>] [--unit-code <agency code>]
  audit:verify          check the audit log's hash chain; exit 1 if broken
  worker                run the background job worker only [--until-idle]
  catalogue import <file.json|file.csv> [--dry-run] [--skip-rejected] [--verbose]
                          [--publish-decision <number> --decision-date <YYYY-MM-DD> [--effective-date <YYYY-MM-DD>]]
                        import procedures (our export, our CSV, or the national catalogue crawl); exit 1 if any
                        record is rejected (nothing is written then, unless --skip-rejected)
  catalogue export <file> [--format json|csv]
                        export the catalogue's current state (format from the file name by default)
  dossiers rebuild [--batch N]
                        re-derive every dossier from its actions, rewrite the projection table, then recompute
                        the statistics counters from it
  help                  show this text

Database: DATABASE_URL=postgres://... for a PostgreSQL server, otherwise the embedded database in
MOTCUA_DATA_DIR (default ./data).`;

export async function openDatabase(config: AppConfig): Promise<DbHandle> {
  return config.databaseUrl ? openPostgres(config.databaseUrl, { max: config.dbPoolSize }) : openPglite(config.dataDir);
}

async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const handle = await openDatabase(config);
  try {
    await migrate(handle.pool);
    return await fn(createContext(handle, config));
  } finally {
    await handle.close();
  }
}

async function serve(): Promise<void> {
  const config = loadConfig();
  const handle = await openDatabase(config);
  const applied = await migrate(handle.pool);
  const ctx = createContext(handle, config);
  const app = await buildServer(ctx);
  const log = app.log;
  log.info({ database: handle.location, migrationsApplied: applied }, 'database ready');
  if (handle.engine === 'pglite' && config.seed === 'auto' && (await isEmpty(ctx))) {
    // Only the embedded database is seeded by itself: a production server is never filled with demo data.
    log.info('loading the demo province into the new embedded database (months of demo dossiers: this takes a little while)');
    const r = await seedDemo(ctx, { volume: demoVolumeFromEnv() });
    log.info(r, 'demo data loaded into the new embedded database');
  } else if (handle.engine === 'postgres' && (await isEmpty(ctx))) {
    log.warn('the database has no units yet: run `npm run seed` for demo data or `motcua create-admin` to start a real deployment');
  }
  const worker = config.runWorker ? new Worker(ctx, { onError: (e) => log.error({ err: e }, 'worker tick failed') }) : null;
  worker?.start();
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await worker?.stop();
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  console.log(`Một Cửa is serving on http://localhost:${(app.server.address() as { port: number }).port} (${handle.location})`);
}

async function catalogueCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean' },
      'skip-rejected': { type: 'boolean' },
      verbose: { type: 'boolean' },
      format: { type: 'string' },
      'publish-decision': { type: 'string' },
      'decision-date': { type: 'string' },
      'effective-date': { type: 'string' },
    },
  });
  const file = positionals[0];
  if ((sub !== 'import' && sub !== 'export') || !file) {
    console.error('Usage: motcua catalogue import <file.json|file.csv> [--dry-run] | motcua catalogue export <file> [--format json|csv]');
    return 2;
  }
  if (sub === 'import' && !existsSync(file)) {
    console.error(`No such file: ${file}`);
    return 1;
  }
  return withContext(async (ctx) => {
    const actor = systemActor('cli');
    if (sub === 'export') {
      const format = values.format ?? (file.toLowerCase().endsWith('.csv') ? 'csv' : 'json');
      if (format !== 'json' && format !== 'csv') {
        console.error('--format must be json or csv');
        return 2;
      }
      writeFileSync(file, await exportCatalogue(ctx, actor, { format }));
      console.log(`Catalogue exported to ${file} (${format}).`);
      return 0;
    }
    const decision = values['publish-decision'];
    const publishWith = decision ? { number: decision, date: values['decision-date'], effectiveDate: values['effective-date'] ?? values['decision-date'] } : undefined;
    const report = await importCatalogueFile(ctx, actor, readFileSync(file), basename(file), { dryRun: values['dry-run'], skipRejected: values['skip-rejected'], publishWith });
    console.log(formatImportReport(report, { verbose: values.verbose }));
    if (report.fileProblems.length) return 1;
    return !report.dryRun && report.summary.rejected > 0 ? 1 : 0;
  });
}

async function dossiersCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { batch: { type: 'string' } } });
  const batch = values.batch === undefined ? undefined : Number(values.batch);
  if (sub !== 'rebuild' || (batch !== undefined && (!Number.isInteger(batch) || batch < 1))) {
    console.error('Usage: motcua dossiers rebuild [--batch N]');
    return 2;
  }
  return withContext(async (ctx) => {
    const r = await rebuildProjections(ctx, { batch, actor: systemActor('cli') });
    const rate = r.milliseconds > 0 ? Math.round((r.dossiers / r.milliseconds) * 1000) : r.dossiers;
    console.log(`Rebuilt the projection of ${r.dossiers} dossiers (${r.actions} actions) in ${r.milliseconds} ms (${rate} dossiers/s).`);
    const s = await rebuildStatistics(ctx, systemActor('cli'));
    console.log(`Recomputed the statistics counters in ${s.milliseconds} ms.`);
    return 0;
  });
}

export async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        await serve();
        return -1; // keep running
      case 'migrate': {
        const config = loadConfig();
        const handle = await openDatabase(config);
        try {
          const applied = await migrate(handle.pool);
          console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
        } finally {
          await handle.close();
        }
        return 0;
      }
      case 'seed':
        return withContext(async (ctx) => {
          if (!(await isEmpty(ctx))) {
            console.error('The database already has units; demo data is only loaded into an empty database. Nothing was changed.');
            return 1;
          }
          const r = await seedDemo(ctx, { volume: demoVolumeFromEnv() });
          console.log(`Demo data loaded: ${r.units} units, ${r.users} accounts, ${r.dossiers} dossiers.`);
          return 0;
        });
      case 'create-admin': {
        const { values } = parseArgs({ args: rest, options: { username: { type: 'string' }, password: { type: 'string' }, 'full-name': { type: 'string' }, 'unit-code': { type: 'string' } } });
        if (!values.username || !values.password) {
          console.error('create-admin needs --username and --password');
          return 2;
        }
        return withContext(async (ctx) => {
          const roots = (await listUnits(ctx.db)).filter((u) => u.parent_id === null);
          const unit = values['unit-code'] ? await getUnitByCode(ctx.db, values['unit-code']) : roots[0];
          if (!unit) {
            console.error(values['unit-code'] ? `No unit with code ${values['unit-code']}.` : 'There is no unit yet: run `motcua seed`, or create the province unit first.');
            return 1;
          }
          const u = await createStaffUser(ctx, systemActor('cli'), {
            username: values.username!,
            password: values.password!,
            fullName: values['full-name'] ?? values.username!,
            memberships: [{ unitId: unit.id, role: 'admin', title: 'Quản trị hệ thống' }],
          });
          console.log(`Administrator ${u.username} created for ${unit.name} (${unit.code}).`);
          return 0;
        });
      }
      case 'audit:verify':
        return withContext(async (ctx) => {
          const r = await verifyAuditChain(ctx);
          if (r.ok) {
            console.log(`Audit chain intact: ${r.entries} entries, head at ${r.headSeq}.`);
            return 0;
          }
          console.error(`Audit chain BROKEN at entry ${r.break!.seq} (${r.break!.reason}); ${r.entries} entries verified before it.`);
          return 1;
        });
      case 'worker': {
        const { values } = parseArgs({ args: rest, options: { 'until-idle': { type: 'boolean' } } });
        const config = loadConfig();
        const handle = await openDatabase(config);
        await migrate(handle.pool);
        const ctx = createContext(handle, config);
        const worker = new Worker(ctx, { onError: (e) => console.error(e) });
        if (values['until-idle']) {
          const n = await worker.drain();
          console.log(JSON.stringify({ worker: worker.id, processed: n }));
          await handle.close();
          return 0;
        }
        worker.start();
        console.log(`Worker ${worker.id} running (${handle.location}).`);
        return -1;
      }
      case 'catalogue':
        return catalogueCommand(rest);
      case 'dossiers':
        return dossiersCommand(rest);
      case 'help':
      case '--help':
      case '-h':
        console.log(HELP);
        return 0;
      default:
        console.error(`Unknown command "${command}".\n\n${HELP}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof DatabaseUnreachableError) {
      console.error(e.message);
      return 1;
    }
    if (e instanceof AppError) {
      console.error(`${e.messages.en}${e.fields.length ? `: ${e.fields.map((f) => `${f.path}: ${f.message.en}`).join('; ')}` : ''}`);
      return 1;
    }
    if (e instanceof Error && e.message.startsWith('Invalid configuration')) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}

// Gives each integration test file its own fresh database on the engine named by MOTCUA_TEST_DB.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createContext, type AppContext } from '../../src/app/context.js';
import { testConfig, type AppConfig } from '../../src/app/config.js';
import { openPglite, openPostgres, type DbHandle } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';

export const engine = (process.env.MOTCUA_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';
export const adminUrl = process.env.MOTCUA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDb {
  handle: DbHandle;
  url: string | null;
  ctx: AppContext;
  /** Lets a test move time: ctx.clock reads this. */
  clock: { now: Date };
  drop(): Promise<void>;
}

export async function createPgDatabase(): Promise<string> {
  const name = `motcua_t_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropPgDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export async function createTestDb(config: Partial<AppConfig> = {}, start = new Date('2026-11-23T02:00:00Z')): Promise<TestDb> {
  let handle: DbHandle;
  let url: string | null = null;
  if (engine === 'postgres') {
    url = await createPgDatabase();
    handle = await openPostgres(url, { max: 10 });
  } else {
    handle = await openPglite();
  }
  await migrate(handle.pool);
  const clock = { now: start };
  const ctx = createContext(handle, testConfig({ databaseUrl: url ?? undefined, ...config }), () => new Date(clock.now));
  return {
    handle,
    url,
    ctx,
    clock,
    async drop() {
      await handle.close();
      if (url) await dropPgDatabase(url);
    },
  };
}

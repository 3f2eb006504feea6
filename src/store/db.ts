// Opens the one database the app uses: a real PostgreSQL server when DATABASE_URL is set, otherwise the
// embedded PGlite in a data directory. Both are driven through the same pg.Pool-shaped object, so every
// query and migration is the same SQL on both engines.
import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { kyselyPglitePool, kyselyPgPool } from './kysely-pool.js';
import { PglitePool, type PoolLike } from './pglite-pool.js';
import type { Database } from './schema.js';

export type Engine = 'pglite' | 'postgres';

export interface DbHandle {
  engine: Engine;
  pool: PoolLike;
  db: Kysely<Database>;
  /** Human-readable location without credentials, for logs. */
  location: string;
  close(): Promise<void>;
}

export class DatabaseUnreachableError extends Error {}

// Same value shapes on both engines: ids as numbers, calendar dates as 'YYYY-MM-DD' strings (a date has no
// time zone; turning it into a JS Date would shift it), numerics as exact strings.
const INT8 = 20;
const DATE = 1082;
const parseInt8 = (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${v} exceeds the safe integer range`);
  return n;
};

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable DATABASE_URL)';
  }
}

/** pg's pool as the PoolLike our migrations and tests use: one statement text with optional parameters. */
function pgPoolLike(pool: pg.Pool): PoolLike {
  return {
    connect: async () => {
      const c = await pool.connect();
      return { query: (text, values) => c.query(text, values), release: () => c.release() };
    },
    query: (text, values) => pool.query(text, values),
    end: () => pool.end(),
  };
}

export async function openPostgres(url: string, opts: { max?: number; connectTimeoutMs?: number } = {}): Promise<DbHandle> {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === INT8) return parseInt8;
      if (oid === DATE) return (v: string) => v;
      return pg.types.getTypeParser(oid, format as 'text');
    }) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
    types,
  });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  try {
    const c = await pool.connect();
    try {
      await c.query('SELECT 1');
    } finally {
      c.release();
    }
  } catch (e) {
    await pool.end().catch(() => {});
    throw new DatabaseUnreachableError(
      `Cannot reach PostgreSQL at ${redactUrl(url)}: ${(e instanceof Error && e.message) || String(e)}. ` +
        'Check DATABASE_URL, that the server is running and accepts connections, or unset DATABASE_URL to use the embedded database.',
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: kyselyPgPool(pool) }) });
  return {
    engine: 'postgres',
    pool: pgPoolLike(pool),
    db,
    location: redactUrl(url),
    close: () => db.destroy(),
  };
}

/** dataDir undefined = in memory (tests). */
export async function openPglite(dataDir?: string): Promise<DbHandle> {
  const { PGlite, types } = await import('@electric-sql/pglite');
  // The catalogue's search needs these two; PostgreSQL ships them as contrib, PGlite as loadable bundles.
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir ?? 'memory://', {
    parsers: { [types.INT8]: parseInt8, [types.DATE]: (v: string) => v },
    extensions: { unaccent, pg_trgm },
  });
  const pool = new PglitePool(pglite);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: kyselyPglitePool(pool) }) });
  return {
    engine: 'pglite',
    pool,
    db,
    location: dataDir ? `embedded PGlite in ${dataDir}` : 'embedded PGlite in memory',
    close: () => db.destroy(),
  };
}

/** Whether the database answers (readiness probes). */
export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}

/** Runs `fn` in one transaction: all of its writes commit, or none. */
export function transaction<T>(db: Kysely<Database>, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}

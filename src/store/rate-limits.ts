// Counters per key and window (migration 0008), shared by every process on the database: rate limits of routes,
// sign-in back-off, verifier failures of public tracking. Each hit is one upsert, so concurrent hits never lose one.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** The window of a rolling counter: it restarts from one when it has expired, instead of at a fixed instant. */
export const ROLLING = new Date(0);

export interface Counter {
  hits: number;
  lastHitAt: Date;
  expiresAt: Date;
}

/**
 * Counts one hit. A fixed window (windowStart a multiple of its length) keeps its expiry; a rolling one (ROLLING)
 * restarts from one once expired and is extended to `expiresAt` by every hit.
 */
export async function hitCounter(db: Db, key: string, windowStart: Date, now: Date, expiresAt: Date): Promise<Counter> {
  const rolling = windowStart.getTime() === ROLLING.getTime();
  const r = await db
    .insertInto('rate_limit_counters')
    .values({ key, window_start: windowStart, hits: 1, last_hit_at: now, expires_at: expiresAt })
    .onConflict((oc) =>
      oc.columns(['key', 'window_start']).doUpdateSet({
        hits: sql`CASE WHEN rate_limit_counters.expires_at <= ${now} THEN 1 ELSE rate_limit_counters.hits + 1 END`,
        last_hit_at: now,
        expires_at: rolling ? expiresAt : sql`rate_limit_counters.expires_at`,
      }),
    )
    .returning(['hits', 'last_hit_at', 'expires_at'])
    .executeTakeFirstOrThrow();
  return { hits: r.hits, lastHitAt: r.last_hit_at, expiresAt: r.expires_at };
}

/** The live counter of a key and window, if any. */
export async function readCounter(db: Db, key: string, windowStart: Date, now: Date): Promise<Counter | null> {
  const r = await db
    .selectFrom('rate_limit_counters')
    .select(['hits', 'last_hit_at', 'expires_at'])
    .where('key', '=', key)
    .where('window_start', '=', windowStart)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return r ? { hits: r.hits, lastHitAt: r.last_hit_at, expiresAt: r.expires_at } : null;
}

export async function deleteCounter(db: Db, key: string, windowStart: Date): Promise<void> {
  await db.deleteFrom('rate_limit_counters').where('key', '=', key).where('window_start', '=', windowStart).execute();
}

export async function deleteExpiredCounters(db: Db, now: Date): Promise<number> {
  const r = await db.deleteFrom('rate_limit_counters').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}

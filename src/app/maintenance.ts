import { ping } from '../store/db.js';
import { deleteExpiredCounters } from '../store/rate-limits.js';
import { deleteExpiredSessions } from '../store/sessions.js';
import type { AppContext } from './context.js';

export async function purgeExpiredSessions(ctx: AppContext): Promise<number> {
  // Expired rate-limit counters go with them.
  await deleteExpiredCounters(ctx.db, ctx.clock());
  return deleteExpiredSessions(ctx.db, ctx.clock());
}

/** Throws when the database does not answer (the readiness probe). */
export async function checkDatabase(ctx: AppContext): Promise<void> {
  await ping(ctx.db);
}

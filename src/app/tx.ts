import type { Transaction } from 'kysely';
import { transaction } from '../store/db.js';
import type { Database } from '../store/schema.js';
import type { AppContext } from './context.js';

/** Runs a use case's writes as one transaction: all of it commits, or none of it. */
export function inTransaction<T>(ctx: AppContext, fn: (trx: Transaction<Database>, now: Date) => Promise<T>): Promise<T> {
  const now = ctx.clock();
  return transaction(ctx.db, (trx) => fn(trx, now));
}

/** PostgreSQL unique-violation detection that works for pg and PGlite errors alike. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string; message?: string };
  if (err?.code !== '23505') return false;
  if (!constraint) return true;
  return err.constraint === constraint || (err.message ?? '').includes(constraint);
}

import type { Transaction } from 'kysely';
import { transaction } from '../store/db.js';
import type { Database } from '../store/schema.js';
import type { AppContext } from './context.js';
import { fieldOf } from '../domain/one-of.js';

/** Runs a use case's writes as one transaction: all of it commits, or none of it. */
export function inTransaction<T>(ctx: AppContext, fn: (trx: Transaction<Database>, now: Date) => Promise<T>): Promise<T> {
  const now = ctx.clock();
  return transaction(ctx.db, (trx) => fn(trx, now));
}

/** PostgreSQL unique-violation detection that works for pg and PGlite errors alike. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  if (fieldOf(e, 'code') !== '23505') return false;
  if (!constraint) return true;
  const message = fieldOf(e, 'message');
  return fieldOf(e, 'constraint') === constraint || (typeof message === 'string' && message.includes(constraint));
}

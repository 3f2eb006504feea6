import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export async function insertSession(
  db: Db,
  s: { token_hash: string; user_id: number; created_at: Date; expires_at: Date; ip: string | null; user_agent: string | null },
): Promise<void> {
  await db.insertInto('sessions').values({ ...s, last_seen_at: s.created_at }).execute();
}

export async function findSession(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.token_hash', 'sessions.user_id', 'sessions.expires_at', 'sessions.last_seen_at', 'users.active'])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
}

export async function touchSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteUserSessions(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function insertApiToken(
  db: Db,
  t: { user_id: number; name: string; prefix: string; token_hash: string; created_at: Date; expires_at: Date | null },
) {
  return db.insertInto('api_tokens').values(t).returning(['id', 'name', 'prefix', 'created_at', 'expires_at']).executeTakeFirstOrThrow();
}

export async function findApiToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id', 'api_tokens.user_id', 'api_tokens.expires_at', 'api_tokens.revoked_at', 'api_tokens.last_used_at', 'users.active'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function markApiTokenUsed(db: Db, id: number, now: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function listApiTokens(db: Db, userId: number) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes every live token of a user (password reset, deactivation): a revoked token never comes back. */
export async function revokeUserApiTokens(db: Db, userId: number, now: Date): Promise<number> {
  const r = await db.updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function revokeApiToken(db: Db, userId: number, id: number, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Sign-in, sessions and personal API tokens.
import { createHash, randomBytes } from 'node:crypto';
import { AppError, fieldInvalid, notFound, TooManyRequests } from '../domain/errors.js';
import { findApiToken, findSession, deleteSession, insertApiToken, insertSession, listApiTokens, markApiTokenUsed, revokeApiToken, touchSession } from '../store/sessions.js';
import { getUser, getUserByUsername, membershipsOf, recordLoginSuccess } from '../store/users.js';
import type { Actor, RequestMeta, UserActor } from './actor.js';
import { requireUser } from './actor.js';
import { appendAudit } from './audit.js';
import type { AppContext } from './context.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';
import { checkLoginThrottle, clearLoginFailures, recordLoginFailure } from './throttle.js';
import { inTransaction } from './tx.js';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const INVALID_CREDENTIALS = new AppError('unauthenticated', 'invalid_credentials', {
  vi: 'Tên đăng nhập hoặc mật khẩu không đúng',
  en: 'Wrong username or password',
});

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: { id: number; username: string; fullName: string; kind: string; memberships: { unitId: number; role: string }[] };
}

/**
 * Signs in. Wrong passwords are throttled per account name and client address with an exponential back-off
 * (src/app/throttle.ts): the same for unknown and known names, and never a lock that others could trigger.
 */
export async function login(ctx: AppContext, meta: RequestMeta & { userAgent: string | null }, username: string, password: string): Promise<LoginResult> {
  const now = ctx.clock();
  await checkLoginThrottle(ctx, username, meta.ip);
  const user = await getUserByUsername(ctx.db, username.trim());
  const ok = user && user.active ? await verifyPassword(password, user.password_hash) : (await verifyPassword(password, await dummyPasswordHash()), false);
  const anon: Actor = { kind: 'anonymous', ip: meta.ip, requestId: meta.requestId };
  if (!ok || !user) {
    const wait = await recordLoginFailure(ctx, username, meta.ip);
    if (user)
      await inTransaction(ctx, async (trx) => {
        await appendAudit(trx, anon, now, {
          action: wait > 0 ? 'auth.throttled' : 'auth.login_failed',
          targetType: 'user',
          targetId: user.id,
          details: { username: user.username, ...(wait > 0 ? { waitSeconds: Math.ceil(wait) } : {}) },
        });
      });
    if (wait > 0) throw new TooManyRequests(wait, 'login_throttled');
    throw INVALID_CREDENTIALS;
  }
  await clearLoginFailures(ctx, username, meta.ip);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ctx.config.sessionHours * 3600_000);
  await inTransaction(ctx, async (trx) => {
    await recordLoginSuccess(trx, user.id, now);
    await insertSession(trx, { token_hash: sha256(token), user_id: user.id, created_at: now, expires_at: expiresAt, ip: meta.ip, user_agent: meta.userAgent?.slice(0, 300) ?? null });
    await appendAudit(trx, { ...anon, kind: 'user', userId: user.id, username: user.username, fullName: user.full_name, userKind: user.kind, memberships: [], via: 'session' }, now, {
      action: 'auth.login',
      targetType: 'user',
      targetId: user.id,
    });
  });
  const ms = await membershipsOf(ctx.db, user.id);
  return { token, expiresAt, user: { id: user.id, username: user.username, fullName: user.full_name, kind: user.kind, memberships: ms.map((m) => ({ unitId: m.unit_id, role: m.role })) } };
}

export async function logout(ctx: AppContext, actor: Actor, token: string): Promise<void> {
  await inTransaction(ctx, async (trx, now) => {
    const n = await deleteSession(trx, sha256(token));
    if (n > 0 && actor.kind === 'user') await appendAudit(trx, actor, now, { action: 'auth.logout', targetType: 'user', targetId: actor.userId });
  });
}

async function actorForUser(ctx: AppContext, userId: number, meta: RequestMeta, via: 'session' | 'token'): Promise<UserActor | null> {
  const user = await getUser(ctx.db, userId);
  if (!user || !user.active) return null;
  const ms = await membershipsOf(ctx.db, userId);
  return {
    kind: 'user',
    userId: user.id,
    username: user.username,
    fullName: user.full_name,
    userKind: user.kind,
    memberships: ms.map((m) => ({ unitId: m.unit_id, role: m.role })),
    via,
    ip: meta.ip,
    requestId: meta.requestId,
  };
}

/** Resolves a session cookie to an actor; refreshes last-seen at most once a minute to spare writes. */
export async function actorFromSession(ctx: AppContext, token: string, meta: RequestMeta): Promise<UserActor | null> {
  const now = ctx.clock();
  const s = await findSession(ctx.db, sha256(token), now);
  if (!s || !s.active) return null;
  if (now.getTime() - s.last_seen_at.getTime() > 60_000) await touchSession(ctx.db, s.token_hash, now);
  return actorForUser(ctx, s.user_id, meta, 'session');
}

export const API_TOKEN_PREFIX = 'mc_';

export async function actorFromApiToken(ctx: AppContext, token: string, meta: RequestMeta): Promise<UserActor | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const now = ctx.clock();
  const t = await findApiToken(ctx.db, sha256(token));
  if (!t || !t.active || t.revoked_at || (t.expires_at && t.expires_at <= now)) return null;
  if (!t.last_used_at || now.getTime() - t.last_used_at.getTime() > 60_000) await markApiTokenUsed(ctx.db, t.id, now);
  return actorForUser(ctx, t.user_id, meta, 'token');
}

export async function createApiToken(ctx: AppContext, actor: Actor, name: string, expiresInDays: number | null) {
  const u = requireUser(actor);
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) throw fieldInvalid('name', { vi: 'Tên token gồm 1–100 ký tự', en: 'Token name must be 1–100 characters' });
  const secret = API_TOKEN_PREFIX + randomBytes(24).toString('base64url');
  return inTransaction(ctx, async (trx, now) => {
    const expires = expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000) : null;
    const row = await insertApiToken(trx, { user_id: u.userId, name: trimmed, prefix: secret.slice(0, 8), token_hash: sha256(secret), created_at: now, expires_at: expires });
    await appendAudit(trx, u, now, { action: 'api_token.create', targetType: 'api_token', targetId: row.id, details: { name: trimmed } });
    return { ...row, token: secret };
  });
}

export async function listMyApiTokens(ctx: AppContext, actor: Actor) {
  const u = requireUser(actor);
  return listApiTokens(ctx.db, u.userId);
}

export async function revokeMyApiToken(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  const u = requireUser(actor);
  await inTransaction(ctx, async (trx, now) => {
    if (!(await revokeApiToken(trx, u.userId, id, now))) throw notFound({ vi: 'token', en: 'Token' });
    await appendAudit(trx, u, now, { action: 'api_token.revoke', targetType: 'api_token', targetId: id });
  });
}

// Rate limits and back-off, counted in PostgreSQL (src/store/rate-limits.ts) so that every process sees the same
// counts. Three uses:
// - route limits (a number of requests per window): per account for signed-in staff, since a whole centre sits
//   behind one address, and per address for everyone else;
// - sign-in back-off per account and address: MOTCUA_LOGIN_MAX_FAILURES failures are free, then each further one
//   doubles the wait (30 s, 1 min, 2 min…) up to MOTCUA_LOCKOUT_MINUTES. An unknown username is counted exactly like
//   a known one, so the answers never tell whether an account exists, and failures from one address never lock the
//   account out anywhere else;
// - verifier failures of public tracking per dossier code, whatever the address.
import { TooManyRequests } from '../domain/errors.js';
import { deleteCounter, hitCounter, readCounter, ROLLING } from '../store/rate-limits.js';
import type { Actor } from './actor.js';
import type { AppContext } from './context.js';

export interface RateRule {
  /** Routes with the same bucket share their counts (the login API and the login page). */
  bucket: string;
  max: number;
  windowSeconds: number;
}

/** Whom a route limit counts: the account of signed-in staff, else the client address. */
export function rateSubject(actor: Actor): string {
  if (actor.kind === 'user' && actor.userKind === 'staff') return `u:${actor.userId}`;
  return `a:${actor.kind === 'system' ? 'system' : (actor.ip ?? 'unknown')}`;
}

/** Counts one request against a route limit; throws 429 with the wait once the window's count is over. */
export async function consumeRate(ctx: AppContext, rule: RateRule, subject: string): Promise<void> {
  const now = ctx.clock();
  const len = rule.windowSeconds * 1000;
  const start = new Date(Math.floor(now.getTime() / len) * len);
  const end = new Date(start.getTime() + len);
  const c = await hitCounter(ctx.db, `${rule.bucket}|${subject}`, start, now, end);
  if (c.hits > rule.max) throw new TooManyRequests((end.getTime() - now.getTime()) / 1000);
}

/** How long a sign-in failure is remembered without a new one. */
const LOGIN_MEMORY_MS = 24 * 3600_000;
const LOGIN_BASE_DELAY_S = 30;

const loginKey = (username: string, ip: string | null) => `login|${username.trim().toLowerCase()}|${ip ?? 'unknown'}`;

/** Seconds to wait after `failures` failures in a row from one address for one account name. */
export function loginDelaySeconds(ctx: AppContext, failures: number): number {
  const free = ctx.config.loginMaxFailures;
  if (failures < free) return 0;
  return Math.min(ctx.config.lockoutMinutes * 60, LOGIN_BASE_DELAY_S * 2 ** Math.min(failures - free, 30));
}

function waitLeft(ctx: AppContext, failures: number, lastAt: Date, now: Date): number {
  return (lastAt.getTime() + loginDelaySeconds(ctx, failures) * 1000 - now.getTime()) / 1000;
}

/** Before checking a password: refuses while this account name is in back-off from this address. */
export async function checkLoginThrottle(ctx: AppContext, username: string, ip: string | null): Promise<void> {
  const now = ctx.clock();
  const c = await readCounter(ctx.db, loginKey(username, ip), ROLLING, now);
  if (!c) return;
  const left = waitLeft(ctx, c.hits, c.lastHitAt, now);
  if (left > 0) throw new TooManyRequests(left, 'login_throttled');
}

/** After a wrong password: counts it; returns the wait the next attempt faces (0 while failures are still free). */
export async function recordLoginFailure(ctx: AppContext, username: string, ip: string | null): Promise<number> {
  const now = ctx.clock();
  const c = await hitCounter(ctx.db, loginKey(username, ip), ROLLING, now, new Date(now.getTime() + LOGIN_MEMORY_MS));
  return Math.max(0, waitLeft(ctx, c.hits, c.lastHitAt, now));
}

export async function clearLoginFailures(ctx: AppContext, username: string, ip: string | null): Promise<void> {
  await deleteCounter(ctx.db, loginKey(username, ip), ROLLING);
}

/**
 * Wrong verifiers for one dossier code, from anywhere: a 4-digit verifier has only 10,000 values, so many addresses
 * together must not be able to try them all. The long tracking token of the QR code is not limited by this.
 */
export const TRACKING_CODE_RULE = { max: 20, windowSeconds: 3600 };

const trackingKey = (code: string) => `tracking-code|${code}`;

export async function checkTrackingCode(ctx: AppContext, code: string): Promise<void> {
  const now = ctx.clock();
  const c = await readCounter(ctx.db, trackingKey(code), ROLLING, now);
  if (c && c.hits >= TRACKING_CODE_RULE.max) throw new TooManyRequests((c.expiresAt.getTime() - now.getTime()) / 1000, 'tracking_throttled');
}

export async function recordTrackingFailure(ctx: AppContext, code: string): Promise<void> {
  const now = ctx.clock();
  // Rolling: the window is extended by each failure, so steady guessing never gets a fresh allowance.
  await hitCounter(ctx.db, trackingKey(code), ROLLING, now, new Date(now.getTime() + TRACKING_CODE_RULE.windowSeconds * 1000));
}

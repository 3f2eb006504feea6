import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, UserActor } from '../app/actor.js';
import type { AppContext } from '../app/context.js';
import type { Lang } from './i18n.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    lang: Lang;
    csrfToken: string;
    sessionToken: string | null;
  }
}

export const SESSION_COOKIE = 'motcua_session';
export const CSRF_COOKIE = 'motcua_csrf';
export const LANG_COOKIE = 'motcua_lang';

export interface HttpDeps {
  ctx: AppContext;
}

export function pageUser(req: FastifyRequest, reply: FastifyReply): UserActor | null {
  if (req.actor.kind === 'user') return req.actor;
  const next = encodeURIComponent(req.url);
  void reply.redirect(`/login?next=${next}`, 303);
  return null;
}

/** Only same-site relative paths may be redirect targets, so /login?next= cannot be used for phishing. */
export function safeNext(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

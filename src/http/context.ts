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

const NEXT_BASE = 'http://motcua.invalid';

/**
 * The one check of every `next` redirect target (the language switch, sign-in): only a same-origin path, as the URL
 * parser reads it, so /login?next= and /lang?next= cannot send anyone to another site. Anything with a control,
 * whitespace or non-ASCII character is refused outright (a browser drops TAB and newlines, which would turn
 * "/\t/evil.example" into "//evil.example"); the answer is re-serialised by the parser, so it is always a valid,
 * percent-encoded Location header.
 */
export function safeNext(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return fallback;
  // Controls (C0, DEL, C1), any whitespace, and every character above U+007E.
  if (/[^\x21-\x7e]/.test(next)) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  let url: URL;
  try {
    url = new URL(next, NEXT_BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== NEXT_BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('/') && !path.startsWith('//') ? path : fallback;
}

import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../../app/actor.js';
import { createApiToken, listMyApiTokens, login, logout, revokeMyApiToken } from '../../app/auth.js';
import type { AppContext } from '../../app/context.js';
import type { RateRule } from '../../app/throttle.js';
import { SESSION_COOKIE } from '../context.js';
import { errorBodySchema } from '../errors.js';
import { secureCookies } from '../server.js';
import { idParam, msg } from './schemas.js';

/** Sign-in attempts per address (or per staff account) a minute, on the API and the page together. */
export const LOGIN_RATE: RateRule = { bucket: 'login', max: 10, windowSeconds: 60 };
/** Self-registrations per address a minute. */
export const REGISTER_RATE: RateRule = { bucket: 'register', max: 10, windowSeconds: 60 };

const me = z.object({
  id: z.number(),
  username: z.string(),
  fullName: z.string(),
  kind: z.string(),
  memberships: z.array(z.object({ unitId: z.number(), role: z.string() })),
});

/**
 * The session cookie's lifetime is relative (Max-Age), never an absolute Expires computed from the application
 * clock: the browser judges Expires by its own clock, so a server clock that differs from it (a test clock, a skewed
 * host) would make the browser drop a fresh session. The server still checks the session's expiry in the database.
 */
export function setSessionCookie(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies(ctx, req.protocol), maxAge: ctx.config.sessionHours * 3600 });
}

export function registerAuthApi(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/auth/login',
    {
      config: { rateLimit: LOGIN_RATE },
      schema: {
        tags: ['auth'],
        summary: 'Đăng nhập / Sign in; sets the HttpOnly session cookie',
        body: z.object({
          username: z.string().min(1, msg('Cần tên đăng nhập', 'Username is required')).max(64),
          password: z.string().min(1, msg('Cần mật khẩu', 'Password is required')).max(200),
        }),
        response: { 200: z.object({ user: me, expiresAt: z.string() }), 401: errorBodySchema, 429: errorBodySchema },
      },
    },
    async (req, reply) => {
      const result = await login(ctx, { ip: req.ip, requestId: String(req.id), userAgent: req.headers['user-agent'] ?? null }, req.body.username, req.body.password);
      setSessionCookie(ctx, req, reply, result.token);
      return { user: result.user, expiresAt: result.expiresAt.toISOString() };
    },
  );
  r.post('/api/v1/auth/logout', { schema: { tags: ['auth'], summary: 'Đăng xuất / Sign out', response: { 204: z.null() } } }, async (req, reply) => {
    if (req.sessionToken) await logout(ctx, req.actor, req.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });
  r.get('/api/v1/me', { schema: { tags: ['auth'], summary: 'Người dùng hiện tại / Current user', response: { 200: me, 401: errorBodySchema } } }, async (req) => {
    const u = requireUser(req.actor);
    return { id: u.userId, username: u.username, fullName: u.fullName, kind: u.userKind, memberships: u.memberships };
  });

  const token = z.object({ id: z.number(), name: z.string(), prefix: z.string(), createdAt: z.string(), expiresAt: z.string().nullable(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() });
  r.get('/api/v1/me/tokens', { schema: { tags: ['auth'], summary: 'API tokens của tôi / My API tokens', response: { 200: z.array(token) } } }, async (req) => {
    const rows = await listMyApiTokens(ctx, req.actor);
    return rows.map((t) => ({
      id: t.id,
      name: t.name,
      prefix: t.prefix,
      createdAt: t.created_at.toISOString(),
      expiresAt: t.expires_at?.toISOString() ?? null,
      lastUsedAt: t.last_used_at?.toISOString() ?? null,
      revokedAt: t.revoked_at?.toISOString() ?? null,
    }));
  });
  r.post(
    '/api/v1/me/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Tạo API token cá nhân / Create a personal API token (shown once)',
        body: z.object({ name: z.string().min(1).max(100), expiresInDays: z.number().int().min(1).max(730).nullable().optional() }),
        response: { 201: z.object({ id: z.number(), name: z.string(), token: z.string(), expiresAt: z.string().nullable() }) },
      },
    },
    async (req, reply) => {
      const t = await createApiToken(ctx, req.actor, req.body.name, req.body.expiresInDays ?? null);
      return reply.code(201).send({ id: t.id, name: t.name, token: t.token, expiresAt: t.expires_at?.toISOString() ?? null });
    },
  );
  r.delete('/api/v1/me/tokens/:id', { schema: { tags: ['auth'], summary: 'Thu hồi token / Revoke a token', params: idParam, response: { 204: z.null() } } }, async (req, reply) => {
    await revokeMyApiToken(ctx, req.actor, req.params.id);
    return reply.code(204).send(null);
  });
}

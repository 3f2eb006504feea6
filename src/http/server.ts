// Builds the Fastify application: plugins, the request → actor hook, CSRF, errors, and every route.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from '@fastify/type-provider-zod';
import { shownSchema } from './api/documented.js';
import Fastify, { type FastifyInstance } from 'fastify';
import { actorFromApiToken, actorFromSession } from '../app/auth.js';
import { consumeRate, rateSubject, type RateRule } from '../app/throttle.js';
import type { AppContext } from '../app/context.js';
import { AppError } from '../domain/errors.js';
import { CSRF_COOKIE, LANG_COOKIE, SESSION_COOKIE } from './context.js';
import { notFoundBody, sendError, toErrorResponse } from './errors.js';
import { badRequest, badUrl, checkParsedInput, checkRequestLine } from './input.js';
import { registerApi } from './api/index.js';
import { registerPages } from './pages/routes.js';
import { renderErrorPage } from './pages/error-page.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route limit counted in PostgreSQL, shared by every process (src/app/throttle.ts). */
    rateLimit?: RateRule;
  }
}

export interface ServerOptions {
  logger?: boolean;
}

export const API_VERSION = '0.1.0';

/**
 * Whether the site is served over HTTPS: MOTCUA_SECURE_COOKIES=true says so, false says not, auto asks the request
 * (its X-Forwarded-Proto when MOTCUA_TRUST_PROXY=true). Secure cookies and `upgrade-insecure-requests` follow it.
 */
export function secureCookies(ctx: AppContext, protocol: string): boolean {
  if (ctx.config.secureCookies === 'true') return true;
  if (ctx.config.secureCookies === 'false') return false;
  return protocol === 'https';
}

export async function buildServer(ctx: AppContext, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === false || ctx.config.logLevel === 'silent' ? false : { level: ctx.config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: ctx.config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // The router's own refusals (bad percent-encoding, an over-long path parameter) in the documented error shape.
    frameworkErrors: (err, req, reply) =>
      sendError(reply, req, err.code === 'FST_ERR_BAD_URL' ? badUrl() : badRequest('bad_request', { vi: 'Yêu cầu không hợp lệ', en: 'Bad request' })),
    // Refused by Node's HTTP parser before Fastify sees a request (headers over 16 KB, malformed request lines).
    clientErrorHandler: (err: NodeJS.ErrnoException, socket) => {
      if (err.code === 'ECONNRESET' || socket.destroyed) return;
      const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
      const { body } = toErrorResponse(
        tooLarge
          ? badRequest('headers_too_large', { vi: 'Tiêu đề hoặc địa chỉ yêu cầu quá dài', en: 'The request headers or URL are too long' })
          : badRequest('bad_request', { vi: 'Yêu cầu HTTP sai cú pháp', en: 'Malformed HTTP request' }),
      );
      const text = JSON.stringify(body);
      if (socket.writable)
        socket.write(`HTTP/1.1 400 Bad Request\r\nContent-Length: ${Buffer.byteLength(text)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${text}`);
      socket.destroy(err);
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: ctx.config.bodyLimitBytes });
  // Upload forms: parts are buffered into the body (bounded by the upload limits) so that the CSRF check and the
  // handlers see fields and files together; the app checks each file's real type and size before storing it.
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: ctx.config.uploadMaxBytes, files: 20, fields: 200, parts: 220 },
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Added per request, and only over HTTPS (see the onRequest hook): on a plain-HTTP intranet address it would
        // send every form and stylesheet to an https:// address that does not answer.
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Một Cửa API',
        description:
          'API của hệ thống Một Cửa điện tử / API of the Một Cửa one-stop-shop system. Errors: { error: { code, message: {vi,en}, fields: [{path, message}] } }.',
        version: API_VERSION,
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer', description: 'Personal API token (mc_...)' },
        },
      },
    },
    transform: (input) => jsonSchemaTransform({ ...input, schema: shownSchema(input.schema) }),
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  app.decorateRequest('actor', null as never);
  app.decorateRequest('lang', 'vi');
  app.decorateRequest('csrfToken', '');
  app.decorateRequest('sessionToken', null);

  app.addHook('onRequest', async (req, reply) => {
    checkRequestLine(req);
    const meta = { ip: req.ip ?? null, requestId: String(req.id) };
    req.actor = { kind: 'anonymous', ...meta };
    const langCookie = req.cookies[LANG_COOKIE];
    req.lang = langCookie === 'en' ? 'en' : 'vi';
    reply.header('x-request-id', String(req.id));
    if (secureCookies(ctx, req.protocol)) {
      const csp = reply.getHeader('content-security-policy');
      if (typeof csp === 'string') reply.header('content-security-policy', `${csp};upgrade-insecure-requests`);
    }

    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const actor = await actorFromApiToken(ctx, auth.slice(7).trim(), meta);
      if (!actor) throw new AppError('unauthenticated', 'invalid_token', { vi: 'API token không hợp lệ hoặc đã hết hạn', en: 'Invalid or expired API token' });
      req.actor = actor;
    } else {
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        const actor = await actorFromSession(ctx, token, meta);
        if (actor) {
          req.actor = actor;
          req.sessionToken = token;
        } else {
          reply.clearCookie(SESSION_COOKIE, { path: '/' });
        }
      }
    }
    let csrf = req.cookies[CSRF_COOKIE];
    if (!csrf || !/^[A-Za-z0-9_-]{32,64}$/.test(csrf)) {
      csrf = randomBytes(24).toString('base64url');
      reply.setCookie(CSRF_COOKIE, csrf, { path: '/', httpOnly: true, sameSite: 'strict', secure: secureCookies(ctx, req.protocol) });
    }
    req.csrfToken = csrf;
    // Route limits count per account for signed-in staff (a centre shares one address), per address otherwise.
    const rule = req.routeOptions.config?.rateLimit;
    if (rule) await consumeRate(ctx, rule, rateSubject(req.actor));
  });

  app.addHook('preValidation', async (req) => checkParsedInput(req));

  // Forms carry the CSRF token of the double-submit cookie; the JSON API only accepts application/json,
  // which a cross-site form cannot send, and its session cookie is SameSite.
  app.addHook('preValidation', async (req) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (req.url.startsWith('/api/')) {
      // Upload routes take multipart/form-data and check the session's CSRF token themselves.
      const upload = type === 'multipart/form-data' && req.routeOptions.config.multipartUpload === true;
      if (type && type !== 'application/json' && !upload)
        throw new AppError('invalid', 'unsupported_media_type', { vi: 'API chỉ nhận dữ liệu application/json', en: 'The API only accepts application/json' });
      return;
    }
    const field = (req.body as Record<string, unknown> | undefined)?._csrf;
    // Multipart bodies carry fields as { value }.
    const sent = typeof field === 'object' && field !== null ? (field as { value?: unknown }).value : field;
    const a = Buffer.from(typeof sent === 'string' ? sent : '');
    const b = Buffer.from(req.csrfToken);
    if (a.length !== b.length || !timingSafeEqual(a, b))
      throw new AppError('forbidden', 'csrf_failed', {
        vi: 'Phiên biểu mẫu đã hết hạn; hãy tải lại trang và gửi lại',
        en: 'The form has expired; reload the page and submit again',
      });
  });

  app.setErrorHandler((err, req, reply) => {
    if (req.url.startsWith('/api/') || req.url.startsWith('/healthz') || req.url.startsWith('/readyz') || !acceptsHtml(req.headers.accept)) return sendError(reply, req, err);
    return renderErrorPage(req, reply, err);
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !acceptsHtml(req.headers.accept)) return reply.code(404).send(notFoundBody);
    return renderErrorPage(req, reply, new AppError('not_found', 'not_found', { vi: 'Không tìm thấy trang', en: 'Page not found' }));
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await registerApi(app, ctx);
  await registerPages(app, ctx);
  return app;
}

function acceptsHtml(accept: string | undefined): boolean {
  return !!accept && accept.includes('text/html');
}

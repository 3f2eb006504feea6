import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UserActor } from '../../app/actor.js';
import { createApiToken, listMyApiTokens, login, logout, revokeMyApiToken } from '../../app/auth.js';
import type { AppContext } from '../../app/context.js';
import { LANG_COOKIE, SESSION_COOKIE, pageUser, safeNext } from '../context.js';
import { formatDateTime, tr, UI } from '../i18n.js';
import { setSessionCookie, LOGIN_RATE } from '../api/auth.js';
import { setRetryAfter } from '../errors.js';
import { attempt, intOrNull, str, type FormBody, type FormFailure } from './forms.js';
import { Layout, sendPage } from './layout.js';
import { Csrf, ErrorSummary, Field, Notice, PostButton } from './components.js';
import { CSS } from './static.js';
import { HomePage } from './home.js';
import { registerAdminPages } from './admin.js';
import { registerCalendarPages } from './calendar.js';
import { registerCataloguePages } from './catalogue.js';
import { registerOnlinePages } from './online.js';
import { registerTrackingPages } from './tracking.js';
import { registerDeskPages } from './desk/routes.js';
import { registerDossierPages } from './dossier/routes.js';
import { registerDossierFormPages } from './dossier-forms.js';
import { registerDelegationPages } from './delegations.js';
import { registerSettingsPages } from './settings.js';
import { registerStatisticsPages } from './statistics/page.js';
import { registerPublicStatisticsPages } from './statistics/public.js';

function loginPage(req: FastifyRequest, username: string, next: string, failure?: Pick<FormFailure, 'message' | 'fields'>) {
  const lang = req.lang;
  return (
    <Layout req={req} title={UI.login}>
      <ErrorSummary lang={lang} message={failure?.message} fields={failure?.fields} />
      <form method="post" action="/login" class="narrow" novalidate>
        <Csrf req={req} />
        <input type="hidden" name="next" value={next} />
        <Field lang={lang} name="username" label={UI.username} value={username} required autocomplete="username" errors={failure?.fields} />
        <Field lang={lang} name="password" label={UI.password} type="password" required autocomplete="current-password" errors={failure?.fields} />
        <button type="submit">{tr(lang, UI.login)}</button>
      </form>
      <p class="muted">
        {lang === 'vi'
          ? 'Công dân, doanh nghiệp chưa có tài khoản có thể đăng ký khi nộp hồ sơ trực tuyến.'
          : 'Citizens and businesses without an account can register when applying online.'}
      </p>
    </Layout>
  );
}

async function accountPage(ctx: AppContext, req: FastifyRequest, created?: { token: string; name: string }, failure?: Pick<FormFailure, 'message' | 'fields'>) {
  const user = req.actor as UserActor;
  const lang = req.lang;
  const tokens = await listMyApiTokens(ctx, req.actor);
  return (
    <Layout req={req} title={UI.account}>
      <p>
        <strong>{user.fullName}</strong> ({user.username})
      </p>
      <h2>{lang === 'vi' ? 'API token cá nhân' : 'Personal API tokens'}</h2>
      <p class="muted">
        {lang === 'vi'
          ? 'Dùng cho tích hợp: gửi kèm tiêu đề Authorization: Bearer <token>. Token chỉ hiển thị một lần.'
          : 'For integrations: send the header Authorization: Bearer <token>. A token is shown only once.'}
      </p>
      {created && (
        <Notice>
          <p>{lang === 'vi' ? `Token "${created.name}" đã được tạo. Hãy sao chép ngay:` : `Token "${created.name}" created. Copy it now:`}</p>
          <p>
            <code id="new-token">{created.token}</code>
          </p>
        </Notice>
      )}
      <ErrorSummary lang={lang} message={failure?.message} fields={failure?.fields} />
      <form method="post" action="/account/tokens">
        <Csrf req={req} />
        <Field lang={lang} name="name" label={{ vi: 'Tên token (mục đích)', en: 'Token name (purpose)' }} required errors={failure?.fields} />
        <Field lang={lang} name="expiresInDays" label={{ vi: 'Hết hạn sau (ngày, để trống = không hết hạn)', en: 'Expires after (days, empty = never)' }} type="number" inputmode="numeric" errors={failure?.fields} />
        <button type="submit">{tr(lang, UI.create)}</button>
      </form>
      {tokens.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{tr(lang, UI.name)}</th>
                <th>{lang === 'vi' ? 'Tiền tố' : 'Prefix'}</th>
                <th>{lang === 'vi' ? 'Tạo lúc' : 'Created'}</th>
                <th>{lang === 'vi' ? 'Dùng lần cuối' : 'Last used'}</th>
                <th>{tr(lang, UI.status)}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{formatDateTime(t.created_at, lang)}</td>
                  <td>{formatDateTime(t.last_used_at, lang)}</td>
                  <td>
                    {t.revoked_at ? (
                      <span class="badge err">{lang === 'vi' ? 'Đã thu hồi' : 'Revoked'}</span>
                    ) : (
                      <PostButton req={req} action={`/account/tokens/${t.id}/revoke`} class="secondary" label={lang === 'vi' ? 'Thu hồi' : 'Revoke'} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** The signed-in user's account: personal API tokens. */
function registerAccountPages(app: FastifyInstance, ctx: AppContext) {
  app.get('/account', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    return sendPage(reply, await accountPage(ctx, req));
  });
  app.post<{ Body: FormBody }>('/account/tokens', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const days = intOrNull(req.body, 'expiresInDays');
    if (Number.isNaN(days) || (days !== null && (days < 1 || days > 730))) {
      const f = [{ path: 'expiresInDays', message: { vi: 'Số ngày từ 1 đến 730', en: 'Between 1 and 730 days' } }];
      return sendPage(reply, await accountPage(ctx, req, undefined, { message: UI.errorsFound, fields: f }), 400);
    }
    const r = await attempt(() => createApiToken(ctx, req.actor, str(req.body, 'name'), days));
    if (!r.ok) return sendPage(reply, await accountPage(ctx, req, undefined, r.failure), r.failure.status);
    return sendPage(reply, await accountPage(ctx, req, { token: r.value.token, name: r.value.name }), 201);
  });
  app.post<{ Params: { id: string } }>('/account/tokens/:id/revoke', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    await revokeMyApiToken(ctx, req.actor, Number(req.params.id) || 0);
    return reply.redirect('/account', 303);
  });
}

export async function registerPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/static/app.css', { schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(CSS),
  );

  app.get<{ Params: { lang: string }; Querystring: { next?: string } }>('/lang/:lang', { schema: { hide: true } }, async (req, reply) => {
    const lang = req.params.lang === 'en' ? 'en' : 'vi';
    reply.setCookie(LANG_COOKIE, lang, { path: '/', sameSite: 'lax', maxAge: 365 * 86400 });
    return reply.redirect(safeNext(req.query.next), 303);
  });


  app.get<{ Querystring: { next?: string } }>('/login', { schema: { hide: true } }, async (req, reply) => {
    if (req.actor.kind === 'user') return reply.redirect(safeNext(req.query.next), 303);
    return sendPage(reply, loginPage(req, '', safeNext(req.query.next)));
  });

  app.post<{ Body: FormBody }>('/login', { schema: { hide: true }, config: { rateLimit: LOGIN_RATE } }, async (req, reply) => {
    const username = str(req.body, 'username');
    const password = str(req.body, 'password');
    const next = safeNext(str(req.body, 'next'));
    if (!username || !password) {
      const fields = [
        ...(!username ? [{ path: 'username', message: { vi: 'Cần nhập tên đăng nhập', en: 'Enter your username' } }] : []),
        ...(!password ? [{ path: 'password', message: { vi: 'Cần nhập mật khẩu', en: 'Enter your password' } }] : []),
      ];
      return sendPage(reply, loginPage(req, username, next, { message: UI.errorsFound, fields }), 400);
    }
    const r = await attempt(() => login(ctx, { ip: req.ip, requestId: String(req.id), userAgent: req.headers['user-agent'] ?? null }, username, password));
    if (!r.ok) {
      setRetryAfter(reply, r.failure.error);
      return sendPage(reply, loginPage(req, username, next, r.failure), r.failure.status);
    }
    setSessionCookie(ctx, req, reply, r.value.token);
    return reply.redirect(next, 303);
  });

  app.post('/logout', { schema: { hide: true } }, async (req, reply) => {
    if (req.sessionToken) await logout(ctx, req.actor, req.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });

  app.get('/', { schema: { hide: true } }, async (req, reply) => sendPage(reply, await HomePage(ctx, req)));


  registerAccountPages(app, ctx);

  await registerAdminPages(app, ctx);

  await registerSettingsPages(app, ctx);
  await registerCalendarPages(app, ctx);
  await registerCataloguePages(app, ctx);
  await registerOnlinePages(app, ctx);
  await registerTrackingPages(app, ctx);
  await registerDeskPages(app, ctx);
  await registerDossierPages(app, ctx);
  await registerDossierFormPages(app, ctx);
  await registerDelegationPages(app, ctx);
  await registerStatisticsPages(app, ctx);
  await registerPublicStatisticsPages(app, ctx);
}

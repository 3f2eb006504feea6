import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../app/actor.js';
import type { Bilingual } from '../../domain/errors.js';
import { raw, type Child, type SafeHtml } from '../jsx/jsx-runtime.js';
import { tr, UI, type Lang } from '../i18n.js';
import { Csrf } from './components.js';

export interface PageProps {
  req: FastifyRequest;
  title: Bilingual;
  children?: Child;
}

function NavLinks({ actor, lang }: { actor: Actor; lang: Lang }) {
  const calc = <a href="/deadline">{tr(lang, UI.deadlineCalc)}</a>;
  const procedures = <a href="/procedures">{tr(lang, UI.procedures)}</a>;
  const tracking = <a href="/tra-cuu">{lang === 'vi' ? 'Tra cứu hồ sơ' : 'Track a dossier'}</a>;
  const published = <a href="/cong-khai/thong-ke">{lang === 'vi' ? 'Kết quả giải quyết' : 'Published results'}</a>;
  if (actor.kind !== 'user')
    return (
      <>
        {procedures}
        {tracking}
        {published}
        {calc}
        <a href="/login">{tr(lang, UI.login)}</a>
      </>
    );
  if (actor.userKind !== 'staff')
    return (
      <>
        <a href="/">{tr(lang, UI.home)}</a>
        <a href="/my/dossiers">{lang === 'vi' ? 'Hồ sơ của tôi' : 'My dossiers'}</a>
        {procedures}
        {tracking}
        {calc}
        <a href="/account">{tr(lang, UI.account)}</a>
      </>
    );
  const roles = new Set(actor.memberships.map((m) => m.role));
  const isAdmin = roles.has('admin');
  const canAudit = isAdmin || roles.has('monitor');
  const handles = roles.has('desk') || roles.has('specialist') || roles.has('leader');
  return (
    <>
      <a href="/">{tr(lang, UI.home)}</a>
      {roles.has('desk') && <a href="/desk">{lang === 'vi' ? 'Tiếp nhận hồ sơ' : 'Reception desk'}</a>}
      {(handles || canAudit) && <a href="/inbox">{lang === 'vi' ? 'Hồ sơ cần xử lý' : 'Inbox'}</a>}
      {handles && <a href="/delegations">{lang === 'vi' ? 'Ủy quyền' : 'Delegations'}</a>}
      {(handles || canAudit) && <a href="/reports/tracking-book">{lang === 'vi' ? 'Sổ theo dõi' : 'Tracking book'}</a>}
      {(roles.has('leader') || canAudit) && <a href="/thong-ke">{lang === 'vi' ? 'Thống kê' : 'Statistics'}</a>}
      {isAdmin && <a href="/admin/units">{tr(lang, UI.units)}</a>}
      {isAdmin && <a href="/admin/users">{tr(lang, UI.users)}</a>}
      {(isAdmin || roles.has('monitor')) && <a href="/admin/procedures">{tr(lang, UI.catalogue)}</a>}
      {isAdmin && <a href="/admin/calendar">{tr(lang, UI.calendar)}</a>}
      {isAdmin && <a href="/admin/settings/dossier-rules">{lang === 'vi' ? 'Quy định hồ sơ' : 'Dossier rules'}</a>}
      {isAdmin && <a href="/admin/jobs">{tr(lang, UI.jobs)}</a>}
      {canAudit && <a href="/admin/audit">{tr(lang, UI.audit)}</a>}
      {procedures}
      {calc}
      <a href="/account">{tr(lang, UI.account)}</a>
    </>
  );
}

export function Layout({ req, title, children }: PageProps): SafeHtml {
  const lang = req.lang;
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  const actor = req.actor;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${tr(lang, title)} · ${tr(lang, UI.appName)}`}</title>
          <link rel="stylesheet" href="/static/app.css" />
        </head>
        <body>
          <a class="skip" href="#main">
            {tr(lang, UI.skipToContent)}
          </a>
          <header class="top">
            <div class="brand">
              <a href="/" class="logo">
                {tr(lang, UI.appName)}
              </a>
              <span class="tagline">{tr(lang, UI.tagline)}</span>
            </div>
            <nav aria-label={lang === 'vi' ? 'Điều hướng chính' : 'Main navigation'}>
              <NavLinks actor={actor} lang={lang} />
              <a href={`/lang/${other}?next=${encodeURIComponent(req.url)}`} lang={other} hreflang={other}>
                {tr(lang, UI.switchLang)}
              </a>
              {actor.kind === 'user' && (
                <form method="post" action="/logout" class="inline">
                  <Csrf req={req} />
                  <button type="submit" class="link">
                    {tr(lang, UI.logout)} ({actor.username})
                  </button>
                </form>
              )}
            </nav>
          </header>
          <main id="main" tabindex="-1">
            <h1>{tr(lang, title)}</h1>
            {children}
          </main>
          <footer>
            <p>
              {lang === 'vi'
                ? 'Một Cửa — phần mềm mã nguồn mở cho Bộ phận Một cửa các cấp.'
                : 'Một Cửa — open-source software for one-stop desks at every level.'}{' '}
              <a href="/docs">API</a>
            </p>
          </footer>
        </body>
      </html>
    </>
  );
}

export function sendPage(reply: FastifyReply, html: SafeHtml, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html.html);
}

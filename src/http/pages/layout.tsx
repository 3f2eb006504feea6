import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../app/actor.js';
import type { Bilingual, FieldError } from '../../domain/errors.js';
import { raw, type Child, type SafeHtml } from '../jsx/jsx-runtime.js';
import { tr, UI, type Lang } from '../i18n.js';

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
                  <input type="hidden" name="_csrf" value={req.csrfToken} />
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

export function Csrf({ req }: { req: FastifyRequest }) {
  return <input type="hidden" name="_csrf" value={req.csrfToken} />;
}

/**
 * One button that posts to `action` (with the CSRF token and any hidden fields), for the row actions of a table:
 * retry a job, revoke a token or a delegation, receive a dossier.
 */
export function PostButton(props: { req: FastifyRequest; action: string; label: string; ariaLabel?: string; class?: string; hidden?: Record<string, string | number> }) {
  return (
    <form method="post" action={props.action} class="inline">
      <Csrf req={props.req} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={props.class} aria-label={props.ariaLabel}>
        {props.label}
      </button>
    </form>
  );
}

export function ErrorSummary({ lang, message, fields }: { lang: Lang; message?: Bilingual | null; fields?: FieldError[] }) {
  if (!message && !fields?.length) return null;
  return (
    <div class="error-summary" role="alert" tabindex="-1" id="error-summary">
      <p>
        <strong>{message ? tr(lang, message) : tr(lang, UI.errorsFound)}</strong>
      </p>
      {fields && fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li>
              <a href={`#f-${f.path.split('.')[0]}`}>{tr(lang, f.message)}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Notice({ children }: { children?: Child }) {
  return (
    <div class="notice" role="status">
      {children}
    </div>
  );
}

/** A labelled input wired to its error message for screen readers. */
export function Field(props: {
  lang: Lang;
  name: string;
  label: Bilingual;
  value?: string | number | null;
  type?: string;
  required?: boolean;
  errors?: FieldError[];
  hint?: Bilingual;
  autocomplete?: string;
  pattern?: string;
  inputmode?: string;
}) {
  const id = `f-${props.name}`;
  const err = props.errors?.find((e) => e.path === props.name || e.path.startsWith(`${props.name}.`));
  const describedBy = [props.hint ? `${id}-hint` : null, err ? `${id}-err` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={err ? 'field has-error' : 'field'}>
      <label for={id}>
        {tr(props.lang, props.label)}
        {props.required && <span aria-hidden="true"> *</span>}
      </label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {tr(props.lang, props.hint)}
        </p>
      )}
      {err && (
        <p class="field-error" id={`${id}-err`}>
          {tr(props.lang, err.message)}
        </p>
      )}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={describedBy}
        autocomplete={props.autocomplete}
        pattern={props.pattern}
        inputmode={props.inputmode}
      />
    </div>
  );
}

export function Select(props: {
  lang: Lang;
  name: string;
  label: Bilingual;
  options: { value: string; label: string }[];
  value?: string | null;
  errors?: FieldError[];
  required?: boolean;
}) {
  const id = `f-${props.name}`;
  const err = props.errors?.find((e) => e.path === props.name || e.path.startsWith(`${props.name}.`));
  return (
    <div class={err ? 'field has-error' : 'field'}>
      <label for={id}>{tr(props.lang, props.label)}</label>
      {err && (
        <p class="field-error" id={`${id}-err`}>
          {tr(props.lang, err.message)}
        </p>
      )}
      <select id={id} name={props.name} required={props.required} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${id}-err` : undefined}>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === (props.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A column heading: bilingual, or a plain string for symbols and text that is already in the document's language. */
export type ColumnLabel = Bilingual | string;
export type Column = ColumnLabel | { label: ColumnLabel; class?: string };

const labelText = (lang: Lang, l: ColumnLabel) => (typeof l === 'string' ? l : tr(lang, l));

/**
 * A data table in its scrolling wrapper, every heading a column header for screen readers. Falsy columns are
 * dropped so that a column shown only to some readers can be written inline; with no columns there is no thead
 * (a table of label/value rows).
 */
export function DataTable(props: {
  lang: Lang;
  columns?: (Column | false | null | undefined)[];
  class?: string;
  caption?: ColumnLabel;
  captionClass?: string;
  children?: Child;
}) {
  const { lang } = props;
  const columns = (props.columns ?? []).filter((c): c is Column => !!c);
  return (
    <div class="table-wrap">
      <table class={props.class}>
        {props.caption !== undefined && <caption class={props.captionClass}>{labelText(lang, props.caption)}</caption>}
        {columns.length > 0 && (
          <thead>
            <tr>
              {columns.map((c) =>
                typeof c === 'object' && 'label' in c ? (
                  <th scope="col" class={c.class}>
                    {labelText(lang, c.label)}
                  </th>
                ) : (
                  <th scope="col">{labelText(lang, c)}</th>
                ),
              )}
            </tr>
          </thead>
        )}
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

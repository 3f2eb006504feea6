// The form controls and page pieces every page uses, in one place so that a label, a hint and an error are tied
// together the same way everywhere (ids `f-<name>`, `-hint`, `-err`, named by the control's aria-describedby) and a
// fix to one reaches them all. Pages pass what differs (an id, a class, the error already found); nothing here
// knows a page.
import type { FastifyRequest } from 'fastify';
import { NATIONAL_STATUS_LABELS, STATUS_LABELS, type DossierState } from '../../domain/dossier/index.js';
import type { Bilingual, FieldError } from '../../domain/errors.js';
import type { Child, SafeHtml } from '../jsx/jsx-runtime.js';
import { tr, UI, type Lang } from '../i18n.js';

// ---------------------------------------------------------------------------------------------------------------
// Forms: the token, the summary, the wrapper of one control

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

const inside = (e: FieldError, name: string) => e.path === name || e.path.startsWith(`${name}.`) || e.path.startsWith(`${name}[`);

/** The error reported at `name` or inside it (`name.x`, `name[0]`), the first of them. */
export const fieldError = (errors: FieldError[] | undefined, name: string): FieldError | undefined => errors?.find((e) => inside(e, name));

/** An error message under a control, its id named by the control's aria-describedby. */
export function ErrorText({ lang, id, err }: { lang: Lang; id: string; err: FieldError | undefined }) {
  if (!err) return null;
  return (
    <p class="field-error" id={id}>
      {tr(lang, err.message)}
    </p>
  );
}

/** The ids a control names in aria-describedby: its hint, then its error. */
export function describedBy(id: string, hint: unknown, err: FieldError | undefined): string | undefined {
  return [hint ? `${id}-hint` : null, err ? `${id}-err` : null].filter(Boolean).join(' ') || undefined;
}

/** The aria attributes that tie a control to its hint and its error (after its id and name, as in all our markup). */
export interface AriaAttrs {
  'aria-invalid': 'true' | undefined;
  'aria-describedby': string | undefined;
}

export const ariaAttrs = (id: string, hint: unknown, err: FieldError | undefined): AriaAttrs => ({
  'aria-invalid': err ? 'true' : undefined,
  'aria-describedby': describedBy(id, hint, err),
});

interface WrapProps {
  lang: Lang;
  id: string;
  label: Bilingual;
  hint?: Bilingual;
  err: FieldError | undefined;
  /** Further errors inside the same field (several rows of a list typed one per line), shown under the first. */
  more?: FieldError[];
  required?: boolean;
  children?: Child;
}

const Required = ({ on }: { on?: boolean }) => (on ? <span aria-hidden="true"> *</span> : null);

function HintAndError({ lang, id, hint, err, more }: Pick<WrapProps, 'lang' | 'id' | 'hint' | 'err' | 'more'>) {
  return (
    <>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {tr(lang, hint)}
        </p>
      )}
      <ErrorText lang={lang} id={`${id}-err`} err={err} />
      {more?.map((e) => (
        <p class="field-error">{tr(lang, e.message)}</p>
      ))}
    </>
  );
}

/** Label, hint and error around one control (the control brings its own id and aria attributes). */
export function FieldWrap(props: WrapProps) {
  return (
    <div class={props.err ? 'field has-error' : 'field'}>
      <label for={props.id}>
        {tr(props.lang, props.label)}
        <Required on={props.required} />
      </label>
      <HintAndError {...props} />
      {props.children}
    </div>
  );
}

/**
 * A group of controls (radios, checkboxes) under a legend. `class` is the page's fieldset class; `focusable` lets
 * the error summary's link move the focus to the group itself.
 */
export function FieldGroup(props: WrapProps & { class: string; focusable?: boolean }) {
  return (
    <fieldset
      id={props.id}
      class={props.err ? `${props.class} has-error` : props.class}
      tabindex={props.focusable ? '-1' : undefined}
      aria-describedby={props.err ? `${props.id}-err` : undefined}
    >
      <legend>
        {tr(props.lang, props.label)}
        <Required on={props.required} />
      </legend>
      <HintAndError {...props} />
      {props.children}
    </fieldset>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Controls. Each takes the errors of the form and finds its own, or `err` already found (forms whose field names
// are not the error paths); `id` defaults to `f-<name>`.

interface ControlProps {
  lang: Lang;
  name: string;
  label: Bilingual;
  id?: string;
  hint?: Bilingual;
  errors?: FieldError[];
  err?: FieldError;
  required?: boolean;
}

const resolved = (p: ControlProps) => {
  const id = p.id ?? `f-${p.name}`;
  const all = 'err' in p ? (p.err ? [p.err] : []) : (p.errors?.filter((e) => inside(e, p.name)) ?? []);
  const err = all[0];
  return { id, err, more: all.slice(1), attrs: ariaAttrs(id, p.hint, err) };
};

/** A labelled input wired to its hint and error message for screen readers. */
export function Field(
  props: ControlProps & { value?: string | number | null; type?: string; autocomplete?: string; pattern?: string; inputmode?: string; min?: string; step?: string },
) {
  const { id, err, more, attrs } = resolved(props);
  return (
    <FieldWrap lang={props.lang} id={id} label={props.label} hint={props.hint} err={err} more={more} required={props.required}>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        {...attrs}
        autocomplete={props.autocomplete}
        pattern={props.pattern}
        inputmode={props.inputmode}
        min={props.min}
        step={props.step}
      />
    </FieldWrap>
  );
}

export function TextArea(props: ControlProps & { value: string; rows?: number }) {
  const { id, err, more, attrs } = resolved(props);
  return (
    <FieldWrap lang={props.lang} id={id} label={props.label} hint={props.hint} err={err} more={more} required={props.required}>
      <textarea id={id} name={props.name} rows={props.rows ?? 3} required={props.required} {...attrs}>
        {props.value}
      </textarea>
    </FieldWrap>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** A select; `empty` adds a first option with no value ("— choose —"). */
export function Select(props: ControlProps & { options: Option[]; value?: string | null; empty?: Bilingual }) {
  const { id, err, more, attrs } = resolved(props);
  const chosen = props.value ?? '';
  return (
    <FieldWrap lang={props.lang} id={id} label={props.label} hint={props.hint} err={err} more={more} required={props.required}>
      <select id={id} name={props.name} required={props.required} {...attrs}>
        {props.empty && (
          <option value="" selected={chosen === ''}>
            {tr(props.lang, props.empty)}
          </option>
        )}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === chosen}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldWrap>
  );
}

/**
 * Radio buttons in a fieldset. `class` and `choiceClass` are the page's; with `optionIds` every radio gets its own
 * id (`<id>-<i>`), which pages holding several forms need to keep ids unique.
 */
export function Radios(props: ControlProps & { options: Option[]; value: string; class: string; choiceClass: string; optionIds?: boolean; focusable?: boolean }) {
  const { id, err, more } = resolved(props);
  return (
    <FieldGroup lang={props.lang} id={id} label={props.label} hint={props.hint} err={err} more={more} required={props.required} class={props.class} focusable={props.focusable}>
      {props.options.map((o, i) => {
        const optionId = props.optionIds ? `${id}-${i}` : undefined;
        return (
          <label class={props.choiceClass} for={optionId}>
            <input type="radio" id={optionId} name={props.name} value={o.value} checked={o.value === props.value} /> {o.label}
          </label>
        );
      })}
    </FieldGroup>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Showing things

/**
 * A dossier's status and its national status code. The dossier page colours it by how the dossier ended and joins
 * the code with " · "; the desk's and the applicant's pages show it plain, the code in brackets.
 */
export function StatusBadge({ lang, status, national, toned }: { lang: Lang; status: DossierState['status']; national: DossierState['nationalStatus']; toned?: boolean }) {
  if (!toned)
    return (
      <span class="badge">
        {tr(lang, STATUS_LABELS[status])}
        {national ? ` (${national}. ${tr(lang, NATIONAL_STATUS_LABELS[national])})` : ''}
      </span>
    );
  const ended = status === 'returned' || status === 'finished' ? 'badge ok' : status === 'refused' || status === 'stopped' || status === 'refused_after_examination' ? 'badge err' : 'badge';
  return (
    <span class={ended}>
      {tr(lang, STATUS_LABELS[status])}
      {national !== null && ` · ${national}. ${tr(lang, NATIONAL_STATUS_LABELS[national])}`}
    </span>
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

/**
 * Previous and next links of a paged list; `position` adds "page n of m" between them. The list is usable without
 * it, so a single page shows no links.
 */
export function Pagination({ lang, page, pages, href, position }: { lang: Lang; page: number; pages: number; href: (page: number) => string; position?: boolean }): SafeHtml {
  return (
    <nav class="pager" aria-label={lang === 'vi' ? 'Phân trang' : 'Pages'}>
      {page > 1 && <a href={href(page - 1)}>← {lang === 'vi' ? 'Trang trước' : 'Previous'}</a>}
      {position ? <span>{lang === 'vi' ? `Trang ${page}/${pages}` : `Page ${page} of ${pages}`}</span> : ' '}
      {page < pages && <a href={href(page + 1)}>{lang === 'vi' ? 'Trang sau' : 'Next'} →</a>}
    </nav>
  );
}

// Printable forms: 01–06 of one dossier as HTML (print stylesheet, link to the PDF) or PDF, and the tracking book
// (form 07) of a unit with a GET filter form that works without JavaScript.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { listAllUnits } from '../../app/units.js';
import { dossierForm, isDossierFormNo, trackingBook, trackingBookUnits, type UnitRef } from '../../app/dossiers/index.js';
import { normaliseAgencyCode } from '../../domain/agency-code.js';
import { vnDateOf } from '../../domain/calendar/index.js';
import { AppError, type FieldError } from '../../domain/errors.js';
import type { FormDocument } from '../../domain/form-document.js';
import { pageUser } from '../context.js';
import { FormTable, renderFormHtml } from '../forms/html.js';
import { renderFormPdf } from '../forms/pdf.js';
import type { Lang } from '../i18n.js';
import { attempt, type FormFailure } from './forms.js';
import { Layout, sendPage } from './layout.js';
import { ErrorSummary, Field, Select } from './components.js';

const invalidFields = (fields: FieldError[]) => new AppError('invalid', 'validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, fields);

function positiveInt(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

async function sendPdf(reply: FastifyReply, form: FormDocument) {
  const pdf = await renderFormPdf(form);
  return reply
    .code(200)
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${form.fileName}.pdf"`)
    .header('cache-control', 'no-store')
    .send(pdf);
}

// ---------------------------------------------------------------------------------------------------------------
// Tracking book filter

interface BookParams {
  unit: string;
  year: string;
  from: string;
  to: string;
}

type BookQuery = Partial<Record<keyof BookParams, string | string[]>>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';

/** The query as typed, with the defaults: the actor's own desk (or first unit) and the current year. */
function bookParams(q: BookQuery, units: UnitRef[], req: FastifyRequest, now: Date): BookParams {
  const actor = req.actor;
  const memberships = actor.kind === 'user' ? actor.memberships : [];
  const own = memberships.find((m) => m.role === 'desk') ?? memberships[0];
  const ownCode = units.find((u) => u.id === own?.unitId)?.code ?? units[0]?.code ?? '';
  return {
    unit: q.unit !== undefined ? one(q.unit) : ownCode,
    year: q.year !== undefined ? one(q.year) : vnDateOf(now).slice(0, 4),
    from: one(q.from),
    to: one(q.to),
  };
}

/** Turns the typed parameters into the use case's query, or the fields at fault. */
function parseBook(p: BookParams, units: readonly { id: number; code: string }[]): { ok: true; unitId: number; year: number; from: string | null; to: string | null } | { ok: false; fields: FieldError[] } {
  const fields: FieldError[] = [];
  const code = normaliseAgencyCode(p.unit) ?? p.unit;
  const unit = units.find((u) => u.code === code);
  if (!p.unit) fields.push({ path: 'unit', message: { vi: 'Cần chọn đơn vị', en: 'Choose a unit' } });
  else if (!unit) fields.push({ path: 'unit', message: { vi: 'Không có đơn vị mang mã này', en: 'No unit has this code' } });
  const year = /^\d{4}$/.test(p.year) ? Number(p.year) : NaN;
  if (!(year >= 2000 && year <= 2099)) fields.push({ path: 'year', message: { vi: 'Năm phải từ 2000 đến 2099', en: 'The year must be 2000 to 2099' } });
  if (fields.length > 0) return { ok: false, fields };
  return { ok: true, unitId: unit!.id, year, from: p.from || null, to: p.to || null };
}

function bookQueryString(p: BookParams): string {
  const u = new URLSearchParams({ unit: p.unit, year: p.year });
  if (p.from) u.set('from', p.from);
  if (p.to) u.set('to', p.to);
  return u.toString();
}

const PRINT_CSS = `@media print{header.top,footer,.filter,.noprint,.skip{display:none!important}main{padding:0}body{background:#fff}table{font-size:9pt}}
.book td{white-space:pre-line;vertical-align:top}`;

function BookPage({ req, units, params, failure, form, query }: { req: FastifyRequest; units: UnitRef[]; params: BookParams; failure?: FormFailure; form?: FormDocument; query?: string }) {
  const lang: Lang = req.lang;
  const table = form?.blocks.find((b) => b.kind === 'table');
  return (
    <Layout req={req} title={{ vi: 'Sổ theo dõi hồ sơ (Mẫu số 07)', en: 'Dossier tracking book (form 07)' }}>
      <style>{PRINT_CSS}</style>
      <ErrorSummary lang={lang} message={failure?.message} fields={failure?.fields} />
      <form method="get" action="/reports/tracking-book" class="filter" novalidate>
        <Select
          lang={lang}
          name="unit"
          label={{ vi: 'Bộ phận tiếp nhận (đơn vị)', en: 'Receiving desk (unit)' }}
          options={[{ value: '', label: lang === 'vi' ? '— chọn —' : '— choose —' }, ...units.map((u) => ({ value: u.code, label: `${u.shortName ?? u.name} (${u.code})` }))]}
          value={params.unit}
          errors={failure?.fields}
          required
        />
        <Field lang={lang} name="year" type="number" label={{ vi: 'Năm', en: 'Year' }} value={params.year} inputmode="numeric" required errors={failure?.fields} />
        <Field lang={lang} name="from" type="date" label={{ vi: 'Từ ngày', en: 'From' }} value={params.from} errors={failure?.fields} hint={{ vi: 'Để trống: từ đầu năm', en: 'Empty: from the start of the year' }} />
        <Field lang={lang} name="to" type="date" label={{ vi: 'Đến ngày', en: 'To' }} value={params.to} errors={failure?.fields} hint={{ vi: 'Để trống: đến cuối năm', en: 'Empty: to the end of the year' }} />
        <button type="submit">{lang === 'vi' ? 'Xem sổ' : 'Show the book'}</button>
      </form>
      {form && table?.kind === 'table' && (
        <section aria-labelledby="book-title">
          <h2 id="book-title">
            {form.header.agencyLines.at(-1)} · {form.subtitle}
          </h2>
          <p class="noprint">
            <a href={`/reports/tracking-book.pdf?${query}`}>{lang === 'vi' ? 'Tải bản PDF (A4 ngang)' : 'Download the PDF (A4 landscape)'}</a>
          </p>
          <p>
            {lang === 'vi' ? 'Số hồ sơ trong kỳ' : 'Dossiers in the period'}: <strong>{table.rows.length}</strong>
          </p>
          {table.rows.length === 0 ? (
            <p class="muted">{lang === 'vi' ? 'Không có hồ sơ nào được tiếp nhận trong kỳ này.' : 'No dossier was received in this period.'}</p>
          ) : (
            <div class="table-wrap">
              <FormTable b={table} class="book" caption={<caption class="muted">{form.title}</caption>} />
            </div>
          )}
        </section>
      )}
    </Layout>
  );
}

export async function registerDossierFormPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // One route serves both /forms/01 and /forms/01.pdf: the extension is part of the parameter.
  app.get<{ Params: { id: string; nn: string }; Querystring: { seq?: string } }>('/dossiers/:id/forms/:nn', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const fields: FieldError[] = [];
    const id = positiveInt(req.params.id);
    if (id === null) fields.push({ path: 'id', message: { vi: 'Mã số hồ sơ phải là số nguyên dương', en: 'The dossier id must be a positive whole number' } });
    const m = /^(\d{2})(\.pdf)?$/.exec(req.params.nn);
    if (!m || !isDossierFormNo(m[1])) fields.push({ path: 'nn', message: { vi: 'Số mẫu phải từ 01 đến 06', en: 'The form number must be 01 to 06' } });
    const seqText = typeof req.query.seq === 'string' ? req.query.seq.trim() : '';
    const seq = seqText === '' ? null : positiveInt(seqText);
    if (seqText !== '' && seq === null)
      fields.push({ path: 'seq', message: { vi: 'Số thứ tự yêu cầu bổ sung phải là số nguyên dương', en: 'The request number must be a positive whole number' } });
    if (fields.length > 0) throw invalidFields(fields);
    const form = await dossierForm(ctx, req.actor, id!, m![1]!, { seq });
    if (m![2]) return sendPdf(reply, form);
    return sendPage(reply, renderFormHtml(form, `/dossiers/${id}/forms/${m![1]}.pdf${seq ? `?seq=${seq}` : ''}`));
  });

  app.get<{ Querystring: BookQuery }>('/reports/tracking-book', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const units = await trackingBookUnits(ctx, req.actor);
    const params = bookParams(req.query, units, req, ctx.clock());
    // Any unit's code is understood; jurisdiction is the use case's to check (403 outside it).
    const parsed = parseBook(params, await listAllUnits(ctx, { includeInactive: true }));
    if (!parsed.ok) return sendPage(reply, <BookPage req={req} units={units} params={params} failure={{ status: 400, message: { vi: 'Vui lòng sửa các lỗi sau', en: 'Please correct the following' }, fields: parsed.fields }} />, 400);
    const r = await attempt(() => trackingBook(ctx, req.actor, parsed));
    if (!r.ok) return sendPage(reply, <BookPage req={req} units={units} params={params} failure={r.failure} />, r.failure.status);
    return sendPage(reply, <BookPage req={req} units={units} params={params} form={r.value} query={bookQueryString(params)} />);
  });

  app.get<{ Querystring: BookQuery }>('/reports/tracking-book.pdf', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const units = await trackingBookUnits(ctx, req.actor);
    const parsed = parseBook(bookParams(req.query, units, req, ctx.clock()), await listAllUnits(ctx, { includeInactive: true }));
    if (!parsed.ok) throw invalidFields(parsed.fields);
    return sendPdf(reply, await trackingBook(ctx, req.actor, parsed));
  });
}

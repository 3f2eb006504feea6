// The one-stop desk's reception pages: pick a procedure, take a dossier at the counter (or by post) with its
// checklist and scans, preview the appointment, then receive it, ask for a supplement (form 02) or refuse it (form 03);
// and receive, send back or refuse the dossiers submitted online to this desk. Everything works without JavaScript:
// the reception form is one multipart form whose buttons say what to do, and every failure renders it again with
// what was typed, the files already uploaded and the reasons next to the fields.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UserActor } from '../../app/actor.js';
import { computeDeadline } from '../../app/calendar.js';
import { getProcedure, searchProcedures, type ProcedureView } from '../../app/catalogue.js';
import type { AppContext } from '../../app/context.js';
import {
  allowedActionsFor,
  getDossier,
  getFileInfo,
  inbox,
  isOptionalDocument,
  receiveAtDesk,
  receiveSubmitted,
  refuseReception,
  requestSupplementBeforeReception,
  saveFile,
  type CounterDossierInput,
  type AllowedActionsView,
  type CreationResult,
  type DocumentInput,
  type DossierSummary,
  type DossierView,
  type StoredFileView,
} from '../../app/dossiers/index.js';
import { listAllUnits, type UnitView } from '../../app/units.js';
import { formatVnInstant, type Limit } from '../../domain/calendar/index.js';
import { CHANNEL_LABELS, LEVEL_LABELS, effectiveLimit, formatLimit, type ProcedureBody } from '../../domain/catalogue/index.js';
import { NATIONAL_STATUS_LABELS, RETURN_METHOD_LABELS, STATUS_LABELS } from '../../domain/dossier/labels.js';
import { RETURN_METHODS, type ReturnMethod } from '../../domain/dossier/index.js';
import { AppError, forbidden, type Bilingual, type FieldError } from '../../domain/errors.js';
import { pageUser } from '../context.js';
import type { SafeHtml } from '../jsx/jsx-runtime.js';
import { tr, UI, type Lang } from '../i18n.js';
import { attempt, intOrNull, lastValues, readPosted, str, type FormBody, type FormFailure, type PostedFile } from './forms.js';
import { Layout, sendPage } from './layout.js';
import { Csrf, DataTable, ErrorSummary, Field, Notice, PostButton } from './components.js';
import { ReceptionOverdueBadge } from './dossiers.js';

/** The action types the domain allows the official now. */
const allowedOf = (v: AllowedActionsView): ReadonlySet<string> => new Set(v.actions.filter((a) => a.allowed).map((a) => a.type));

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

const T = (vi: string, en: string): Bilingual => ({ vi, en });

/** "09:00 Thứ Tư, 25/11/2026": appointments are read out to applicants, so the weekday matters. */
export function formatAppointment(d: Date | null | undefined, lang: Lang): string {
  if (!d) return '—';
  return d.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    weekday: 'long',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

const shortWhen = (d: Date | null | undefined) => (d ? formatVnInstant(d).slice(0, 16).replace('T', ' ') : '—');

/** Desk pages are for desk officials; the use cases check again, this only keeps others out of forms they cannot use. */
function deskUser(req: FastifyRequest, reply: FastifyReply): UserActor | null {
  const user = pageUser(req, reply);
  if (!user) return null;
  if (user.userKind !== 'staff' || !user.memberships.some((m) => m.role === 'desk'))
    throw forbidden(T('Chỉ cán bộ tiếp nhận và trả kết quả (Bộ phận Một cửa) mới dùng được trang này', 'Only desk officials of a one-stop desk may use this page'));
  return user;
}

function deskUnitsOf(user: UserActor, units: UnitView[]): UnitView[] {
  const ids = new Set(user.memberships.filter((m) => m.role === 'desk').map((m) => m.unitId));
  return units.filter((u) => ids.has(u.id));
}

/** The use cases name fields by their input paths; the form names them by its inputs (which the summary links to). */
export function formPath(path: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^applicant\.(\w+)/.exec(path))) return m[1]!;
  if ((m = /^documents\[(\d+)\]\.(originals|copies)/.exec(path))) return `doc${m[2] === 'originals' ? 'Originals' : 'Copies'}${m[1]}`;
  if ((m = /^documents\[(\d+)\]/.exec(path))) return `doc${m[1]}`;
  if (path.startsWith('documents')) return 'documents';
  if ((m = /^payload\.(items|reasons|reason)\b/.exec(path))) return m[1]!;
  return path;
}

const mapFailure = (f: FormFailure): FormFailure => ({ ...f, fields: f.fields.map((x) => ({ ...x, path: formPath(x.path) })) });

const errorOf = (fields: FieldError[] | undefined, name: string) => fields?.find((e) => e.path === name);

/** A multipart body: text fields (the last value wins) and non-empty files. */
async function multipartBody(body: unknown): Promise<{ fields: FormBody; uploads: Upload[] }> {
  const { fields, files } = await readPosted(body);
  return { fields: lastValues(fields), uploads: files };
}

type Upload = PostedFile;

// ---------------------------------------------------------------------------------------------------------------
// The reception form's values

type Intent = 'preview' | 'receive' | 'supplement' | 'refuse';

interface DocValues {
  checked: boolean;
  originals: string;
  copies: string;
  /** Scans already stored (uploaded with an earlier submission of this form). */
  fileIds: string[];
}

interface ReceptionValues {
  key: string;
  channel: 'counter' | 'postal';
  /** How the applicant gets the result (form 01). */
  resultDelivery: ReturnMethod;
  receivingUnitId: string;
  competentUnitCode: string;
  kind: 'citizen' | 'organisation';
  fullName: string;
  idNumber: string;
  organisationName: string;
  taxCode: string;
  address: string;
  phone: string;
  email: string;
  docs: DocValues[];
  items: string;
  reason: string;
  reasons: string;
  comment: string;
}

function blankValues(body: ProcedureBody, desks: UnitView[]): ReceptionValues {
  const own = desks.find((d) => body.competentUnits.includes(d.code));
  return {
    key: randomUUID(),
    channel: 'counter',
    resultDelivery: 'counter',
    receivingUnitId: desks.length === 1 ? String(desks[0]!.id) : '',
    competentUnitCode: body.competentUnits.length === 1 ? body.competentUnits[0]! : (own?.code ?? ''),
    kind: 'citizen',
    fullName: '',
    idNumber: '',
    organisationName: '',
    taxCode: '',
    address: '',
    phone: '',
    email: '',
    docs: body.documents.map((d) => ({ checked: false, originals: String(d.originals), copies: String(d.copies), fileIds: [] })),
    items: '',
    reason: '',
    reasons: '',
    comment: '',
  };
}

const FILE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The checklist as posted: one entry per document of the procedure, scans already stored kept by their ids. */
function docValuesFrom(fields: FormBody, body: ProcedureBody): DocValues[] {
  return body.documents.map((_, i) => ({
    checked: str(fields, `doc${i}`) !== '',
    originals: str(fields, `docOriginals${i}`),
    copies: str(fields, `docCopies${i}`),
    fileIds: [
      ...new Set(
        str(fields, `docFileIds${i}`)
          .split(',')
          .map((x) => x.trim())
          .filter((x) => FILE_ID.test(x)),
      ),
    ],
  }));
}

function valuesFrom(fields: FormBody, body: ProcedureBody): ReceptionValues {
  const s = (name: string) => str(fields, name);
  return {
    key: s('idempotencyKey') || randomUUID(),
    channel: s('channel') === 'postal' ? 'postal' : 'counter',
    resultDelivery: (RETURN_METHODS as readonly string[]).includes(s('resultDelivery')) ? (s('resultDelivery') as ReturnMethod) : 'counter',
    receivingUnitId: s('receivingUnitId'),
    competentUnitCode: s('competentUnitCode'),
    kind: s('kind') === 'organisation' ? 'organisation' : 'citizen',
    fullName: s('fullName'),
    idNumber: s('idNumber'),
    organisationName: s('organisationName'),
    taxCode: s('taxCode'),
    address: s('address'),
    phone: s('phone'),
    email: s('email'),
    docs: docValuesFrom(fields, body),
    items: s('items'),
    reason: s('reason'),
    reasons: s('reasons'),
    comment: s('comment'),
  };
}

/** A count typed in the checklist: blank = what the procedure asks for; anything else goes to the use case to judge. */
const countOf = (v: string): number | undefined => (v === '' ? undefined : /^\d+$/.test(v) ? Number(v) : Number.NaN);

function documentInputs(docs: DocValues[], body: ProcedureBody): DocumentInput[] {
  return body.documents.map((d, i) => {
    const x = docs[i]!;
    return { name: d.name, provided: x.checked, originals: countOf(x.originals), copies: countOf(x.copies), fileIds: x.fileIds };
  });
}

/** What form 02 asks for: the lines typed, or else the required documents the desk did not tick. */
function supplementItems(v: ReceptionValues, body: ProcedureBody): string[] {
  const items = linesOf(v.items);
  return items.length > 0 ? items : body.documents.filter((d, i) => !v.docs[i]!.checked && !isOptionalDocument(d)).map((d) => d.name);
}

function unitIdOrNull(raw: string): number | null {
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

function counterInput(v: ReceptionValues, body: ProcedureBody, procedureCode: string): CounterDossierInput {
  const documents = documentInputs(v.docs, body);
  return {
    procedureCode,
    channel: v.channel,
    applicant: {
      kind: v.kind,
      fullName: v.fullName,
      idNumber: v.idNumber || null,
      organisationName: v.kind === 'organisation' ? v.organisationName || null : null,
      taxCode: v.kind === 'organisation' ? v.taxCode || null : null,
      address: v.address || null,
      phone: v.phone || null,
      email: v.email || null,
    },
    documents,
    competentUnitCode: v.competentUnitCode || null,
    receivingUnitId: unitIdOrNull(v.receivingUnitId),
    idempotencyKey: v.key,
    comment: v.comment || null,
  };
}

const linesOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*[-•*\d.)]*\s*/, '').trim())
    .filter(Boolean);

// ---------------------------------------------------------------------------------------------------------------
// The appointment preview

interface Preview {
  due: Date;
  limit: Limit;
  legalLimit: Limit | null;
  unitName: string;
  at: Date;
}

/**
 * The appointment a reception now would give: the channel's (reduced) limit from now on the receiving desk's
 * calendar, which is how the dossier's clock computes its due instant.
 */
async function previewAppointment(ctx: AppContext, body: ProcedureBody, channel: 'counter' | 'postal', desk: UnitView | undefined): Promise<Preview | FieldError> {
  const limit = effectiveLimit(body, channel);
  if (!limit) return { path: 'channel', message: T('Thủ tục chưa quy định thời hạn giải quyết cho hình thức này', 'The procedure has no time limit for this channel') };
  if (!desk) return { path: 'receivingUnitId', message: T('Chọn nơi tiếp nhận để tính ngày hẹn', 'Choose the desk to compute the appointment') };
  const at = ctx.clock();
  const r = await computeDeadline(ctx, { start: formatVnInstant(at), amount: limit.amount, unit: limit.unit, unitCode: desk.code });
  return { due: new Date(r.due), limit, legalLimit: body.channels[channel]?.timeLimit ?? null, unitName: r.calendar.unitName, at };
}

// ---------------------------------------------------------------------------------------------------------------
// Components

/** The count of originals or of copies received for one document, with its own error. */
function DocCount({ lang, name, label, value, err }: { lang: Lang; name: string; label: Bilingual; value: string; err: FieldError | undefined }) {
  const id = `f-${name}`;
  return (
    <div class={err ? 'desk-count has-error' : 'desk-count'}>
      <label for={id}>{tr(lang, label)}</label>
      <input
        id={id}
        name={name}
        type="number"
        min="0"
        max="100"
        inputmode="numeric"
        value={value}
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={err ? `${id}-err` : undefined}
      />
      <ErrorText lang={lang} id={`${id}-err`} err={err} />
    </div>
  );
}

/** An error message under a control, its id named by the control's aria-describedby. */
function ErrorText({ lang, id, err }: { lang: Lang; id: string; err: FieldError | undefined }) {
  if (!err) return null;
  return (
    <p class="field-error" id={id}>
      {tr(lang, err.message)}
    </p>
  );
}

/** Label, hint and error around one control; the control gets its id, name and aria attributes from `control`. */
function LabelledControl(props: {
  lang: Lang;
  name: string;
  label: Bilingual;
  hint?: Bilingual;
  errors?: FieldError[];
  control: (a: { id: string; invalid: 'true' | undefined; describedBy: string | undefined }) => SafeHtml;
}) {
  const id = `f-${props.name}`;
  const err = errorOf(props.errors, props.name);
  const describedBy = [props.hint ? `${id}-hint` : null, err ? `${id}-err` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={err ? 'field has-error' : 'field'}>
      <label for={id}>{tr(props.lang, props.label)}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {tr(props.lang, props.hint)}
        </p>
      )}
      <ErrorText lang={props.lang} id={`${id}-err`} err={err} />
      {props.control({ id, invalid: err ? 'true' : undefined, describedBy })}
    </div>
  );
}

function TextArea(props: { lang: Lang; name: string; label: Bilingual; value: string; hint?: Bilingual; errors?: FieldError[]; rows?: number }) {
  return (
    <LabelledControl
      {...props}
      control={(a) => (
        <textarea id={a.id} name={props.name} rows={props.rows ?? 3} aria-invalid={a.invalid} aria-describedby={a.describedBy}>
          {props.value}
        </textarea>
      )}
    />
  );
}

function Radios(props: { lang: Lang; name: string; legend: Bilingual; options: { value: string; label: Bilingual }[]; value: string; errors?: FieldError[] }) {
  const err = errorOf(props.errors, props.name);
  return (
    <fieldset id={`f-${props.name}`} class={err ? 'desk-radios has-error' : 'desk-radios'} aria-describedby={err ? `f-${props.name}-err` : undefined}>
      <legend>{tr(props.lang, props.legend)}</legend>
      <ErrorText lang={props.lang} id={`f-${props.name}-err`} err={err} />
      {props.options.map((o) => (
        <label class="desk-choice">
          <input type="radio" name={props.name} value={o.value} checked={o.value === props.value} /> {tr(props.lang, o.label)}
        </label>
      ))}
    </fieldset>
  );
}

/** Form 01: how the applicant chose to get the result (at the desk, by post, online). */
function ResultDeliveryRadios(props: { lang: Lang; value: string; errors?: FieldError[] }) {
  return (
    <Radios
      lang={props.lang}
      name="resultDelivery"
      legend={{ vi: 'Cách nhận kết quả', en: 'How the result is delivered' }}
      options={RETURN_METHODS.map((m) => ({ value: m, label: RETURN_METHOD_LABELS[m] }))}
      value={props.value}
      errors={props.errors}
    />
  );
}

function UnitSelect(props: { lang: Lang; name: string; label: Bilingual; hint?: Bilingual; options: UnitView[]; value: string; valueOf: (u: UnitView) => string; errors?: FieldError[] }) {
  return (
    <LabelledControl
      {...props}
      control={(a) => (
        <select id={a.id} name={props.name} aria-invalid={a.invalid} aria-describedby={a.describedBy}>
          <option value="" selected={props.value === ''}>
            {props.lang === 'vi' ? '— chọn —' : '— choose —'}
          </option>
          {props.options.map((u) => (
            <option value={props.valueOf(u)} selected={props.valueOf(u) === props.value}>
              {u.name}
            </option>
          ))}
        </select>
      )}
    />
  );
}

function StatusBadge({ lang, status, national }: { lang: Lang; status: DossierView['state']['status']; national: DossierView['state']['nationalStatus'] }) {
  return (
    <span class="badge">
      {tr(lang, STATUS_LABELS[status])}
      {national ? ` (${national}. ${tr(lang, NATIONAL_STATUS_LABELS[national])})` : ''}
    </span>
  );
}

function RetiredNotice({ lang, p }: { lang: Lang; p: ProcedureView }) {
  if (p.status !== 'replaced' && p.status !== 'abolished') return null;
  return (
    <div class="error-summary" role="alert" id="error-summary" tabindex="-1">
      <p>
        <strong>
          {p.status === 'replaced'
            ? lang === 'vi'
              ? `Thủ tục ${p.code} đã được thay thế${p.replacedBy ? ` bởi thủ tục ${p.replacedBy.code} (${p.replacedBy.name})` : ''}; không tiếp nhận hồ sơ mới theo thủ tục này.`
              : `Procedure ${p.code} has been replaced${p.replacedBy ? ` by procedure ${p.replacedBy.code} (${p.replacedBy.name})` : ''}; new dossiers are not received under it.`
            : lang === 'vi'
              ? `Thủ tục ${p.code} đã bị bãi bỏ${p.statusDecision ? ` theo Quyết định ${p.statusDecision.number}` : ''}; không tiếp nhận hồ sơ mới.`
              : `Procedure ${p.code} has been abolished${p.statusDecision ? ` by decision ${p.statusDecision.number}` : ''}; new dossiers are not received.`}
        </strong>
      </p>
      {p.replacedBy && (
        <p>
          <a href={`/desk/receive/${encodeURIComponent(p.replacedBy.code)}`}>
            {lang === 'vi' ? `Tiếp nhận theo thủ tục ${p.replacedBy.code}` : `Receive under procedure ${p.replacedBy.code}`}
          </a>
        </p>
      )}
    </div>
  );
}

/** The checklist of the procedure's documents: ticked when checked, counts received, scans (those stored kept). */
function Checklist({ lang, body, docs: values, files, fields }: { lang: Lang; body: ProcedureBody; docs: DocValues[]; files: (StoredFileView | null)[][]; fields: FieldError[] | undefined }) {
  return (
    <>
      <h2>{lang === 'vi' ? 'Thành phần hồ sơ' : 'Documents'}</h2>
      <p class="hint">
        {lang === 'vi'
          ? 'Đánh dấu từng giấy tờ đã kiểm tra, ghi số bản chính, bản sao nhận được; bản quét (PDF, JPG, PNG, tối đa 10 MB mỗi tệp) nếu có.'
          : 'Tick each document you checked and note the originals and copies received; attach scans (PDF, JPG, PNG, up to 10 MB each) if any.'}
      </p>
      <div id="f-documents" class="desk-docs">
        {errorOf(fields, 'documents') && <p class="field-error">{tr(lang, errorOf(fields, 'documents')!.message)}</p>}
        {body.documents.map((d, i) => {
          const x = values[i]!;
          const err = errorOf(fields, `doc${i}`);
          const fileErr = errorOf(fields, `docfile${i}`);
          const origErr = errorOf(fields, `docOriginals${i}`);
          const copyErr = errorOf(fields, `docCopies${i}`);
          const optional = isOptionalDocument(d);
          const kept = files[i]!.filter((f) => f !== null);
          return (
            <fieldset class={err || fileErr || origErr || copyErr ? 'desk-doc has-error' : 'desk-doc'} aria-describedby={err ? `f-doc${i}-err` : undefined}>
              <legend>
                {i + 1}. {d.name}
                {optional && <span class="muted"> {lang === 'vi' ? '(không bắt buộc)' : '(conditional)'}</span>}
              </legend>
              <p class="hint">
                {d.group && `${d.group} · `}
                {lang === 'vi' ? `Yêu cầu: ${d.originals} bản chính, ${d.copies} bản sao` : `Asked for: ${d.originals} original(s), ${d.copies} cop(ies)`}
              </p>
              <ErrorText lang={lang} id={`f-doc${i}-err`} err={err} />
              <div class="desk-doc-row">
                <label class="desk-choice desk-check">
                  <input type="checkbox" id={`f-doc${i}`} name={`doc${i}`} value="1" checked={x.checked} aria-invalid={err ? 'true' : undefined} />{' '}
                  {lang === 'vi' ? 'Đã kiểm tra' : 'Checked'}
                </label>
                <DocCount lang={lang} name={`docOriginals${i}`} label={{ vi: 'Bản chính', en: 'Originals' }} value={x.originals} err={origErr} />
                <DocCount lang={lang} name={`docCopies${i}`} label={{ vi: 'Bản sao', en: 'Copies' }} value={x.copies} err={copyErr} />
              </div>
              <div class={fileErr ? 'desk-file has-error' : 'desk-file'}>
                <label for={`f-docfile${i}`}>{lang === 'vi' ? 'Bản quét' : 'Scan'}</label>
                {kept.length > 0 && (
                  <p class="hint">
                    {lang === 'vi' ? 'Đã tải lên' : 'Uploaded'}: {kept.map((f) => f.name).join(', ')}
                  </p>
                )}
                <ErrorText lang={lang} id={`f-docfile${i}-err`} err={fileErr} />
                <input type="hidden" name={`docFileIds${i}`} value={kept.map((f) => f.id).join(',')} />
                <input
                  id={`f-docfile${i}`}
                  type="file"
                  name={`docfile${i}`}
                  multiple
                  accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                  aria-invalid={fileErr ? 'true' : undefined}
                  aria-describedby={fileErr ? `f-docfile${i}-err` : undefined}
                />
              </div>
            </fieldset>
          );
        })}
      </div>
    </>
  );
}

/** The receiving desk: a choice for officials of several desks, else the only one. */
function DeskChoice({ lang, desks, value, fields }: { lang: Lang; desks: UnitView[]; value: string; fields: FieldError[] | undefined }) {
  return desks.length > 1 ? (
    <UnitSelect lang={lang} name="receivingUnitId" label={T('Nơi tiếp nhận', 'Receiving desk')} options={desks} value={value} valueOf={(u) => String(u.id)} errors={fields} />
  ) : (
    <p>
      {lang === 'vi' ? 'Nơi tiếp nhận' : 'Receiving desk'}: <strong>{desks[0]?.name}</strong>
      <input type="hidden" name="receivingUnitId" value={desks[0]?.id ?? ''} />
    </p>
  );
}

/** The end of a reception form: the internal note, the receive button, and the two ways out. */
function Decision({ lang, v, fields, note }: { lang: Lang; v: Pick<ReceptionValues, 'comment' | 'items' | 'reason' | 'reasons'>; fields: FieldError[] | undefined; note?: Bilingual }) {
  return (
    <>
      <TextArea lang={lang} name="comment" label={T('Ghi chú nội bộ (không bắt buộc)', 'Internal note (optional)')} value={v.comment} errors={fields} rows={2} />
      {note && <p class="hint">{tr(lang, note)}</p>}
      <div class="desk-actions">
        <button type="submit" name="intent" value="receive">
          {lang === 'vi' ? 'Tiếp nhận' : 'Receive'}
        </button>
      </div>
      <NotReceivable lang={lang} v={v} fields={fields} />
    </>
  );
}

/** The two ways out for a dossier that cannot be received now: form 02 or form 03, each with its own button. */
function NotReceivable({ lang, v, fields }: { lang: Lang; v: Pick<ReceptionValues, 'items' | 'reason' | 'reasons'>; fields: FieldError[] | undefined }) {
  return (
    <>
      <h2>{lang === 'vi' ? 'Hồ sơ chưa đủ hoặc không đủ điều kiện' : 'Incomplete or not receivable'}</h2>
      <div class="desk-grid">
        <fieldset class="desk-alt">
          <legend>{lang === 'vi' ? 'Yêu cầu bổ sung, hoàn thiện (Mẫu 02)' : 'Ask for a supplement (form 02)'}</legend>
          <TextArea
            lang={lang}
            name="items"
            label={T('Giấy tờ cần bổ sung', 'Documents to add or correct')}
            hint={T('Mỗi dòng một giấy tờ, hướng dẫn một lần đầy đủ. Để trống: liệt kê các giấy tờ bắt buộc chưa đánh dấu.', 'One per line, everything at once. Blank: the required documents not ticked.')}
            value={v.items}
            errors={fields}
            rows={4}
          />
          <TextArea lang={lang} name="reason" label={T('Lý do', 'Reason')} value={v.reason} errors={fields} rows={2} />
          <button type="submit" name="intent" value="supplement" class="secondary">
            {lang === 'vi' ? 'Yêu cầu bổ sung' : 'Ask for a supplement'}
          </button>
        </fieldset>
        <fieldset class="desk-alt">
          <legend>{lang === 'vi' ? 'Từ chối tiếp nhận (Mẫu 03)' : 'Refuse reception (form 03)'}</legend>
          <TextArea lang={lang} name="reasons" label={T('Lý do từ chối', 'Reasons for refusal')} value={v.reasons} errors={fields} rows={4} />
          <button type="submit" name="intent" value="refuse" class="secondary desk-danger">
            {lang === 'vi' ? 'Từ chối tiếp nhận' : 'Refuse reception'}
          </button>
        </fieldset>
      </div>
    </>
  );
}

/** Who brought a dossier and what for, as the desk reads it out before deciding. */
function DossierFacts({ lang, d, when }: { lang: Lang; d: DossierView; when: { label: Bilingual; at: Date | null } }) {
  const s = d.state;
  return (
    <dl class="desk-facts">
      <dt>{lang === 'vi' ? 'Thủ tục' : 'Procedure'}</dt>
      <dd>
        {d.procedure.name} <code>{d.procedure.code}</code>
      </dd>
      <dt>{tr(lang, UI.status)}</dt>
      <dd>
        <StatusBadge lang={lang} status={s.status} national={s.nationalStatus} />
      </dd>
      <dt>{tr(lang, when.label)}</dt>
      <dd>{formatAppointment(when.at, lang)}</dd>
      <dt>{lang === 'vi' ? 'Người nộp' : 'Applicant'}</dt>
      <dd>
        {d.applicant.kind === 'organisation' && d.applicant.organisationName ? `${d.applicant.organisationName} — ` : ''}
        {d.applicant.fullName}
        {d.applicant.idNumber ? ` · CCCD ${d.applicant.idNumber}` : ''}
        {d.applicant.taxCode ? ` · MST ${d.applicant.taxCode}` : ''}
        {d.applicant.phone ? ` · ${d.applicant.phone}` : ''}
        {d.applicant.email ? ` · ${d.applicant.email}` : ''}
      </dd>
      <dt>{lang === 'vi' ? 'Cơ quan giải quyết' : 'Competent unit'}</dt>
      <dd>{d.competentUnitId !== null ? (d.units[d.competentUnitId]?.name ?? '—') : '—'}</dd>
    </dl>
  );
}

/** The last form 02 before reception: what the applicant was asked to bring, and why. */
function AskedItems({ lang, d }: { lang: Lang; d: DossierView }) {
  const last = d.state.preReceptionSupplements.at(-1);
  if (!last) return null;
  return (
    <>
      <h2>{lang === 'vi' ? 'Giấy tờ cần bổ sung' : 'To add or correct'}</h2>
      <ul>
        {last.items.map((x) => (
          <li>{x}</li>
        ))}
      </ul>
      <p>
        {lang === 'vi' ? 'Lý do' : 'Reason'}: {last.reason}
      </p>
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Routes

export async function registerDeskPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  /** Online submissions waiting at the actor's desks, oldest first. */
  async function waitingOnline(req: FastifyRequest): Promise<{ items: DossierSummary[]; units: Record<number, { name: string }> }> {
    const r = await inbox(ctx, req.actor, { scope: 'unit', filter: 'submitted', pageSize: 100 });
    return { items: r.items, units: r.units };
  }

  /** The scans kept with the checklist, null where a file can no longer be read (it is then dropped from the form). */
  function storedFiles(req: FastifyRequest, docs: DocValues[]): Promise<(StoredFileView | null)[][]> {
    return Promise.all(
      docs.map((d) =>
        Promise.all(
          d.fileIds.map(async (id) => {
            try {
              return await getFileInfo(ctx, req.actor, id);
            } catch {
              return null;
            }
          }),
        ),
      ),
    );
  }

  /**
   * Stores the scans posted with the checklist before anything else, so that whatever happens next the form comes
   * back with them attached; a refused file is named next to its document.
   */
  async function storeScans(req: FastifyRequest, docs: DocValues[], uploads: Upload[]): Promise<FieldError[]> {
    const problems: FieldError[] = [];
    for (const u of uploads) {
      const m = /^docfile(\d+)$/.exec(u.field);
      const doc = m ? docs[Number(m[1])] : undefined;
      if (!doc) continue;
      try {
        const declared = u.type && u.type !== 'application/octet-stream' ? u.type : null;
        doc.fileIds.push((await saveFile(ctx, req.actor, { name: u.name, bytes: u.bytes, declaredType: declared })).id);
      } catch (e) {
        if (!(e instanceof AppError) || e.kind === 'unavailable') throw e;
        const why = e.fields[0]?.message ?? e.messages;
        problems.push({ path: `docfile${m![1]}`, message: { vi: `${u.name}: ${why.vi}`, en: `${u.name}: ${why.en}` } });
      }
    }
    return problems;
  }

  async function waitingSupplement(req: FastifyRequest): Promise<DossierSummary[]> {
    const r = await inbox(ctx, req.actor, { scope: 'unit', filter: 'waiting_supplement', sort: 'received', pageSize: 50 });
    return r.items.filter((x) => x.status === 'supplement_before_reception');
  }

  // -------------------------------------------------------------------------------------------------------------
  // Start page

  app.get<{ Querystring: { q?: string } }>('/desk', { schema: { hide: true } }, async (req, reply) => {
    const user = deskUser(req, reply);
    if (!user) return reply;
    const lang = req.lang;
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 200) : '';
    const units = await listAllUnits(ctx);
    const desks = deskUnitsOf(user, units);
    const unitByCode = new Map(units.map((u) => [u.code, u]));
    const [found, online, supplements] = await Promise.all([
      q
        ? searchProcedures(ctx, req.actor, { q, pageSize: 30 })
        : desks.length === 1
          ? searchProcedures(ctx, req.actor, { unitCode: desks[0]!.code, pageSize: 50 })
          : Promise.resolve(null),
      waitingOnline(req),
      waitingSupplement(req),
    ]);
    const deskCodes = new Set(desks.map((d) => d.code));
    // Who decides, for a department's procedure; commune procedures list every commune, which says nothing.
    const decidersOf = (codes: string[]) => {
      const names = codes.filter((c) => !deskCodes.has(c)).map((c) => unitByCode.get(c));
      return names.length === 1 && names[0] ? ` · ${names[0].shortName ?? names[0].name}` : '';
    };
    const unitName = (id: number | null) => (id === null ? '—' : (online.units[id]?.name ?? units.find((u) => u.id === id)?.name ?? String(id)));
    return sendPage(
      reply,
      <Layout req={req} title={T('Tiếp nhận hồ sơ', 'Receive dossiers')}>
        <p class="muted">
          {lang === 'vi' ? 'Nơi tiếp nhận' : 'Desk'}: {desks.map((d) => d.name).join('; ')}
        </p>
        <section aria-labelledby="desk-pick">
          <h2 id="desk-pick">{lang === 'vi' ? 'Tiếp nhận hồ sơ trực tiếp hoặc qua bưu chính' : 'Receive a dossier at the counter or by post'}</h2>
          <form method="get" action="/desk" role="search" class="filters">
            <Field lang={lang} name="q" label={T('Tên hoặc mã thủ tục', 'Procedure name or code')} value={q} hint={T('Gõ có dấu hoặc không dấu, ví dụ "ket hon" hoặc 1.000894', 'With or without diacritics, e.g. "ket hon" or 1.000894')} />
            <div class="field">
              <button type="submit">{tr(lang, UI.search)}</button>
            </div>
          </form>
          {found && (
            <>
              <p>
                {q
                  ? lang === 'vi'
                    ? `${found.total} thủ tục khớp với "${q}"`
                    : `${found.total} procedure(s) match "${q}"`
                  : lang === 'vi'
                    ? 'Thủ tục tiếp nhận tại đơn vị của bạn (tìm theo tên để tiếp nhận thủ tục khác, kể cả thủ tục cấp xã không phụ thuộc địa giới):'
                    : 'Procedures received at your desk (search by name for others, including commune procedures received anywhere in the province):'}
              </p>
              {found.items.length > 0 && (
                <ul class="desk-procedures">
                  {found.items.map((p) => (
                    <li>
                      <a href={`/desk/receive/${encodeURIComponent(p.code)}`}>{p.name}</a> <code>{p.code}</code>{' '}
                      <span class="muted">
                        · {p.field} · {tr(lang, LEVEL_LABELS[p.level])}
                        {decidersOf(p.unitCodes)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </section>

        <section aria-labelledby="desk-online">
          <h2 id="desk-online">
            {lang === 'vi' ? 'Hồ sơ nộp trực tuyến chờ tiếp nhận' : 'Online dossiers awaiting reception'} ({online.items.length})
          </h2>
          {online.items.length === 0 ? (
            <p>{lang === 'vi' ? 'Không có hồ sơ trực tuyến nào chờ tiếp nhận.' : 'No online dossiers are waiting.'}</p>
          ) : (
            <DataTable
              lang={lang}
              columns={[
                { vi: 'Nộp lúc', en: 'Submitted' },
                { vi: 'Thủ tục', en: 'Procedure' },
                { vi: 'Người nộp', en: 'Applicant' },
                { vi: 'Cơ quan giải quyết', en: 'Competent unit' },
                UI.actions,
              ]}
            >
              {online.items.map((d) => (
                <tr>
                  <td>
                    {shortWhen(d.submittedAt)}
                    {d.receptionOverdue && (
                      <>
                        <br />
                        <ReceptionOverdueBadge lang={lang} />
                      </>
                    )}
                  </td>
                  <td>
                    {d.procedureName} <code>{d.procedureCode}</code>
                    {d.code && (
                      <>
                        <br />
                        <span class="muted">{d.code}</span>
                      </>
                    )}
                  </td>
                  <td>{d.applicantName}</td>
                  <td>{unitName(d.competentUnitId)}</td>
                  <td class="desk-row-actions">
                    <PostButton
                      req={req}
                      action={`/desk/online/${d.id}/receive`}
                      hidden={{ expectedVersion: d.version }}
                      label={lang === 'vi' ? 'Tiếp nhận' : 'Receive'}
                      ariaLabel={lang === 'vi' ? `Tiếp nhận hồ sơ của ${d.applicantName}` : `Receive the dossier of ${d.applicantName}`}
                    />{' '}
                    <a href={`/desk/online/${d.id}`}>{lang === 'vi' ? 'Kiểm tra, yêu cầu bổ sung hoặc từ chối' : 'Check, ask for a supplement or refuse'}</a>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>

        <section aria-labelledby="desk-waiting">
          <h2 id="desk-waiting">
            {lang === 'vi' ? 'Hồ sơ chờ bổ sung trước khi tiếp nhận' : 'Dossiers waiting for a supplement before reception'} ({supplements.length})
          </h2>
          {supplements.length === 0 ? (
            <p>{lang === 'vi' ? 'Không có.' : 'None.'}</p>
          ) : (
            <ul>
              {supplements.map((d) => (
                <li>
                  <a href={`/dossiers/${d.id}`}>
                    {d.procedureName} — {d.applicantName}
                  </a>{' '}
                  <span class="muted">
                    ({d.channel ? `${tr(lang, CHANNEL_LABELS[d.channel])}, ` : ''}
                    {lang === 'vi' ? 'từ' : 'since'} {shortWhen(d.updatedAt)})
                  </span>{' '}
                  · <a href={`/dossiers/${d.id}/forms/02`}>{lang === 'vi' ? 'Phiếu yêu cầu bổ sung (Mẫu 02)' : 'Supplement request (form 02)'}</a>
                  {d.channel !== 'online' && (
                    <>
                      {' '}
                      ·{' '}
                      <a href={`/desk/returning/${d.id}`} aria-label={lang === 'vi' ? `Tiếp nhận bổ sung hồ sơ của ${d.applicantName}` : `Receive the supplemented dossier of ${d.applicantName}`}>
                        {lang === 'vi' ? 'Người nộp đã quay lại: tiếp nhận' : 'Applicant is back: receive'}
                      </a>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
        <p>
          <a href="/deadline">{tr(lang, UI.deadlineCalc)}</a> · <a href="/procedures">{tr(lang, UI.procedures)}</a>
        </p>
      </Layout>,
    );
  });

  // -------------------------------------------------------------------------------------------------------------
  // The reception form

  interface FormState {
    failure?: FormFailure;
    preview?: Preview | null;
  }

  async function receptionPage(req: FastifyRequest, user: UserActor, p: ProcedureView, v: ReceptionValues, state: FormState = {}) {
    const lang = req.lang;
    const body = p.body;
    const units = await listAllUnits(ctx);
    const desks = deskUnitsOf(user, units);
    const unitByCode = new Map(units.map((u) => [u.code, u]));
    const competent = body.competentUnits.map((c) => unitByCode.get(c)).filter((u): u is UnitView => u !== undefined);
    const fields = state.failure?.fields;
    const files = await storedFiles(req, v.docs);
    const retired = p.status === 'replaced' || p.status === 'abolished';
    const limit = effectiveLimit(body, v.channel);
    const preview = state.preview;
    const reducedFrom = preview?.legalLimit && (preview.legalLimit.amount !== preview.limit.amount || preview.legalLimit.unit !== preview.limit.unit) ? preview.legalLimit : null;
    return (
      <Layout req={req} title={T(`Tiếp nhận hồ sơ: ${body.name}`, `Receive a dossier: ${body.name}`)}>
        <p>
          <a href="/desk">← {lang === 'vi' ? 'Chọn thủ tục khác' : 'Choose another procedure'}</a> · <a href={`/procedures/${encodeURIComponent(p.code)}`}>{lang === 'vi' ? 'Thông tin thủ tục' : 'About this procedure'}</a>
        </p>
        <p id="f-procedureCode">
          <code>{p.code}</code> · {body.field} · {tr(lang, LEVEL_LABELS[body.level])}
          {limit && (
            <>
              {' '}
              · {lang === 'vi' ? 'Thời hạn giải quyết' : 'Time limit'}: <strong>{tr(lang, formatLimit(limit))}</strong>
            </>
          )}
        </p>
        <RetiredNotice lang={lang} p={p} />
        {state.failure && !retired && <ErrorSummary lang={lang} message={state.failure.message} fields={state.failure.fields} />}
        {!retired && (
          <form method="post" action={`/desk/receive/${encodeURIComponent(p.code)}`} enctype="multipart/form-data" novalidate class="desk-form">
            <Csrf req={req} />
            <input type="hidden" name="idempotencyKey" value={v.key} />

            <h2>{lang === 'vi' ? 'Nơi tiếp nhận và giải quyết' : 'Where it is received and decided'}</h2>
            <DeskChoice lang={lang} desks={desks} value={v.receivingUnitId} fields={fields} />
            {competent.length > 1 ? (
              <UnitSelect
                lang={lang}
                name="competentUnitCode"
                label={T('Cơ quan có thẩm quyền giải quyết', 'Competent unit')}
                hint={T(
                  'Thủ tục cấp xã được tiếp nhận không phụ thuộc địa giới hành chính: chọn xã, phường sẽ giải quyết hồ sơ.',
                  'Commune procedures are received regardless of administrative boundaries: choose the commune or ward that will decide.',
                )}
                options={competent}
                value={v.competentUnitCode}
                valueOf={(u) => u.code}
                errors={fields}
              />
            ) : (
              <p id="f-competentUnitCode">
                {lang === 'vi' ? 'Cơ quan giải quyết' : 'Decided by'}: <strong>{competent[0]?.name ?? body.competentUnits[0] ?? '—'}</strong>
                {errorOf(fields, 'competentUnitCode') && <span class="field-error"> {tr(lang, errorOf(fields, 'competentUnitCode')!.message)}</span>}
              </p>
            )}
            {body.channels.postal ? (
              <Radios
                lang={lang}
                name="channel"
                legend={T('Hình thức nộp', 'How it was brought')}
                options={[
                  { value: 'counter', label: T('Trực tiếp tại Bộ phận Một cửa', 'In person at the desk') },
                  { value: 'postal', label: T('Qua dịch vụ bưu chính công ích', 'By public postal service') },
                ]}
                value={v.channel}
                errors={fields}
              />
            ) : (
              <input type="hidden" name="channel" value="counter" />
            )}
            <ResultDeliveryRadios lang={lang} value={v.resultDelivery} errors={fields} />

            <h2>{lang === 'vi' ? 'Người nộp hồ sơ' : 'Applicant'}</h2>
            <Radios
              lang={lang}
              name="kind"
              legend={T('Người nộp là', 'The applicant is')}
              options={[
                { value: 'citizen', label: T('Công dân', 'A citizen') },
                { value: 'organisation', label: T('Tổ chức, doanh nghiệp', 'An organisation or business') },
              ]}
              value={v.kind}
              errors={fields}
            />
            <div class="desk-grid">
              <Field lang={lang} name="fullName" label={T('Họ và tên người nộp', 'Full name of the person submitting')} value={v.fullName} required autocomplete="off" errors={fields} />
              <Field
                lang={lang}
                name="idNumber"
                label={T('Số định danh cá nhân (CCCD)', 'Personal ID number (CCCD)')}
                hint={T('12 chữ số; bắt buộc với công dân', '12 digits; required for a citizen')}
                value={v.idNumber}
                inputmode="numeric"
                autocomplete="off"
                errors={fields}
              />
              <Field lang={lang} name="organisationName" label={T('Tên tổ chức, doanh nghiệp', 'Organisation name')} hint={T('Khi người nộp là tổ chức', 'When the applicant is an organisation')} value={v.organisationName} errors={fields} />
              <Field lang={lang} name="taxCode" label={T('Mã số doanh nghiệp, mã số thuế', 'Enterprise or tax code')} hint={T('10 chữ số, hoặc 10-3 với chi nhánh', '10 digits, or 10-3 for a branch')} value={v.taxCode} inputmode="numeric" errors={fields} />
              <Field lang={lang} name="address" label={T('Địa chỉ', 'Address')} value={v.address} errors={fields} />
              <Field lang={lang} name="phone" label={T('Số điện thoại', 'Phone')} value={v.phone} type="tel" inputmode="tel" errors={fields} />
              <Field lang={lang} name="email" label={T('Thư điện tử', 'E-mail')} value={v.email} type="email" errors={fields} />
            </div>

            <Checklist lang={lang} body={body} docs={v.docs} files={files} fields={fields} />

            <h2>{lang === 'vi' ? 'Ngày hẹn trả kết quả' : 'Appointment'}</h2>
            <div class="desk-preview" aria-live="polite">
              {preview ? (
                <>
                  <p class="due">
                    {lang === 'vi' ? 'Hẹn trả' : 'Due'}: <strong id="desk-due">{formatAppointment(preview.due, lang)}</strong>
                  </p>
                  <p class="muted">
                    {lang === 'vi'
                      ? `Nếu tiếp nhận lúc ${formatAppointment(preview.at, lang)}: thời hạn ${tr(lang, formatLimit(preview.limit))}${reducedFrom ? ` (giảm từ ${tr(lang, formatLimit(reducedFrom))})` : ''}, tính theo lịch làm việc của ${preview.unitName}. Ngày hẹn chính thức in trên Giấy tiếp nhận.`
                      : `If received at ${formatAppointment(preview.at, lang)}: ${tr(lang, formatLimit(preview.limit))}${reducedFrom ? ` (reduced from ${tr(lang, formatLimit(reducedFrom))})` : ''}, on the working calendar of ${preview.unitName}. The receipt shows the binding appointment.`}
                  </p>
                </>
              ) : (
                <p class="muted">
                  {lang === 'vi'
                    ? 'Bấm "Xem ngày hẹn" để tính ngày hẹn trả theo lịch làm việc của nơi tiếp nhận trước khi tiếp nhận.'
                    : 'Press "Preview the appointment" to compute the due date on the desk’s working calendar before receiving.'}
                </p>
              )}
              <button type="submit" name="intent" value="preview" class="secondary">
                {lang === 'vi' ? 'Xem ngày hẹn' : 'Preview the appointment'}
              </button>
            </div>
            <Decision lang={lang} v={v} fields={fields} />
          </form>
        )}
      </Layout>
    );
  }

  app.get<{ Params: { code: string } }>('/desk/receive/:code', { schema: { hide: true } }, async (req, reply) => {
    const user = deskUser(req, reply);
    if (!user) return reply;
    const p = await getProcedure(ctx, req.actor, req.params.code);
    const desks = deskUnitsOf(user, await listAllUnits(ctx));
    return sendPage(reply, await receptionPage(req, user, p, blankValues(p.body, desks)));
  });

  app.post<{ Params: { code: string } }>('/desk/receive/:code', { schema: { hide: true } }, async (req, reply) => {
    const user = deskUser(req, reply);
    if (!user) return reply;
    const code = req.params.code;
    const p = await getProcedure(ctx, req.actor, code);
    const body = p.body;
    const { fields, uploads } = await multipartBody(req.body);
    const v = valuesFrom(fields, body);
    const intent: Intent = (['preview', 'receive', 'supplement', 'refuse'] as const).find((x) => x === str(fields, 'intent')) ?? 'preview';

    const fileProblems = await storeScans(req, v.docs, uploads);
    if (fileProblems.length > 0) return sendPage(reply, await receptionPage(req, user, p, v, { failure: { status: 400, message: UI.errorsFound, fields: fileProblems } }), 400);

    if (intent === 'preview') {
      const desks = deskUnitsOf(user, await listAllUnits(ctx));
      const desk = desks.length === 1 ? desks[0] : desks.find((d) => String(d.id) === v.receivingUnitId);
      const r = await previewAppointment(ctx, body, v.channel, desk);
      if ('path' in r) return sendPage(reply, await receptionPage(req, user, p, v, { failure: { status: 400, message: UI.errorsFound, fields: [r] } }), 400);
      return sendPage(reply, await receptionPage(req, user, p, v, { preview: r }));
    }

    const input = counterInput(v, body, code);
    let result: Awaited<ReturnType<typeof attempt<CreationResult>>>;
    if (intent === 'receive') result = await attempt(() => receiveAtDesk(ctx, req.actor, { ...input, resultDelivery: v.resultDelivery }));
    else if (intent === 'supplement') result = await attempt(() => requestSupplementBeforeReception(ctx, req.actor, { ...input, items: supplementItems(v, body), reason: v.reason }));
    else result = await attempt(() => refuseReception(ctx, req.actor, { ...input, reasons: v.reasons }));
    if (!result.ok) {
      const failure = mapFailure(result.failure);
      return sendPage(reply, await receptionPage(req, user, p, v, { failure }), failure.status);
    }
    return reply.redirect(`/desk/receipts/${result.value.dossier.id}${result.value.created ? '' : '?again=1'}`, 303);
  });

  // -------------------------------------------------------------------------------------------------------------
  // Receipt

  app.get<{ Params: { id: string }; Querystring: { again?: string } }>('/desk/receipts/:id', { schema: { hide: true } }, async (req, reply) => {
    if (!deskUser(req, reply)) return reply;
    const lang = req.lang;
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id < 1) throw new AppError('not_found', 'not_found', T('Không tìm thấy hồ sơ', 'Dossier not found'));
    const d = await getDossier(ctx, req.actor, id);
    const s = d.state;
    const unit = (uid: number | null) => (uid !== null ? (d.units[uid]?.name ?? '—') : '—');
    const forms = (n: string, label: Bilingual) => (
      <ul class="desk-links">
        <li>
          <a class="button" href={`/dossiers/${d.id}/forms/${n}`}>
            {tr(lang, label)}
          </a>
        </li>
        <li>
          <a href={`/dossiers/${d.id}/forms/${n}.pdf`}>{lang === 'vi' ? `Tải bản PDF (Mẫu ${n})` : `Download the PDF (form ${n})`}</a>
        </li>
      </ul>
    );
    const applicant = d.applicant.kind === 'organisation' && d.applicant.organisationName ? `${d.applicant.organisationName} (${d.applicant.fullName})` : d.applicant.fullName;
    let title: Bilingual;
    let content;
    if (s.status === 'supplement_before_reception') {
      title = T('Đã yêu cầu bổ sung hồ sơ', 'Supplement requested');
      content = (
        <>
          <Notice>
            <p class="lead">{lang === 'vi' ? 'Đã lập Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ; hồ sơ chưa được tiếp nhận.' : 'A supplement request was issued; the dossier is not received yet.'}</p>
          </Notice>
          <AskedItems lang={lang} d={d} />
          {forms('02', T('In Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)', 'Print the supplement request (form 02)'))}
          {d.channel !== 'online' && (
            <p>
              <a href={`/desk/returning/${d.id}`}>{lang === 'vi' ? 'Khi người nộp quay lại với giấy tờ bổ sung: kiểm tra lại và tiếp nhận hồ sơ này' : 'When the applicant comes back with the papers: check again and receive this dossier'}</a>
            </p>
          )}
        </>
      );
    } else if (s.status === 'refused') {
      title = T('Đã từ chối tiếp nhận hồ sơ', 'Reception refused');
      content = (
        <>
          <Notice>
            <p class="lead">{lang === 'vi' ? `Đã từ chối tiếp nhận lúc ${formatAppointment(s.refusedAt, lang)}.` : `Reception refused at ${formatAppointment(s.refusedAt, lang)}.`}</p>
          </Notice>
          {forms('03', T('In Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03)', 'Print the refusal notice (form 03)'))}
        </>
      );
    } else if (s.receivedAt) {
      title = T(`Đã tiếp nhận hồ sơ ${d.code ?? ''}`, `Dossier ${d.code ?? ''} received`);
      content = (
        <>
          <Notice>
            <p class="lead">
              {lang === 'vi' ? 'Mã hồ sơ' : 'Dossier code'}: <strong id="desk-code">{d.code}</strong>
            </p>
            <p class="due">
              {lang === 'vi' ? 'Hẹn trả kết quả' : 'Appointment'}: <strong id="desk-due">{formatAppointment(s.clock?.currentDueAt, lang)}</strong>
            </p>
          </Notice>
          {forms('01', T('In Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)', 'Print the receipt and appointment (form 01)'))}
        </>
      );
    } else {
      title = T('Hồ sơ chưa được tiếp nhận', 'Dossier not received');
      content = <p>{lang === 'vi' ? 'Hồ sơ này chưa được tiếp nhận.' : 'This dossier has not been received.'}</p>;
    }
    return sendPage(
      reply,
      <Layout req={req} title={title}>
        {req.query.again && (
          <Notice>
            <p>{lang === 'vi' ? 'Biểu mẫu đã được gửi trước đó: không tạo thêm hồ sơ mới.' : 'This form was already submitted: no second dossier was created.'}</p>
          </Notice>
        )}
        {content}
        <h2>{lang === 'vi' ? 'Thông tin hồ sơ' : 'Dossier'}</h2>
        <dl class="desk-facts">
          <dt>{lang === 'vi' ? 'Thủ tục' : 'Procedure'}</dt>
          <dd>
            {d.procedure.name} <code>{d.procedure.code}</code>
          </dd>
          <dt>{lang === 'vi' ? 'Người nộp' : 'Applicant'}</dt>
          <dd>{applicant}</dd>
          <dt>{tr(lang, UI.status)}</dt>
          <dd>
            <StatusBadge lang={lang} status={s.status} national={s.nationalStatus} />
          </dd>
          <dt>{lang === 'vi' ? 'Hình thức' : 'Channel'}</dt>
          <dd>{tr(lang, CHANNEL_LABELS[d.channel])}</dd>
          <dt>{lang === 'vi' ? 'Nơi tiếp nhận' : 'Received at'}</dt>
          <dd>{unit(s.receivingUnitId ?? s.submittedToUnitId ?? s.currentUnitId)}</dd>
          <dt>{lang === 'vi' ? 'Cơ quan giải quyết' : 'Competent unit'}</dt>
          <dd>{unit(s.competentUnitId)}</dd>
          {s.receivedAt && (
            <>
              <dt>{lang === 'vi' ? 'Tiếp nhận lúc' : 'Received'}</dt>
              <dd>{formatAppointment(s.receivedAt, lang)}</dd>
            </>
          )}
          {s.trackingBookNumber !== null && (
            <>
              <dt>{lang === 'vi' ? 'Số theo dõi trong sổ' : 'Tracking book number'}</dt>
              <dd>{s.trackingBookNumber}</dd>
            </>
          )}
        </dl>
        <p class="desk-links-row">
          <a href={`/dossiers/${d.id}`}>{lang === 'vi' ? 'Xem hồ sơ' : 'Open the dossier'}</a> · <a href="/desk">{lang === 'vi' ? 'Tiếp nhận hồ sơ khác' : 'Receive another dossier'}</a> ·{' '}
          <a href={`/desk/receive/${encodeURIComponent(d.procedure.code)}`}>{lang === 'vi' ? 'Tiếp nhận hồ sơ khác cùng thủ tục' : 'Another dossier of this procedure'}</a>
        </p>
      </Layout>,
    );
  });

  // -------------------------------------------------------------------------------------------------------------
  // Online submissions

  const dossierIdOf = (raw: string) => {
    const id = Number(raw);
    if (!Number.isSafeInteger(id) || id < 1) throw new AppError('not_found', 'not_found', T('Không tìm thấy hồ sơ', 'Dossier not found'));
    return id;
  };

  async function onlinePage(req: FastifyRequest, d: DossierView, failure?: FormFailure, values: { items?: string; reason?: string; reasons?: string } = {}) {
    const lang = req.lang;
    const s = d.state;
    const fields = failure?.fields;
    const fileNames = await Promise.all(
      d.documents.map((doc) =>
        Promise.all(
          doc.fileIds.map(async (id) => {
            try {
              return { id, name: (await getFileInfo(ctx, req.actor, id)).name };
            } catch {
              return { id, name: id };
            }
          }),
        ),
      ),
    );
    // The forms the domain allows this official now (allowedActionsFor), not a reading of the status.
    const can = allowedOf(await allowedActionsFor(ctx, req.actor, d.id));
    const waiting = can.has('receive') || can.has('request_supplement_before_reception') || can.has('refuse_reception');
    return (
      <Layout req={req} title={T(`Hồ sơ nộp trực tuyến: ${d.procedure.name}`, `Online dossier: ${d.procedure.name}`)}>
        <p>
          <a href="/desk">← {lang === 'vi' ? 'Danh sách chờ tiếp nhận' : 'Waiting list'}</a> · <a href={`/dossiers/${d.id}`}>{lang === 'vi' ? 'Xem hồ sơ' : 'Open the dossier'}</a>
        </p>
        <ErrorSummary lang={lang} message={failure?.message} fields={fields} />
        <DossierFacts lang={lang} d={d} when={{ label: T('Nộp lúc', 'Submitted'), at: s.submittedAt }} />
        <h2>{lang === 'vi' ? 'Thành phần hồ sơ' : 'Documents'}</h2>
        <ol>
          {d.documents.map((doc, i) => (
            <li>
              {doc.name}{' '}
              {doc.provided ? (
                <span class="badge ok">{lang === 'vi' ? `${doc.fileIds.length} tệp` : `${doc.fileIds.length} file(s)`}</span>
              ) : (
                <span class={doc.optional ? 'badge' : 'badge err'}>{lang === 'vi' ? 'Không có tệp' : 'No file'}</span>
              )}
              {fileNames[i]!.map((f) => (
                <>
                  {' '}
                  <a href={`/dossiers/${d.id}/files/${encodeURIComponent(f.id)}`}>{f.name}</a>
                </>
              ))}
            </li>
          ))}
        </ol>
        {waiting ? (
          <>
            {can.has('receive') && (
              <form method="post" action={`/desk/online/${d.id}/receive`} class="desk-actions">
                <Csrf req={req} />
                <input type="hidden" name="expectedVersion" value={d.version} />
                <button type="submit">{lang === 'vi' ? 'Tiếp nhận' : 'Receive'}</button>
              </form>
            )}
            <div class="desk-grid">
              {can.has('request_supplement_before_reception') && (
              <form method="post" action={`/desk/online/${d.id}/supplement`} class="desk-alt" novalidate>
                <Csrf req={req} />
                <input type="hidden" name="expectedVersion" value={d.version} />
                <h2>{lang === 'vi' ? 'Yêu cầu bổ sung, hoàn thiện (Mẫu 02)' : 'Ask for a supplement (form 02)'}</h2>
                <TextArea lang={lang} name="items" label={T('Giấy tờ cần bổ sung', 'Documents to add or correct')} hint={T('Mỗi dòng một giấy tờ', 'One per line')} value={values.items ?? ''} errors={fields} rows={4} />
                <TextArea lang={lang} name="reason" label={T('Lý do', 'Reason')} value={values.reason ?? ''} errors={fields} rows={2} />
                <button type="submit" class="secondary">
                  {lang === 'vi' ? 'Yêu cầu bổ sung' : 'Ask for a supplement'}
                </button>
              </form>
              )}
              {can.has('refuse_reception') && (
              <form method="post" action={`/desk/online/${d.id}/refuse`} class="desk-alt" novalidate>
                <Csrf req={req} />
                <input type="hidden" name="expectedVersion" value={d.version} />
                <h2>{lang === 'vi' ? 'Từ chối tiếp nhận (Mẫu 03)' : 'Refuse reception (form 03)'}</h2>
                <TextArea lang={lang} name="reasons" label={T('Lý do từ chối', 'Reasons for refusal')} value={values.reasons ?? ''} errors={fields} rows={4} />
                <button type="submit" class="secondary desk-danger">
                  {lang === 'vi' ? 'Từ chối tiếp nhận' : 'Refuse reception'}
                </button>
              </form>
              )}
            </div>
          </>
        ) : (
          <p>{lang === 'vi' ? 'Hồ sơ này không còn chờ tiếp nhận.' : 'This dossier is no longer waiting for reception.'}</p>
        )}
      </Layout>
    );
  }

  app.get<{ Params: { id: string } }>('/desk/online/:id', { schema: { hide: true } }, async (req, reply) => {
    if (!deskUser(req, reply)) return reply;
    const d = await getDossier(ctx, req.actor, dossierIdOf(req.params.id));
    return sendPage(reply, await onlinePage(req, d));
  });

  /** The version the official saw: a missing or malformed one is a stale form, not a guess. */
  const versionOf = (body: FormBody) => {
    const n = intOrNull(body, 'expectedVersion');
    return n === null || Number.isNaN(n) ? -1 : n;
  };

  async function onlineOutcome(req: FastifyRequest, reply: FastifyReply, id: number, r: { ok: true; value: CreationResult } | { ok: false; failure: FormFailure }, values: { items?: string; reason?: string; reasons?: string } = {}) {
    if (r.ok) return reply.redirect(`/desk/receipts/${r.value.dossier.id}`, 303);
    const failure = mapFailure(r.failure);
    const d = await getDossier(ctx, req.actor, id);
    return sendPage(reply, await onlinePage(req, d, failure, values), failure.status);
  }

  app.post<{ Params: { id: string }; Body: FormBody }>('/desk/online/:id/receive', { schema: { hide: true } }, async (req, reply) => {
    if (!deskUser(req, reply)) return reply;
    const id = dossierIdOf(req.params.id);
    const r = await attempt(() => receiveSubmitted(ctx, req.actor, id, { expectedVersion: versionOf(req.body) }));
    return onlineOutcome(req, reply, id, r);
  });

  app.post<{ Params: { id: string }; Body: FormBody }>('/desk/online/:id/supplement', { schema: { hide: true } }, async (req, reply) => {
    if (!deskUser(req, reply)) return reply;
    const id = dossierIdOf(req.params.id);
    const values = { items: str(req.body, 'items'), reason: str(req.body, 'reason') };
    const r = await attempt(() => requestSupplementBeforeReception(ctx, req.actor, { dossierId: id, expectedVersion: versionOf(req.body), items: linesOf(values.items), reason: values.reason }));
    return onlineOutcome(req, reply, id, r, values);
  });

  app.post<{ Params: { id: string }; Body: FormBody }>('/desk/online/:id/refuse', { schema: { hide: true } }, async (req, reply) => {
    if (!deskUser(req, reply)) return reply;
    const id = dossierIdOf(req.params.id);
    const values = { reasons: str(req.body, 'reasons') };
    const r = await attempt(() => refuseReception(ctx, req.actor, { dossierId: id, expectedVersion: versionOf(req.body), reasons: values.reasons }));
    return onlineOutcome(req, reply, id, r, values);
  });

  // -------------------------------------------------------------------------------------------------------------
  // A counter dossier brought back after form 02: the same dossier, checked again against the procedure in force

  const RETURNING_INTENTS = ['receive', 'supplement', 'refuse'] as const;

  /**
   * Online dossiers are supplemented by the applicant online; only counter and postal ones come back to the desk,
   * which then receives, asks again or refuses, as far as the domain allows this official (allowedActionsFor).
   */
  const isReturning = (d: DossierView, can: ReadonlySet<string>) =>
    d.channel !== 'online' && (can.has('receive') || can.has('request_supplement_before_reception') || can.has('refuse_reception'));

  /**
   * The checklist as the dossier comes back: nothing ticked (the desk checks every paper again, the first ones went
   * home with form 02), the counts the procedure asks for, and the scans stored with it before kept.
   */
  function returningValues(d: DossierView, body: ProcedureBody, desks: UnitView[]): ReceptionValues {
    const v = blankValues(body, desks);
    const before = new Map(d.documents.map((e) => [e.name, e.fileIds]));
    v.docs = v.docs.map((x, i) => ({ ...x, fileIds: before.get(body.documents[i]!.name) ?? [] }));
    const taken = d.state.receivingUnitId ?? d.state.submittedToUnitId;
    if (desks.some((u) => u.id === taken)) v.receivingUnitId = String(taken);
    return v;
  }

  async function returningPage(req: FastifyRequest, user: UserActor, d: DossierView, p: ProcedureView, v: ReceptionValues, failure?: FormFailure) {
    const lang = req.lang;
    const fields = failure?.fields;
    const desks = deskUnitsOf(user, await listAllUnits(ctx));
    const files = await storedFiles(req, v.docs);
    const asked = d.state.preReceptionSupplements.at(-1);
    const returning = isReturning(d, allowedOf(await allowedActionsFor(ctx, req.actor, d.id)));
    const open = returning && p.status !== 'replaced' && p.status !== 'abolished';
    return (
      <Layout req={req} title={T(`Tiếp nhận hồ sơ đã bổ sung: ${d.procedure.name}`, `Receive a supplemented dossier: ${d.procedure.name}`)}>
        <p>
          <a href="/desk">← {lang === 'vi' ? 'Danh sách chờ tiếp nhận' : 'Waiting list'}</a> · <a href={`/dossiers/${d.id}`}>{lang === 'vi' ? 'Xem hồ sơ' : 'Open the dossier'}</a>
        </p>
        <RetiredNotice lang={lang} p={p} />
        <ErrorSummary lang={lang} message={failure?.message} fields={fields} />
        <DossierFacts lang={lang} d={d} when={{ label: T('Yêu cầu bổ sung lúc', 'Supplement requested'), at: asked?.at ?? null }} />
        <AskedItems lang={lang} d={d} />
        <p>
          <a href={`/dossiers/${d.id}/forms/02`}>{lang === 'vi' ? 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)' : 'The supplement request (form 02)'}</a>
        </p>
        {open ? (
          <form method="post" action={`/desk/returning/${d.id}`} enctype="multipart/form-data" novalidate class="desk-form">
            <Csrf req={req} />
            <input type="hidden" name="expectedVersion" value={d.version} />
            <DeskChoice lang={lang} desks={desks} value={v.receivingUnitId} fields={fields} />
            <Checklist lang={lang} body={p.body} docs={v.docs} files={files} fields={fields} />
            <Decision lang={lang} v={v} fields={fields} note={T('Khi tiếp nhận, hồ sơ được cấp mã và ngày hẹn trả tính từ lúc này (Mẫu 01).', 'Receiving gives the dossier its code and an appointment counted from now (form 01).')} />
          </form>
        ) : (
          !returning && <p>{lang === 'vi' ? 'Hồ sơ này không còn chờ bổ sung trước khi tiếp nhận tại Bộ phận Một cửa.' : 'This dossier is no longer waiting at the desk for a supplement.'}</p>
        )}
      </Layout>
    );
  }

  app.get<{ Params: { id: string } }>('/desk/returning/:id', { schema: { hide: true } }, async (req, reply) => {
    const user = deskUser(req, reply);
    if (!user) return reply;
    const d = await getDossier(ctx, req.actor, dossierIdOf(req.params.id));
    const p = await getProcedure(ctx, req.actor, d.procedure.code);
    const desks = deskUnitsOf(user, await listAllUnits(ctx));
    return sendPage(reply, await returningPage(req, user, d, p, returningValues(d, p.body, desks)));
  });

  app.post<{ Params: { id: string } }>('/desk/returning/:id', { schema: { hide: true } }, async (req, reply) => {
    const user = deskUser(req, reply);
    if (!user) return reply;
    const id = dossierIdOf(req.params.id);
    const d = await getDossier(ctx, req.actor, id);
    const p = await getProcedure(ctx, req.actor, d.procedure.code);
    const body = p.body;
    const { fields, uploads } = await multipartBody(req.body);
    const v = valuesFrom(fields, body);
    const fileProblems = await storeScans(req, v.docs, uploads);
    if (fileProblems.length > 0) return sendPage(reply, await returningPage(req, user, d, p, v, { status: 400, message: UI.errorsFound, fields: fileProblems }), 400);
    const intent = RETURNING_INTENTS.find((x) => x === str(fields, 'intent'));
    // No button named (a form sent some other way): show it again rather than guess what the desk meant.
    if (!intent) return sendPage(reply, await returningPage(req, user, d, p, v));

    const expectedVersion = versionOf(fields);
    const comment = v.comment || null;
    const result =
      intent === 'receive'
        ? await attempt(() => receiveSubmitted(ctx, req.actor, id, { expectedVersion, documents: documentInputs(v.docs, body), receivingUnitId: unitIdOrNull(v.receivingUnitId), comment }))
        : intent === 'supplement'
          ? await attempt(() => requestSupplementBeforeReception(ctx, req.actor, { dossierId: id, expectedVersion, items: supplementItems(v, body), reason: v.reason, comment }))
          : await attempt(() => refuseReception(ctx, req.actor, { dossierId: id, expectedVersion, reasons: v.reasons, comment }));
    if (result.ok) return reply.redirect(`/desk/receipts/${id}`, 303);
    const failure = mapFailure(result.failure);
    // Shown again as the dossier is now (a stale form gets the current version), with what the desk typed.
    return sendPage(reply, await returningPage(req, user, await getDossier(ctx, req.actor, id), p, v, failure), failure.status);
  });
}

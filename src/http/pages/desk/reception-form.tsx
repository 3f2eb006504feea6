// The reception form for a dossier brought to the counter or by post: where it is received and decided, the
// applicant, the checklist with scans, the appointment preview, then receive, form 02 or form 03. One multipart
// form whose buttons say what to do; every failure renders it again with what was typed and the files uploaded.
import type { FastifyRequest } from 'fastify';
import type { UserActor } from '../../../app/actor.js';
import { computeDeadline } from '../../../app/calendar.js';
import type { ProcedureView } from '../../../app/catalogue.js';
import type { AppContext } from '../../../app/context.js';
import type { StoredFileView } from '../../../app/dossiers/index.js';
import { listAllUnits, type UnitView } from '../../../app/units.js';
import { formatVnInstant, type Limit } from '../../../domain/calendar/index.js';
import { effectiveLimit, formatLimit, LEVEL_LABELS, type ProcedureBody } from '../../../domain/catalogue/index.js';
import type { FieldError } from '../../../domain/errors.js';
import { tr, type Lang } from '../../i18n.js';
import { Csrf, ErrorSummary, Field, fieldError } from '../components.js';
import type { FormFailure } from '../forms.js';
import { Layout } from '../layout.js';
import { Checklist } from './checklist.js';
import { deskUnitsOf, formatAppointment, T } from './common.js';
import { Decision, DeskChoice, DeskRadios, ResultDeliveryRadios, UnitSelect } from './decision.js';
import { isRetired, RetiredNotice } from './facts.js';
import type { ReceptionValues } from './reception-values.js';
import { storedFiles } from './scans.js';

export interface Preview {
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
export async function previewAppointment(ctx: AppContext, body: ProcedureBody, channel: 'counter' | 'postal', desk: UnitView | undefined): Promise<Preview | FieldError> {
  const limit = effectiveLimit(body, channel);
  if (!limit) return { path: 'channel', message: T('Thủ tục chưa quy định thời hạn giải quyết cho hình thức này', 'The procedure has no time limit for this channel') };
  if (!desk) return { path: 'receivingUnitId', message: T('Chọn nơi tiếp nhận để tính ngày hẹn', 'Choose the desk to compute the appointment') };
  const at = ctx.clock();
  const r = await computeDeadline(ctx, { start: formatVnInstant(at), amount: limit.amount, unit: limit.unit, unitCode: desk.code });
  return { due: new Date(r.due), limit, legalLimit: body.channels[channel]?.timeLimit ?? null, unitName: r.calendar.unitName, at };
}

export interface FormState {
  failure?: FormFailure;
  preview?: Preview | null;
}

interface Props {
  req: FastifyRequest;
  p: ProcedureView;
  v: ReceptionValues;
  desks: UnitView[];
  competent: UnitView[];
  files: (StoredFileView | null)[][];
  state: FormState;
}

/** The reception form as it stands, with the units and stored scans it shows. */
export async function receptionPage(ctx: AppContext, req: FastifyRequest, user: UserActor, p: ProcedureView, v: ReceptionValues, state: FormState = {}) {
  const units = await listAllUnits(ctx);
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const competent = p.body.competentUnits.map((c) => unitByCode.get(c)).filter((u): u is UnitView => u !== undefined);
  const files = await storedFiles(ctx, req, v.docs);
  return <ReceptionPage req={req} p={p} v={v} desks={deskUnitsOf(user, units)} competent={competent} files={files} state={state} />;
}

function ReceptionPage({ req, p, v, desks, competent, files, state }: Props) {
  const lang = req.lang;
  const body = p.body;
  const fields = state.failure?.fields;
  const retired = isRetired(p);
  const limit = effectiveLimit(body, v.channel);
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
          <Where lang={lang} body={body} v={v} desks={desks} competent={competent} fields={fields} />
          <Applicant lang={lang} v={v} fields={fields} />
          <Checklist lang={lang} body={body} docs={v.docs} files={files} fields={fields} />
          <Appointment lang={lang} preview={state.preview} />
          <Decision lang={lang} v={v} fields={fields} />
        </form>
      )}
    </Layout>
  );
}

function Where({ lang, body, v, desks, competent, fields }: { lang: Lang; body: ProcedureBody; v: ReceptionValues; desks: UnitView[]; competent: UnitView[]; fields: FieldError[] | undefined }) {
  const competentErr = fieldError(fields, 'competentUnitCode');
  return (
    <>
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
          {competentErr && <span class="field-error"> {tr(lang, competentErr.message)}</span>}
        </p>
      )}
      {body.channels.postal ? (
        <DeskRadios
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
    </>
  );
}

function Applicant({ lang, v, fields }: { lang: Lang; v: ReceptionValues; fields: FieldError[] | undefined }) {
  return (
    <>
      <h2>{lang === 'vi' ? 'Người nộp hồ sơ' : 'Applicant'}</h2>
      <DeskRadios
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
    </>
  );
}

function Appointment({ lang, preview }: { lang: Lang; preview: Preview | null | undefined }) {
  const reducedFrom = preview?.legalLimit && (preview.legalLimit.amount !== preview.limit.amount || preview.legalLimit.unit !== preview.limit.unit) ? preview.legalLimit : null;
  return (
    <>
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
    </>
  );
}

// Public tracking page (tra cứu hồ sơ): anyone with a dossier code and what the applicant knows (the last 4 digits
// of the phone, ID number or tax code), or the QR code of form 01 (`/tra-cuu/<code>?t=<token>`), sees where the
// dossier is and whether it is on time. Only what publicTracking exposes: initials, no official's name. Plain GET
// forms, so it works without JavaScript and the result page can be bookmarked or shared by the applicant.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { publicTracking, type PublicTrackingView } from '../../app/dossiers/index.js';
import { formatVnInstant } from '../../domain/calendar/index.js';
import type { Channel, DossierStatus } from '../../domain/dossier/index.js';
import { DUE_RECOUNTED_LABEL, OUTCOME_LABELS } from '../../domain/dossier/labels.js';
import type { Bilingual, FieldError } from '../../domain/errors.js';
import { TRACKING_RATE } from '../api/dossiers.js';
import type { Child } from '../jsx/jsx-runtime.js';
import { tr, UI, type Lang } from '../i18n.js';
import { attempt } from './forms.js';
import { Layout, sendPage } from './layout.js';
import { DataTable, ErrorSummary, Field, Notice } from './components.js';

const TITLE = { vi: 'Tra cứu hồ sơ', en: 'Track a dossier' };

const T = {
  code: { vi: 'Mã hồ sơ', en: 'Dossier code' },
  codeHint: { vi: 'In trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả, ví dụ 000.00.31.H99-261123-0001', en: 'Printed on the receipt, e.g. 000.00.31.H99-261123-0001' },
  verifier: { vi: '4 số cuối điện thoại / CCCD / mã số thuế', en: 'Last 4 digits of the phone / ID number / tax code' },
  verifierHint: {
    vi: 'Của người nộp hồ sơ, như đã khai khi nộp. Hoặc quét mã QR trên Giấy tiếp nhận để xem ngay.',
    en: 'The applicant’s, as given when applying. Or scan the QR code on the receipt to see it at once.',
  },
  look: { vi: 'Tra cứu', en: 'Look up' },
  notFound: {
    vi: 'Không tìm thấy hồ sơ khớp với mã hồ sơ và thông tin xác minh đã nhập. Hãy kiểm tra lại mã trên Giấy tiếp nhận và 4 số cuối điện thoại, CCCD hoặc mã số thuế đã khai khi nộp.',
    en: 'No dossier matches this code and verification. Check the code on your receipt and the last 4 digits of the phone, ID number or tax code given when applying.',
  },
  needCode: { vi: 'Cần nhập mã hồ sơ', en: 'Enter the dossier code' },
  needVerifier: { vi: 'Cần nhập 4 số cuối điện thoại, CCCD hoặc mã số thuế', en: 'Enter the last 4 digits of the phone, ID number or tax code' },
  another: { vi: 'Tra cứu hồ sơ khác', en: 'Track another dossier' },
} satisfies Record<string, Bilingual>;

const CHANNEL: Record<Channel, Bilingual> = {
  counter: { vi: 'Trực tiếp tại Bộ phận Một cửa', en: 'At the desk' },
  online: { vi: 'Trực tuyến', en: 'Online' },
  postal: { vi: 'Qua dịch vụ bưu chính', en: 'By post' },
};

const RESULT: Record<'granted' | 'refused', Bilingual> = {
  granted: { vi: 'Giải quyết, cấp kết quả', en: 'Granted' },
  refused: { vi: 'Từ chối giải quyết (có văn bản nêu lý do)', en: 'Refused (with a notice giving the reasons)' },
};

function statusClass(s: DossierStatus): string {
  if (s === 'finished' || s === 'returned') return 'badge ok';
  if (s === 'refused' || s === 'stopped' || s === 'refused_after_examination') return 'badge err';
  if (s === 'awaiting_supplement' || s === 'awaiting_payment' || s === 'supplement_before_reception' || s === 'withdrawal_requested') return 'badge warn';
  return 'badge';
}

/** Query values arrive as strings, or arrays when repeated; anything longer than a code or token is not one. */
function one(v: unknown): string {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.trim().slice(0, 100) : '';
}

/** The QR code's page without its token, or a link to a code: only the verifier is asked for. */
function VerifierForm({ req, code }: { req: FastifyRequest; code: string }) {
  const lang = req.lang;
  return (
    <form method="get" action={`/tra-cuu/${encodeURIComponent(code)}`}>
      <p>
        {tr(lang, T.code)}: <strong>{code}</strong>
      </p>
      <Field lang={lang} name="v" label={T.verifier} required hint={T.verifierHint} autocomplete="off" inputmode="numeric" />
      <button type="submit">{tr(lang, T.look)}</button>
      <p>
        <a href="/tra-cuu">{lang === 'vi' ? 'Tra cứu mã hồ sơ khác' : 'Look up another code'}</a>
      </p>
    </form>
  );
}

function FormPage({ req, code, fixed, fields, notFound }: { req: FastifyRequest; code: string; fixed: boolean; fields?: FieldError[]; notFound?: boolean }) {
  const lang = req.lang;
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  return (
    <Layout req={req} title={TITLE}>
      {notFound && (
        // Both languages: a visitor who lands here from a QR code has not chosen one yet.
        <div class="error-summary" role="alert" tabindex="-1" id="error-summary">
          <p>
            <strong>{tr(lang, T.notFound)}</strong>
          </p>
          <p lang={other} class="muted">
            {tr(other, T.notFound)}
          </p>
        </div>
      )}
      <ErrorSummary lang={lang} fields={fields} />
      {!notFound && !fields?.length && (
        <p>
          {lang === 'vi'
            ? 'Xem tình trạng giải quyết hồ sơ thủ tục hành chính: đang ở đơn vị nào, ngày hẹn trả, đã có kết quả chưa.'
            : 'See how an administrative dossier is progressing: which unit holds it, the appointment, whether the result is ready.'}
        </p>
      )}
      {fixed ? <VerifierForm req={req} code={code} /> : <FieldsForm req={req} code={code} fields={fields} />}
    </Layout>
  );
}

/** The open form, with the errors of a half-filled submission next to their fields. */
function FieldsForm({ req, code, fields }: { req: FastifyRequest; code: string; fields?: FieldError[] }) {
  const lang = req.lang;
  return (
    <form method="get" action="/tra-cuu">
      <Field lang={lang} name="code" label={T.code} value={code} required hint={T.codeHint} autocomplete="off" errors={fields} />
      <Field lang={lang} name="v" label={T.verifier} required hint={T.verifierHint} autocomplete="off" inputmode="numeric" errors={fields} />
      <button type="submit">{tr(lang, T.look)}</button>
    </form>
  );
}

/** "02/12/2026 17:00", Vietnamese time, with the full year: the appointment is what the applicant plans around. */
function when(d: Date | null): string {
  if (!d) return '—';
  const s = formatVnInstant(d); // 2026-12-02T17:00:00+07:00
  return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)} ${s.slice(11, 16)}`;
}

function Row({ lang, label, children }: { lang: Lang; label: Bilingual; children?: Child }) {
  return (
    <tr>
      <th scope="row">{tr(lang, label)}</th>
      <td>{children}</td>
    </tr>
  );
}

function ResultPage({ req, v, asOf }: { req: FastifyRequest; v: PublicTrackingView; asOf: Date }) {
  const lang = req.lang;
  const statusText = v.nationalStatusLabel ?? v.statusLabel;
  return (
    <Layout req={req} title={{ vi: `Hồ sơ ${v.code}`, en: `Dossier ${v.code}` }}>
      <p class="lead">
        <span class={statusClass(v.status)}>{tr(lang, statusText)}</span>
        {v.late && (
          <>
            {' '}
            <span class="badge err">{lang === 'vi' ? 'Quá hạn' : 'Late'}</span>
          </>
        )}
      </p>
      {v.waitingFor === 'supplement' && (
        <div class="notice warn" role="status">
          {lang === 'vi'
            ? 'Hồ sơ đang chờ người nộp bổ sung giấy tờ theo thông báo của cơ quan giải quyết.'
            : 'The dossier is waiting for the applicant to supply documents, as the deciding unit asked.'}
        </div>
      )}
      {v.waitingFor === 'payment' && (
        <div class="notice warn" role="status">
          {lang === 'vi' ? 'Hồ sơ đang chờ người nộp thực hiện nghĩa vụ tài chính (phí, lệ phí, thuế).' : 'The dossier is waiting for the applicant to pay a fee or tax.'}
        </div>
      )}
      {v.previousDueAt && (
        <Notice>
          {lang === 'vi'
            ? `Cơ quan giải quyết đã xin lỗi vì chậm trễ và hẹn lại ngày trả kết quả: ${when(v.dueAt)} (hẹn trước đó: ${when(v.previousDueAt)}).`
            : `The deciding unit apologised for the delay and set a new appointment: ${when(v.dueAt)} (previously ${when(v.previousDueAt)}).`}
        </Notice>
      )}
      <DataTable lang={lang} caption={{ vi: 'Thông tin hồ sơ', en: 'Dossier details' }} captionClass="sr">
        <Row lang={lang} label={T.code}>
          <strong>{v.code}</strong>
        </Row>
        <Row lang={lang} label={{ vi: 'Thủ tục', en: 'Procedure' }}>{v.procedureName}</Row>
        <Row lang={lang} label={{ vi: 'Người nộp', en: 'Applicant' }}>{v.applicantInitials}</Row>
        <Row lang={lang} label={UI.status}>
          {v.nationalStatus !== null ? `${v.nationalStatus}. ` : ''}
          {tr(lang, statusText)}
          {v.nationalStatusLabel && !tr(lang, v.statusLabel).startsWith(tr(lang, v.nationalStatusLabel)) && <span class="muted"> — {tr(lang, v.statusLabel)}</span>}
        </Row>
        {v.channel && <Row lang={lang} label={{ vi: 'Hình thức nộp', en: 'Submitted' }}>{tr(lang, CHANNEL[v.channel])}</Row>}
        <Row lang={lang} label={{ vi: 'Ngày tiếp nhận', en: 'Received' }}>{when(v.receivedAt)}</Row>
        {v.receivingUnitName && <Row lang={lang} label={{ vi: 'Nơi tiếp nhận', en: 'Received at' }}>{v.receivingUnitName}</Row>}
        <Row lang={lang} label={{ vi: 'Ngày hẹn trả kết quả', en: 'Appointment (due)' }}>
          {v.dueRecounted ? tr(lang, DUE_RECOUNTED_LABEL) : when(v.dueAt)}
          {v.previousDueAt && <span class="muted"> {lang === 'vi' ? '(hẹn lại)' : '(new appointment)'}</span>}
        </Row>
        {v.previousDueAt && <Row lang={lang} label={{ vi: 'Ngày hẹn trước khi xin lỗi', en: 'Appointment before the apology' }}>{when(v.previousDueAt)}</Row>}
        <Row lang={lang} label={{ vi: 'Đơn vị đang xử lý', en: 'Held by' }}>{v.currentUnitName ?? '—'}</Row>
        <Row lang={lang} label={{ vi: 'Thời hạn', en: 'Deadline' }}>
          {v.late ? <span class="badge err">{lang === 'vi' ? 'Quá hạn' : 'Late'}</span> : <span class="badge ok">{lang === 'vi' ? 'Chưa quá hạn' : 'Not late'}</span>}
        </Row>
        {v.result && <Row lang={lang} label={{ vi: 'Kết quả', en: 'Result' }}>{tr(lang, RESULT[v.result])}</Row>}
        {v.finishedAt && <Row lang={lang} label={{ vi: 'Ngày có kết quả', en: 'Result ready' }}>{when(v.finishedAt)}</Row>}
        {v.returnedAt && <Row lang={lang} label={{ vi: 'Ngày trả kết quả', en: 'Result handed over' }}>{when(v.returnedAt)}</Row>}
        {v.refusedAt && <Row lang={lang} label={{ vi: 'Ngày từ chối', en: 'Refused on' }}>{when(v.refusedAt)}</Row>}
        {v.stoppedAt && <Row lang={lang} label={{ vi: 'Ngày dừng xử lý', en: 'Stopped on' }}>{when(v.stoppedAt)}</Row>}
      </DataTable>

      <h2 id="steps">{lang === 'vi' ? 'Quá trình xử lý' : 'Processing steps'}</h2>
      {v.steps.length === 0 ? (
        <p>{lang === 'vi' ? 'Chưa có bước xử lý nào.' : 'No processing step yet.'}</p>
      ) : (
        // A list rather than a six-column table: it reads down a phone screen without scrolling sideways.
        <ol class="results" aria-labelledby="steps">
          {v.steps.map((s) => (
            <li>
              <strong>{s.unitName}</strong>
              {s.stepName && <> — {s.stepName}</>}
              <br />
              {lang === 'vi' ? 'Nhận' : 'Received'}: {when(s.receivedAt)} · {lang === 'vi' ? 'Chuyển' : 'Handed over'}:{' '}
              {s.handedOverAt ? when(s.handedOverAt) : lang === 'vi' ? 'đang xử lý' : 'in progress'}
              {s.outcome && (
                <>
                  {' '}
                  <span class={s.outcome === 'late' ? 'badge err' : 'badge ok'}>{tr(lang, OUTCOME_LABELS[s.outcome])}</span>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
      <p class="muted">
        {lang === 'vi' ? `Thông tin tại thời điểm ${when(asOf)}.` : `As of ${when(asOf)}.`}{' '}
        {lang === 'vi' ? 'Không hiển thị thông tin cá nhân của người nộp và tên cán bộ xử lý.' : 'Personal data and the officials’ names are not shown.'}
      </p>
      <p>
        <a href="/tra-cuu">{tr(lang, T.another)}</a>
      </p>
    </Layout>
  );
}

export async function registerTrackingPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const send = (reply: FastifyReply, page: Parameters<typeof sendPage>[1], status = 200) =>
    // A result is personal enough that search engines should not keep it, even when a link leaks.
    sendPage(reply.header('x-robots-tag', 'noindex'), page, status);

  /** The same answer for an unknown code and a wrong verifier, so neither can be probed for. */
  const lookup = async (req: FastifyRequest, reply: FastifyReply, code: string, secret: string) => {
    const r = await attempt(() => publicTracking(ctx, code, secret));
    if (r.ok) return send(reply, <ResultPage req={req} v={r.value} asOf={ctx.clock()} />);
    // Too many wrong verifiers for this code: the error page says how long to wait (and Retry-After).
    if (r.failure.status === 429) throw r.failure.error;
    return send(reply, <FormPage req={req} code={code} fixed={false} notFound />, r.failure.status === 404 ? 404 : r.failure.status);
  };

  app.get<{ Querystring: { code?: string; v?: string } }>('/tra-cuu', { schema: { hide: true }, config: { rateLimit: TRACKING_RATE } }, async (req, reply) => {
    const code = one(req.query.code);
    const v = one(req.query.v);
    if (!code && !v) return send(reply, <FormPage req={req} code="" fixed={false} />);
    const fields: FieldError[] = [...(code ? [] : [{ path: 'code', message: T.needCode }]), ...(v ? [] : [{ path: 'v', message: T.needVerifier }])];
    if (fields.length) return send(reply, <FormPage req={req} code={code} fixed={false} fields={fields} />, 400);
    return lookup(req, reply, code, v);
  });

  app.get<{ Params: { code: string }; Querystring: { t?: string; v?: string } }>(
    '/tra-cuu/:code',
    { schema: { hide: true }, config: { rateLimit: TRACKING_RATE } },
    async (req, reply) => {
      const code = one(req.params.code);
      // The QR code's token, else the verifier typed into the form below.
      const secret = one(req.query.t) || one(req.query.v);
      if (!secret) return send(reply, <FormPage req={req} code={code} fixed />);
      return lookup(req, reply, code, secret);
    },
  );
}

// The page after a reception decision: the receipt (form 01), the supplement request (form 02) or the refusal
// (form 03), with the dossier's facts and links to print them. Which one is shown follows what the dossier's
// state records as done; what the desk may do next is asked of the domain.
import type { FastifyRequest } from 'fastify';
import type { DossierView } from '../../../app/dossiers/index.js';
import { CHANNEL_LABELS } from '../../../domain/catalogue/index.js';
import type { Bilingual } from '../../../domain/errors.js';
import type { SafeHtml } from '../../jsx/jsx-runtime.js';
import { tr, UI, type Lang } from '../../i18n.js';
import { Notice, StatusBadge } from '../components.js';
import { Layout } from '../layout.js';
import { formatAppointment, T } from './common.js';
import { AskedItems, ProcedureFact } from './facts.js';

function FormLinks({ lang, d, n, label }: { lang: Lang; d: DossierView; n: string; label: Bilingual }) {
  return (
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
}

/** The outcome the receipt reports: its title and what it says. */
function outcomeOf(lang: Lang, d: DossierView, returning: boolean): { title: Bilingual; content: SafeHtml } {
  const s = d.state;
  if (s.status === 'supplement_before_reception')
    return {
      title: T('Đã yêu cầu bổ sung hồ sơ', 'Supplement requested'),
      content: (
        <>
          <Notice>
            <p class="lead">{lang === 'vi' ? 'Đã lập Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ; hồ sơ chưa được tiếp nhận.' : 'A supplement request was issued; the dossier is not received yet.'}</p>
          </Notice>
          <AskedItems lang={lang} d={d} />
          <FormLinks lang={lang} d={d} n="02" label={T('In Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)', 'Print the supplement request (form 02)')} />
          {returning && (
            <p>
              <a href={`/desk/returning/${d.id}`}>{lang === 'vi' ? 'Khi người nộp quay lại với giấy tờ bổ sung: kiểm tra lại và tiếp nhận hồ sơ này' : 'When the applicant comes back with the papers: check again and receive this dossier'}</a>
            </p>
          )}
        </>
      ),
    };
  if (s.status === 'refused')
    return {
      title: T('Đã từ chối tiếp nhận hồ sơ', 'Reception refused'),
      content: (
        <>
          <Notice>
            <p class="lead">{lang === 'vi' ? `Đã từ chối tiếp nhận lúc ${formatAppointment(s.refusedAt, lang)}.` : `Reception refused at ${formatAppointment(s.refusedAt, lang)}.`}</p>
          </Notice>
          <FormLinks lang={lang} d={d} n="03" label={T('In Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03)', 'Print the refusal notice (form 03)')} />
        </>
      ),
    };
  if (s.receivedAt)
    return {
      title: T(`Đã tiếp nhận hồ sơ ${d.code ?? ''}`, `Dossier ${d.code ?? ''} received`),
      content: (
        <>
          <Notice>
            <p class="lead">
              {lang === 'vi' ? 'Mã hồ sơ' : 'Dossier code'}: <strong id="desk-code">{d.code}</strong>
            </p>
            <p class="due">
              {lang === 'vi' ? 'Hẹn trả kết quả' : 'Appointment'}: <strong id="desk-due">{formatAppointment(s.clock?.currentDueAt, lang)}</strong>
            </p>
          </Notice>
          <FormLinks lang={lang} d={d} n="01" label={T('In Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)', 'Print the receipt and appointment (form 01)')} />
        </>
      ),
    };
  return { title: T('Hồ sơ chưa được tiếp nhận', 'Dossier not received'), content: <p>{lang === 'vi' ? 'Hồ sơ này chưa được tiếp nhận.' : 'This dossier has not been received.'}</p> };
}

function ReceiptFacts({ lang, d }: { lang: Lang; d: DossierView }) {
  const s = d.state;
  const unit = (uid: number | null) => (uid !== null ? (d.units[uid]?.name ?? '—') : '—');
  const applicant = d.applicant.kind === 'organisation' && d.applicant.organisationName ? `${d.applicant.organisationName} (${d.applicant.fullName})` : d.applicant.fullName;
  return (
    <dl class="desk-facts">
      <ProcedureFact lang={lang} d={d} />
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
  );
}

/** `returning`: the domain lets the desk take the dossier back at the counter after form 02. */
export function ReceiptPage({ req, d, again, returning }: { req: FastifyRequest; d: DossierView; again: boolean; returning: boolean }) {
  const lang = req.lang;
  const { title, content } = outcomeOf(lang, d, returning);
  return (
    <Layout req={req} title={title}>
      {again && (
        <Notice>
          <p>{lang === 'vi' ? 'Biểu mẫu đã được gửi trước đó: không tạo thêm hồ sơ mới.' : 'This form was already submitted: no second dossier was created.'}</p>
        </Notice>
      )}
      {content}
      <h2>{lang === 'vi' ? 'Thông tin hồ sơ' : 'Dossier'}</h2>
      <ReceiptFacts lang={lang} d={d} />
      <p class="desk-links-row">
        <a href={`/dossiers/${d.id}`}>{lang === 'vi' ? 'Xem hồ sơ' : 'Open the dossier'}</a> · <a href="/desk">{lang === 'vi' ? 'Tiếp nhận hồ sơ khác' : 'Receive another dossier'}</a> ·{' '}
        <a href={`/desk/receive/${encodeURIComponent(d.procedure.code)}`}>{lang === 'vi' ? 'Tiếp nhận hồ sơ khác cùng thủ tục' : 'Another dossier of this procedure'}</a>
      </p>
    </Layout>
  );
}

// What the desk reads out before deciding: the dossier's facts, what form 02 asked for, and why a procedure no
// longer takes new dossiers.
import type { ProcedureView } from '../../../app/catalogue.js';
import type { DossierView } from '../../../app/dossiers/index.js';
import type { Bilingual } from '../../../domain/errors.js';
import { tr, UI, type Lang } from '../../i18n.js';
import { StatusBadge } from '../components.js';
import { formatAppointment } from './common.js';

/** The procedure's name and code, as the first line of the desk's facts. */
export function ProcedureFact({ lang, d }: { lang: Lang; d: DossierView }) {
  return (
    <>
      <dt>{lang === 'vi' ? 'Thủ tục' : 'Procedure'}</dt>
      <dd>
        {d.procedure.name} <code>{d.procedure.code}</code>
      </dd>
    </>
  );
}

/** Who brought a dossier and what for. */
export function DossierFacts({ lang, d, when }: { lang: Lang; d: DossierView; when: { label: Bilingual; at: Date | null } }) {
  const s = d.state;
  return (
    <dl class="desk-facts">
      <ProcedureFact lang={lang} d={d} />
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
export function AskedItems({ lang, d }: { lang: Lang; d: DossierView }) {
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

/** A replaced or abolished procedure takes no new dossiers (the catalogue's status, not a dossier's). */
export const isRetired = (p: ProcedureView) => p.status === 'replaced' || p.status === 'abolished';

export function RetiredNotice({ lang, p }: { lang: Lang; p: ProcedureView }) {
  if (!isRetired(p)) return null;
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

/** Back to the desk's waiting list, or on to the dossier page. */
export function WaitingListLinks({ lang, d }: { lang: Lang; d: DossierView }) {
  return (
    <p>
      <a href="/desk">← {lang === 'vi' ? 'Danh sách chờ tiếp nhận' : 'Waiting list'}</a> · <a href={`/dossiers/${d.id}`}>{lang === 'vi' ? 'Xem hồ sơ' : 'Open the dossier'}</a>
    </p>
  );
}

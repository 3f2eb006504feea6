// The end of the dossier page: the timeline of actions, and the forms the dossier has.
import { availableForms, DOSSIER_FORM_TITLES } from '../../../app/dossiers/index.js';
import { ACTION_LABELS } from '../../../domain/dossier/index.js';
import { tr } from '../../i18n.js';
import { when } from './badges.js';
import type { DossierBits } from './bits.js';

/** Every action, who took it (and under whose delegation), its comment, corrections and attachments. */
export function Timeline({ bits }: { bits: DossierBits }) {
  const { lang, view, unit, person, file } = bits;
  const s = view.state;
  const a = view.applicant;
  return (
    <section aria-labelledby="dos-timeline-h">
      <h2 id="dos-timeline-h">{lang === 'vi' ? 'Nhật ký xử lý' : 'Timeline'}</h2>
      <ol class="dos-timeline">
        {s.timeline.map((e) => (
          <li class={e.ignored ? 'dos-ignored' : undefined}>
            <p>
              <strong>{tr(lang, ACTION_LABELS[e.type])}</strong> · {when(e.at, lang)} · {e.actorId === null ? (e.actorRoles.includes('system') ? (lang === 'vi' ? 'Hệ thống' : 'System') : a.fullName) : person(e.actorId)}
              {e.unitId !== null && <span class="muted"> — {unit(e.unitId)}</span>}
              {e.delegation && (
                <span class="badge warn">
                  {lang === 'vi' ? `Ký thay theo ủy quyền của ${person(e.delegation.fromUserId)}` : `Signed on behalf of ${person(e.delegation.fromUserId)} (delegation)`}
                </span>
              )}
            </p>
            {e.comment && <p class="dos-comment">{e.comment}</p>}
            {e.correctedBy.length > 0 && (
              <p class="muted">
                {lang === 'vi' ? 'Đã đính chính' : 'Corrected'}
                {e.originalComment && e.originalComment !== e.comment && ` (${lang === 'vi' ? 'ghi chú gốc' : 'original'}: ${e.originalComment})`}
              </p>
            )}
            {e.attachments.length > 0 && (
              <p>
                {lang === 'vi' ? 'Tệp đính kèm' : 'Attachments'}:{' '}
                {e.attachments.map((id, i) => (
                  <>
                    {i > 0 && ', '}
                    <a href={file(id)}>{lang === 'vi' ? `Tệp ${i + 1}` : `File ${i + 1}`}</a>
                  </>
                ))}
              </p>
            )}
            {e.ignored && <p class="muted">{tr(lang, e.ignored)}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The forms (Circular 03/2025 numbering) this dossier has. */
export function FormsList({ bits }: { bits: DossierBits }) {
  const { lang, view } = bits;
  return (
    <section aria-labelledby="dos-forms-h">
      <h2 id="dos-forms-h">{lang === 'vi' ? 'Biểu mẫu' : 'Forms'}</h2>
      <ul>
        {availableForms(view).map((no) => (
          <li>
            <a href={`/dossiers/${view.id}/forms/${no}`}>
              {lang === 'vi' ? 'Mẫu' : 'Form'} {no}: {tr(lang, DOSSIER_FORM_TITLES[no])}
            </a>{' '}
            (<a href={`/dossiers/${view.id}/forms/${no}.pdf`}>PDF</a>)
          </li>
        ))}
      </ul>
    </section>
  );
}

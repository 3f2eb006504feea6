// The action panel of the dossier page: one small form per action the domain allows this official now
// (allowedActionsFor), the reasons for the others, and the error summary of a failed action.
import type { FastifyRequest } from 'fastify';
import type { AllowedActionsView, DossierView } from '../../../app/dossiers/index.js';
import type { UnitView } from '../../../app/units.js';
import { ACTION_LABELS, type ActionType } from '../../../domain/dossier/index.js';
import { tr, type Lang } from '../../i18n.js';
import { Csrf } from '../components.js';
import { fieldOfPath, PANEL_ORDER, type ActionFailure } from './action-form.js';
import { FileInput, t2, TextArea, type Ctl } from './action-controls.js';
import { ACTION_FIELDS } from './action-fields.js';

const PRE_RECEPTION: readonly ActionType[] = ['receive', 'request_supplement_before_reception', 'refuse_reception'];

export interface PanelProps {
  req: FastifyRequest;
  view: DossierView;
  allowed: AllowedActionsView;
  /** Every active unit, for the consultation form. */
  units: UnitView[];
  failure?: ActionFailure;
}

export function ActionPanel({ req, view, allowed, units, failure }: PanelProps) {
  const lang = req.lang;
  const perms = new Map(allowed.actions.map((p) => [p.type, p]));
  // Online submissions are checked and received on the desk's own page, which shows the uploaded documents (the
  // domain allows the reception actions only before reception).
  const onlineReception = view.channel === 'online';
  const shown = PANEL_ORDER.filter((type) => perms.get(type)?.allowed && !(onlineReception && PRE_RECEPTION.includes(type)));
  const deskLink = onlineReception && PRE_RECEPTION.some((type) => perms.get(type)?.allowed);
  const refused = PANEL_ORDER.map((type) => perms.get(type)).filter((p): p is Extract<AllowedActionsView['actions'][number], { allowed: false }> => !!p && !p.allowed);
  return (
    <section class="dos-panel" aria-labelledby="dos-panel-h">
      <h2 id="dos-panel-h">{lang === 'vi' ? 'Xử lý hồ sơ' : 'Process the dossier'}</h2>
      {deskLink && (
        <p>
          <a class="button" href={`/desk/online/${view.id}`}>
            {lang === 'vi' ? 'Kiểm tra và tiếp nhận hồ sơ trực tuyến' : 'Check and receive the online dossier'}
          </a>
        </p>
      )}
      {shown.length === 0 && !deskLink && <p class="muted">{lang === 'vi' ? 'Bạn không có thao tác nào với hồ sơ này lúc này.' : 'There is nothing for you to do on this dossier now.'}</p>}
      {shown.map((type) => {
        const p = perms.get(type)!;
        const failing = failure?.type === type;
        const c: Ctl = { lang, type, errors: failing ? failure.fields : [], values: failing ? failure.values : null };
        const label = ACTION_LABELS[type];
        const unitId = p.allowed ? p.unitId : null;
        return (
          <details class="dos-action" id={`act-${type}`} open={failing || shown.length === 1}>
            <summary>{tr(lang, label)}</summary>
            <form method="post" action={`/dossiers/${view.id}/actions/${type}`} enctype="multipart/form-data" novalidate>
              <Csrf req={req} />
              <input type="hidden" name="expectedVersion" value={String(view.version)} />
              {p.allowed && p.delegation && (
                <p class="badge warn">{lang === 'vi' ? 'Thực hiện theo ủy quyền (ký thay)' : 'Under a delegation (signing on behalf)'}</p>
              )}
              {type !== 'submit_online' && ACTION_FIELDS[type]({ c, view, allowed, units, unitId })}
              {type !== 'correct' && <TextArea c={c} name="comment" label={t2('Ý kiến, ghi chú', 'Comment')} rows={2} />}
              {type !== 'finish' && type !== 'return_result' && <FileInput c={c} name="attachments" label={t2('Tệp đính kèm (không bắt buộc)', 'Attachments (optional)')} />}
              <button type="submit">{tr(lang, label)}</button>
            </form>
          </details>
        );
      })}
      {refused.length > 0 && (
        <details class="dos-refused">
          <summary>{lang === 'vi' ? 'Các thao tác khác và lý do không thực hiện được' : 'Other actions and why they are not available'}</summary>
          <ul>
            {refused.map((p) => (
              <li>
                <strong>{tr(lang, ACTION_LABELS[p.type])}</strong>: {tr(lang, p.reason)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** The error summary of a failed action: each message links to its field in the action's form. */
export function ActionErrors({ lang, failure }: { lang: Lang; failure?: ActionFailure }) {
  if (!failure) return null;
  return (
    <div class="error-summary" role="alert" tabindex="-1" id="error-summary">
      <p>
        <strong>
          {tr(lang, ACTION_LABELS[failure.type])}: {tr(lang, failure.message)}
        </strong>
      </p>
      {failure.fields.length > 0 && (
        <ul>
          {failure.fields.map((f) => {
            const field = fieldOfPath(failure.type, f.path);
            return <li>{field ? <a href={`#f-${failure.type}-${field}`}>{tr(lang, f.message)}</a> : tr(lang, f.message)}</li>;
          })}
        </ul>
      )}
    </div>
  );
}

// The dossier page for officials: its sections in order, with the action panel beside the facts. The panel's
// forms are the domain's answer (allowedActionsFor) for this official now.
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../app/context.js';
import { allowedActionsFor, availableForms, type DossierView } from '../../../app/dossiers/index.js';
import { listAllUnits } from '../../../app/units.js';
import { Notice } from '../components.js';
import { Layout } from '../layout.js';
import type { ActionFailure } from './action-form.js';
import { ActionErrors, ActionPanel } from './actions.js';
import { t2 } from './badges.js';
import { dossierBits } from './bits.js';
import { ApplicantFacts, Now, Summary, TimeLimits } from './header.js';
import { ControlSlip, Consultations, Documents, Participants, Requests } from './records.js';
import { FormsList, Timeline } from './timeline.js';

export interface DossierPageArgs {
  failure?: ActionFailure;
  notice?: string;
}

export async function renderDossier(ctx: AppContext, req: FastifyRequest, view: DossierView, args: DossierPageArgs) {
  const lang = req.lang;
  const s = view.state;
  const allowed = await allowedActionsFor(ctx, req.actor, view.id);
  const consult = allowed.actions.some((a) => a.type === 'consult' && a.allowed);
  const units = consult ? await listAllUnits(ctx) : [];
  const bits = dossierBits(lang, view);
  const title = view.code ? t2(`Hồ sơ ${view.code}`, `Dossier ${view.code}`) : t2('Hồ sơ (chưa có mã)', 'Dossier (no code yet)');
  return (
    <Layout req={req} title={title}>
      {args.notice && <Notice>{args.notice}</Notice>}
      <ActionErrors lang={lang} failure={args.failure} />
      <p>
        <a href="/inbox">← {lang === 'vi' ? 'Hồ sơ cần xử lý' : 'Dossiers to process'}</a>
      </p>
      <Summary bits={bits} />
      <div class="dos-grid">
        <div>
          <TimeLimits bits={bits} />
          <Now bits={bits} />
          <ApplicantFacts bits={bits} />
        </div>
        <ActionPanel req={req} view={view} allowed={allowed} units={units} failure={args.failure} />
      </div>
      <Documents bits={bits} />
      {s.steps.length > 0 && <ControlSlip bits={bits} />}
      {s.participants.length > 0 && <Participants bits={bits} />}
      {s.consultations.length > 0 && <Consultations bits={bits} />}
      {(s.supplementRequests.length > 0 || s.preReceptionSupplements.length > 0 || s.payments.length > 0 || s.withdrawals.length > 0) && <Requests bits={bits} />}
      <Timeline bits={bits} />
      {availableForms(view).length > 0 && <FormsList bits={bits} />}
    </Layout>
  );
}

export function staleDossierPage(req: FastifyRequest, id: number) {
  const lang = req.lang;
  return (
    <Layout req={req} title={t2('Hồ sơ đã thay đổi', 'The dossier has changed')}>
      <div class="error-summary" role="alert" tabindex="-1" id="error-summary">
        <p>
          <strong>
            {lang === 'vi'
              ? 'Trong lúc bạn thao tác, hồ sơ đã được người khác cập nhật. Thao tác của bạn chưa được ghi nhận.'
              : 'Someone else updated the dossier while you were working on it. Your action was not recorded.'}
          </strong>
        </p>
      </div>
      <p>
        <a class="button" href={`/dossiers/${id}`}>
          {lang === 'vi' ? 'Tải lại hồ sơ' : 'Reload the dossier'}
        </a>
      </p>
    </Layout>
  );
}

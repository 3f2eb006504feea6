// A counter or postal dossier brought back after form 02: the same dossier, checked again against the procedure in
// force, then received, asked again or refused, as far as the domain allows this official (allowedActionsFor).
import type { FastifyRequest } from 'fastify';
import type { UserActor } from '../../../app/actor.js';
import type { ProcedureView } from '../../../app/catalogue.js';
import type { AppContext } from '../../../app/context.js';
import { allowedActionsFor, type DossierView } from '../../../app/dossiers/index.js';
import { listAllUnits } from '../../../app/units.js';
import { Csrf, ErrorSummary } from '../components.js';
import type { FormFailure } from '../forms.js';
import { Layout } from '../layout.js';
import { Checklist } from './checklist.js';
import { allowedOf, deskUnitsOf, mayDecideReception, T } from './common.js';
import { Decision, DeskChoice } from './decision.js';
import { AskedItems, DossierFacts, isRetired, RetiredNotice, WaitingListLinks } from './facts.js';
import type { ReceptionValues } from './reception-values.js';
import { storedFiles } from './scans.js';

/**
 * Online dossiers are supplemented by the applicant online; only counter and postal ones come back to the desk,
 * and only while the domain lets this official take one of the reception decisions.
 */
export const isReturning = (d: DossierView, can: ReadonlySet<string>) => d.channel !== 'online' && mayDecideReception(can);

export async function mayTakeBack(ctx: AppContext, req: FastifyRequest, d: DossierView): Promise<boolean> {
  return isReturning(d, allowedOf(await allowedActionsFor(ctx, req.actor, d.id)));
}

export async function returningPage(ctx: AppContext, req: FastifyRequest, user: UserActor, d: DossierView, p: ProcedureView, v: ReceptionValues, failure?: FormFailure) {
  const lang = req.lang;
  const fields = failure?.fields;
  const desks = deskUnitsOf(user, await listAllUnits(ctx));
  const files = await storedFiles(ctx, req, v.docs);
  const asked = d.state.preReceptionSupplements.at(-1);
  const returning = await mayTakeBack(ctx, req, d);
  const open = returning && !isRetired(p);
  return (
    <Layout req={req} title={T(`Tiếp nhận hồ sơ đã bổ sung: ${d.procedure.name}`, `Receive a supplemented dossier: ${d.procedure.name}`)}>
      <WaitingListLinks lang={lang} d={d} />
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

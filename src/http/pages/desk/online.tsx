// An online submission at the desk: the documents the applicant uploaded, then receive, ask for a supplement
// (form 02) or refuse (form 03) — each form shown only when the domain allows this official to take that action.
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../app/context.js';
import { allowedActionsFor, getFileInfo, type DossierView } from '../../../app/dossiers/index.js';
import type { FieldError } from '../../../domain/errors.js';
import { tr, type Lang } from '../../i18n.js';
import { Csrf, ErrorSummary } from '../components.js';
import type { FormFailure } from '../forms.js';
import { Layout } from '../layout.js';
import { allowedOf, mayDecideReception, T } from './common.js';
import { REFUSAL_HEADING, RefusalFields, SUPPLEMENT_HEADING, SupplementFields } from './decision.js';
import { DossierFacts, WaitingListLinks } from './facts.js';

export interface OnlineValues {
  items?: string;
  reason?: string;
  reasons?: string;
}

type FileNames = { id: string; name: string }[][];

/** The page with the uploaded files' names and the forms the domain allows (allowedActionsFor), not a reading of the status. */
export async function onlinePage(ctx: AppContext, req: FastifyRequest, d: DossierView, failure?: FormFailure, values: OnlineValues = {}) {
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
  const can = allowedOf(await allowedActionsFor(ctx, req.actor, d.id));
  return <OnlinePage req={req} d={d} fileNames={fileNames} can={can} failure={failure} values={values} />;
}

function Documents({ lang, d, fileNames }: { lang: Lang; d: DossierView; fileNames: FileNames }) {
  return (
    <>
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
    </>
  );
}

function Decisions({ req, d, can, fields, values }: { req: FastifyRequest; d: DossierView; can: ReadonlySet<string>; fields: FieldError[] | undefined; values: OnlineValues }) {
  const lang = req.lang;
  const head = (
    <>
      <Csrf req={req} />
      <input type="hidden" name="expectedVersion" value={d.version} />
    </>
  );
  return (
    <>
      {can.has('receive') && (
        <form method="post" action={`/desk/online/${d.id}/receive`} class="desk-actions">
          {head}
          <button type="submit">{lang === 'vi' ? 'Tiếp nhận' : 'Receive'}</button>
        </form>
      )}
      <div class="desk-grid">
        {can.has('request_supplement_before_reception') && (
          <form method="post" action={`/desk/online/${d.id}/supplement`} class="desk-alt" novalidate>
            {head}
            <h2>{tr(lang, SUPPLEMENT_HEADING)}</h2>
            <SupplementFields lang={lang} v={{ items: values.items ?? '', reason: values.reason ?? '' }} fields={fields} hint={T('Mỗi dòng một giấy tờ', 'One per line')} />
            <button type="submit" class="secondary">
              {lang === 'vi' ? 'Yêu cầu bổ sung' : 'Ask for a supplement'}
            </button>
          </form>
        )}
        {can.has('refuse_reception') && (
          <form method="post" action={`/desk/online/${d.id}/refuse`} class="desk-alt" novalidate>
            {head}
            <h2>{tr(lang, REFUSAL_HEADING)}</h2>
            <RefusalFields lang={lang} v={{ reasons: values.reasons ?? '' }} fields={fields} />
            <button type="submit" class="secondary desk-danger">
              {lang === 'vi' ? 'Từ chối tiếp nhận' : 'Refuse reception'}
            </button>
          </form>
        )}
      </div>
    </>
  );
}

function OnlinePage(props: { req: FastifyRequest; d: DossierView; fileNames: FileNames; can: ReadonlySet<string>; failure?: FormFailure; values: OnlineValues }) {
  const { req, d, failure } = props;
  const lang = req.lang;
  return (
    <Layout req={req} title={T(`Hồ sơ nộp trực tuyến: ${d.procedure.name}`, `Online dossier: ${d.procedure.name}`)}>
      <WaitingListLinks lang={lang} d={d} />
      <ErrorSummary lang={lang} message={failure?.message} fields={failure?.fields} />
      <DossierFacts lang={lang} d={d} when={{ label: T('Nộp lúc', 'Submitted'), at: d.state.submittedAt }} />
      <Documents lang={lang} d={d} fileNames={props.fileNames} />
      {mayDecideReception(props.can) ? (
        <Decisions req={req} d={d} can={props.can} fields={failure?.fields} values={props.values} />
      ) : (
        <p>{lang === 'vi' ? 'Hồ sơ này không còn chờ tiếp nhận.' : 'This dossier is no longer waiting for reception.'}</p>
      )}
    </Layout>
  );
}

// The desk's start page: find a procedure to receive a dossier under, the online submissions waiting for
// reception, and the dossiers waiting for a supplement before reception.
import type { FastifyRequest } from 'fastify';
import type { UserActor } from '../../../app/actor.js';
import { searchProcedures } from '../../../app/catalogue.js';
import type { AppContext } from '../../../app/context.js';
import { inbox, type DossierSummary } from '../../../app/dossiers/index.js';
import { listAllUnits, type UnitView } from '../../../app/units.js';
import { CHANNEL_LABELS, LEVEL_LABELS } from '../../../domain/catalogue/index.js';
import { tr, UI, type Lang } from '../../i18n.js';
import { DataTable, Field, PostButton } from '../components.js';
import { ReceptionOverdueBadge } from '../dossier/badges.js';
import { Layout } from '../layout.js';
import { deskUnitsOf, shortWhen, T } from './common.js';

type Found = Awaited<ReturnType<typeof searchProcedures>>;

interface Queue {
  q: string;
  desks: UnitView[];
  found: Found | null;
  online: { items: DossierSummary[]; units: Record<number, { name: string }> };
  supplements: DossierSummary[];
  /** " · <deciding unit>" for a department's procedure; commune procedures list every commune, which says nothing. */
  decidersOf: (codes: string[]) => string;
  unitName: (id: number | null) => string;
}

/**
 * The dossiers waiting at the desk for a supplement before reception. This is a list filter, a query: which
 * dossiers to list. The status is read only to narrow the inbox's "waiting for a supplement" tab (which also holds
 * supplements during processing) to the desk's own; whether the desk may then receive, ask again or refuse is asked
 * of the domain (allowedActionsFor) on the dossier's own page, never decided from this status.
 */
async function waitingSupplement(ctx: AppContext, req: FastifyRequest): Promise<DossierSummary[]> {
  const r = await inbox(ctx, req.actor, { scope: 'unit', filter: 'waiting_supplement', sort: 'received', pageSize: 50 });
  return r.items.filter((x) => x.status === 'supplement_before_reception');
}

export async function loadQueue(ctx: AppContext, req: FastifyRequest, user: UserActor, q: string): Promise<Queue> {
  const units = await listAllUnits(ctx);
  const desks = deskUnitsOf(user, units);
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const [found, online, supplements] = await Promise.all([
    q
      ? searchProcedures(ctx, req.actor, { q, pageSize: 30 })
      : desks.length === 1
        ? searchProcedures(ctx, req.actor, { unitCode: desks[0]!.code, pageSize: 50 })
        : Promise.resolve(null),
    // Online submissions waiting at the actor's desks, oldest first.
    inbox(ctx, req.actor, { scope: 'unit', filter: 'submitted', pageSize: 100 }),
    waitingSupplement(ctx, req),
  ]);
  const deskCodes = new Set(desks.map((d) => d.code));
  const decidersOf = (codes: string[]) => {
    const names = codes.filter((c) => !deskCodes.has(c)).map((c) => unitByCode.get(c));
    return names.length === 1 && names[0] ? ` · ${names[0].shortName ?? names[0].name}` : '';
  };
  const unitName = (id: number | null) => (id === null ? '—' : (online.units[id]?.name ?? units.find((u) => u.id === id)?.name ?? String(id)));
  return { q, desks, found, online: { items: online.items, units: online.units }, supplements, decidersOf, unitName };
}

function ProcedurePicker({ lang, v }: { lang: Lang; v: Queue }) {
  const { q, found } = v;
  return (
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
                    {v.decidersOf(p.unitCodes)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function OnlineRow({ req, d, unitName }: { req: FastifyRequest; d: DossierSummary; unitName: Queue['unitName'] }) {
  const lang = req.lang;
  return (
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
  );
}

function OnlineQueue({ req, v }: { req: FastifyRequest; v: Queue }) {
  const lang = req.lang;
  const items = v.online.items;
  return (
    <section aria-labelledby="desk-online">
      <h2 id="desk-online">
        {lang === 'vi' ? 'Hồ sơ nộp trực tuyến chờ tiếp nhận' : 'Online dossiers awaiting reception'} ({items.length})
      </h2>
      {items.length === 0 ? (
        <p>{lang === 'vi' ? 'Không có hồ sơ trực tuyến nào chờ tiếp nhận.' : 'No online dossiers are waiting.'}</p>
      ) : (
        <DataTable
          lang={lang}
          columns={[{ vi: 'Nộp lúc', en: 'Submitted' }, { vi: 'Thủ tục', en: 'Procedure' }, { vi: 'Người nộp', en: 'Applicant' }, { vi: 'Cơ quan giải quyết', en: 'Competent unit' }, UI.actions]}
        >
          {items.map((d) => (
            <OnlineRow req={req} d={d} unitName={v.unitName} />
          ))}
        </DataTable>
      )}
    </section>
  );
}

function SupplementQueue({ lang, items }: { lang: Lang; items: DossierSummary[] }) {
  return (
    <section aria-labelledby="desk-waiting">
      <h2 id="desk-waiting">
        {lang === 'vi' ? 'Hồ sơ chờ bổ sung trước khi tiếp nhận' : 'Dossiers waiting for a supplement before reception'} ({items.length})
      </h2>
      {items.length === 0 ? (
        <p>{lang === 'vi' ? 'Không có.' : 'None.'}</p>
      ) : (
        <ul>
          {items.map((d) => (
            <li>
              <a href={`/dossiers/${d.id}`}>
                {d.procedureName} — {d.applicantName}
              </a>{' '}
              <span class="muted">
                ({d.channel ? `${tr(lang, CHANNEL_LABELS[d.channel])}, ` : ''}
                {lang === 'vi' ? 'từ' : 'since'} {shortWhen(d.updatedAt)})
              </span>{' '}
              · <a href={`/dossiers/${d.id}/forms/02`}>{lang === 'vi' ? 'Phiếu yêu cầu bổ sung (Mẫu 02)' : 'Supplement request (form 02)'}</a>
              {/* Online dossiers are supplemented by the applicant online; only counter and postal ones come back. */}
              {d.channel !== 'online' && (
                <>
                  {' '}
                  ·{' '}
                  <a href={`/desk/returning/${d.id}`} aria-label={lang === 'vi' ? `Người nộp đã quay lại: tiếp nhận hồ sơ của ${d.applicantName}` : `Applicant is back: receive the dossier of ${d.applicantName}`}>
                    {lang === 'vi' ? 'Người nộp đã quay lại: tiếp nhận' : 'Applicant is back: receive'}
                  </a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function QueuePage({ req, v }: { req: FastifyRequest; v: Queue }) {
  const lang = req.lang;
  return (
    <Layout req={req} title={T('Tiếp nhận hồ sơ', 'Receive dossiers')}>
      <p class="muted">
        {lang === 'vi' ? 'Nơi tiếp nhận' : 'Desk'}: {v.desks.map((d) => d.name).join('; ')}
      </p>
      <ProcedurePicker lang={lang} v={v} />
      <OnlineQueue req={req} v={v} />
      <SupplementQueue lang={lang} items={v.supplements} />
      <p>
        <a href="/deadline">{tr(lang, UI.deadlineCalc)}</a> · <a href="/procedures">{tr(lang, UI.procedures)}</a>
      </p>
    </Layout>
  );
}

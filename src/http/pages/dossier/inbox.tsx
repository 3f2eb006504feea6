// The officials' inbox: the work queues (to do, due soon, late, waiting, consulting, all) of the official or their
// units, searchable, sorted by time left, paged.
import type { FastifyRequest } from 'fastify';
import type { UserActor } from '../../../app/actor.js';
import type { AppContext } from '../../../app/context.js';
import { inbox, type DossierSummary, type InboxFilter, type InboxQuery } from '../../../app/dossiers/index.js';
import { listAllUnits, type UnitView } from '../../../app/units.js';
import { DUE_RECOUNTED_LABEL, STATUS_LABELS } from '../../../domain/dossier/index.js';
import type { Bilingual } from '../../../domain/errors.js';
import type { Role } from '../../../domain/org.js';
import { formatDateTime, tr, type Lang } from '../../i18n.js';
import { DataTable, Pagination } from '../components.js';
import { Layout } from '../layout.js';
import { Flags, remainingText, t2, when } from './badges.js';

const qs = (q: Record<string, unknown>, k: string): string => {
  const v = q[k];
  return (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim();
};


const FILTERS: { key: InboxFilter; label: Bilingual }[] = [
  { key: 'todo', label: t2('Cần xử lý', 'To do') },
  { key: 'due_soon', label: t2('Sắp đến hạn', 'Due soon') },
  { key: 'late', label: t2('Quá hạn', 'Late') },
  { key: 'waiting_supplement', label: t2('Chờ bổ sung', 'Waiting for a supplement') },
  { key: 'consulting', label: t2('Đang xin ý kiến', 'Consulting') },
  { key: 'all', label: t2('Tất cả', 'All') },
];

interface InboxParams {
  scope: 'mine' | 'unit';
  filter: InboxFilter;
  unitId: number | null;
  sub: boolean;
  sort: 'remaining' | 'received';
  q: string;
  page: number;
}

function inboxHref(p: InboxParams, change: Partial<InboxParams>): string {
  const x = { ...p, page: 1, ...change };
  const params = new URLSearchParams();
  params.set('scope', x.scope);
  params.set('filter', x.filter);
  if (x.scope === 'unit' && x.unitId !== null) params.set('unitId', String(x.unitId));
  if (x.scope === 'unit' && x.sub) params.set('sub', '1');
  if (x.sort !== 'remaining') params.set('sort', x.sort);
  if (x.q) params.set('q', x.q);
  if (x.page > 1) params.set('page', String(x.page));
  return `/inbox?${params.toString()}`;
}

/** Units an official may look at: those of their memberships and every unit below them. */
function unitsInReach(all: UnitView[], memberUnits: number[]): UnitView[] {
  const children = new Map<number, UnitView[]>();
  for (const u of all) if (u.parentId !== null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  const byId = new Map(all.map((u) => [u.id, u]));
  const out: UnitView[] = [];
  const seen = new Set<number>();
  const visit = (u: UnitView, depth: number) => {
    if (seen.has(u.id) || !u.active) return;
    seen.add(u.id);
    out.push({ ...u, name: `${'— '.repeat(depth)}${u.name}` });
    for (const c of children.get(u.id) ?? []) visit(c, depth + 1);
  };
  for (const id of memberUnits) {
    const u = byId.get(id);
    if (u) visit(u, 0);
  }
  return out;
}

function InboxTable({ lang, items, units }: { lang: Lang; items: DossierSummary[]; units: Record<number, { name: string; shortName: string | null }> }) {
  return (
    <DataTable
      lang={lang}
      class="dos-inbox"
      columns={[
        { vi: 'Mã hồ sơ', en: 'Code' },
        { vi: 'Thủ tục', en: 'Procedure' },
        { vi: 'Người nộp', en: 'Applicant' },
        { vi: 'Tiếp nhận', en: 'Received' },
        { vi: 'Hẹn trả', en: 'Due' },
        { vi: 'Thời gian còn lại', en: 'Time left' },
        { vi: 'Đơn vị đang xử lý', en: 'Held by' },
        { vi: 'Tình trạng', en: 'State' },
      ]}
    >
      {items.map((d) => {
        const unit = d.currentUnitId === null ? null : units[d.currentUnitId];
        return (
          <tr class={d.lateWithoutApology || d.lateApologisedLate ? 'dos-row-breach' : d.late ? 'dos-row-late' : undefined}>
            <td>
              <a href={`/dossiers/${d.id}`}>{d.code ?? (lang === 'vi' ? '(chưa có mã)' : '(no code yet)')}</a>
            </td>
            <td>{d.procedureName}</td>
            <td>{d.applicantName}</td>
            <td>{when(d.receivedAt ?? d.submittedAt, lang)}</td>
            <td>
              {/* Judged against the original appointment; an apology's new one is shown beside it. */}
              {d.dueRecounted ? tr(lang, DUE_RECOUNTED_LABEL) : when(d.originalDueAt ?? d.currentDueAt, lang)}
              {d.apologised && d.currentDueAt && d.originalDueAt && d.currentDueAt.getTime() !== d.originalDueAt.getTime() && (
                <span class="muted">
                  {' '}
                  {lang === 'vi' ? `(hẹn lại ${when(d.currentDueAt, lang)})` : `(new appointment ${when(d.currentDueAt, lang)})`}
                </span>
              )}
            </td>
            <td class={d.remainingWorkingMinutes !== null && d.remainingWorkingMinutes < 0 ? 'dos-overdue' : undefined}>
              {d.remainingWorkingMinutes === null ? '—' : remainingText(d.remainingWorkingMinutes, lang)}
              {d.waitingFor && <span class="muted">{lang === 'vi' ? ' (tạm dừng)' : ' (paused)'}</span>}
            </td>
            <td>{unit ? (unit.shortName ?? unit.name) : '—'}</td>
            <td>
              <span class="dos-status">{tr(lang, STATUS_LABELS[d.status])}</span> <Flags lang={lang} f={d} />
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}

/** The inbox's parameters from the query, with the defaults of the official's roles. */
function inboxParams(user: UserActor, query: Record<string, unknown>): InboxParams {
  const roles = new Set<Role>(user.memberships.map((m) => m.role));
  const handles = roles.has('desk') || roles.has('specialist') || roles.has('leader');
  const defaultScope = roles.has('leader') || roles.has('desk') || !handles ? 'unit' : 'mine';
  // Monitors and administrators hold no dossiers themselves: they start on their whole unit tree.
  const overview = !handles && Object.keys(query).length === 0;
  const ownUnit = user.memberships[0]?.unitId ?? null;
  const scope = qs(query, 'scope') === 'mine' ? 'mine' : qs(query, 'scope') === 'unit' ? 'unit' : defaultScope;
  const filterKey = qs(query, 'filter');
  const unitRaw = Number(qs(query, 'unitId'));
  return {
    scope,
    filter: FILTERS.find((f) => f.key === filterKey)?.key ?? 'todo',
    unitId: Number.isSafeInteger(unitRaw) && unitRaw > 0 ? unitRaw : overview ? ownUnit : null,
    sub: qs(query, 'sub') === '1' || overview,
    sort: qs(query, 'sort') === 'received' ? 'received' : 'remaining',
    q: qs(query, 'q').slice(0, 100),
    page: Math.max(1, Math.min(10_000, Math.trunc(Number(qs(query, 'page'))) || 1)),
  };
}

type InboxResult = Awaited<ReturnType<typeof inbox>>;

interface InboxData {
  p: InboxParams;
  result: InboxResult;
  counts: Map<InboxFilter, number>;
  reach: UnitView[];
}

export async function loadInbox(ctx: AppContext, req: FastifyRequest, user: UserActor): Promise<InboxData> {
  const p = inboxParams(user, (req.query ?? {}) as Record<string, unknown>);
  const base: Omit<InboxQuery, 'filter'> = {
    scope: p.scope,
    unitId: p.scope === 'unit' ? p.unitId : null,
    includeSubunits: p.scope === 'unit' && p.sub,
    sort: p.sort,
    q: p.q || null,
  };
  const result = await inbox(ctx, req.actor, { ...base, filter: p.filter, page: p.page, pageSize: 20 });
  // The work queues' counts (one small query each, served by partial indexes). Not the "all" tab's: its exact count
  // reads every dossier the unit ever touched (docs/benchmarks.md), so it is shown only while that tab is open.
  const counts = new Map<InboxFilter, number>();
  for (const f of FILTERS) {
    if (f.key === p.filter) counts.set(f.key, result.total);
    else if (f.key !== 'all') counts.set(f.key, (await inbox(ctx, req.actor, { ...base, filter: f.key, page: 1, pageSize: 1 })).total);
  }
  const reach = unitsInReach(await listAllUnits(ctx), [...new Set(user.memberships.map((m) => m.unitId))]);
  return { p, result, counts, reach };
}

function Tabs({ lang, p, counts }: { lang: Lang; p: InboxParams; counts: Map<InboxFilter, number> }) {
  const scopeLink = (s: 'mine' | 'unit', label: Bilingual) => (
    <a href={inboxHref(p, { scope: s })} aria-current={p.scope === s ? 'page' : undefined} class={p.scope === s ? 'dos-on' : undefined}>
      {tr(lang, label)}
    </a>
  );
  return (
    <>
      <p class="dos-scope" role="group" aria-label={lang === 'vi' ? 'Phạm vi' : 'Scope'}>
        {scopeLink('mine', t2('Của tôi', 'Assigned to me'))}
        {scopeLink('unit', t2('Của đơn vị', 'My unit'))}
      </p>
      <nav aria-label={lang === 'vi' ? 'Lọc hồ sơ' : 'Filter dossiers'}>
        <ul class="dos-tabs">
          {FILTERS.map((f) => (
            <li>
              <a href={inboxHref(p, { filter: f.key })} aria-current={f.key === p.filter ? 'page' : undefined} class={f.key === p.filter ? 'dos-on' : undefined}>
                {tr(lang, f.label)} {counts.has(f.key) && <span class="dos-count">({counts.get(f.key)})</span>}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}

function Filters({ lang, p, reach }: { lang: Lang; p: InboxParams; reach: UnitView[] }) {
  return (
    <form method="get" action="/inbox" class="filters" role="search">
      <input type="hidden" name="scope" value={p.scope} />
      <input type="hidden" name="filter" value={p.filter} />
      <div class="field">
        <label for="f-q">{lang === 'vi' ? 'Mã hồ sơ, người nộp hoặc thủ tục' : 'Code, applicant or procedure'}</label>
        <input id="f-q" name="q" value={p.q} type="search" />
      </div>
      {p.scope === 'unit' && reach.length > 1 && (
        <div class="field">
          <label for="f-unitId">{lang === 'vi' ? 'Đơn vị' : 'Unit'}</label>
          <select id="f-unitId" name="unitId">
            <option value="">{lang === 'vi' ? '— các đơn vị của tôi —' : '— my units —'}</option>
            {reach.map((u) => (
              <option value={String(u.id)} selected={u.id === p.unitId}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {p.scope === 'unit' && (
        <div class="field">
          <label class="dos-choice" for="f-sub">
            <input type="checkbox" id="f-sub" name="sub" value="1" checked={p.sub} /> {lang === 'vi' ? 'Gồm cả đơn vị trực thuộc' : 'Include subunits'}
          </label>
        </div>
      )}
      <div class="field">
        <label for="f-sort">{lang === 'vi' ? 'Sắp xếp' : 'Sort'}</label>
        <select id="f-sort" name="sort">
          <option value="remaining" selected={p.sort === 'remaining'}>
            {lang === 'vi' ? 'Ít thời gian còn lại nhất trước' : 'Least time left first'}
          </option>
          <option value="received" selected={p.sort === 'received'}>
            {lang === 'vi' ? 'Mới tiếp nhận trước' : 'Newest first'}
          </option>
        </select>
      </div>
      <div class="field">
        <button type="submit">{lang === 'vi' ? 'Lọc' : 'Apply'}</button>
      </div>
    </form>
  );
}

export function InboxPage({ req, data }: { req: FastifyRequest; data: InboxData }) {
  const lang = req.lang;
  const { p, result } = data;
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  return (
    <Layout req={req} title={t2('Hồ sơ cần xử lý', 'Dossiers to process')}>
      <Tabs lang={lang} p={p} counts={data.counts} />
      <Filters lang={lang} p={p} reach={data.reach} />
      <p id="dos-total" class="muted">
        {lang === 'vi' ? `${result.total} hồ sơ` : `${result.total} dossier${result.total === 1 ? '' : 's'}`}
        {' · '}
        {lang === 'vi' ? `thời gian còn lại tính đến ${formatDateTime(result.asOf, lang)}` : `time left as of ${formatDateTime(result.asOf, lang)}`}
      </p>
      {result.items.length === 0 ? <p>{lang === 'vi' ? 'Không có hồ sơ nào.' : 'No dossiers.'}</p> : <InboxTable lang={lang} items={result.items} units={result.units} />}
      {pages > 1 && <Pagination lang={lang} page={p.page} pages={pages} href={(n) => inboxHref(p, { page: n })} position />}
    </Layout>
  );
}

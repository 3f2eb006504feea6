// Staff pages for processing dossiers: the inboxes (to do, due soon, late, waiting, consulting), the dossier page
// (applicant, documents, clocks, control slip, consultations, inter-agency parts, timeline, forms) with its action
// panel, the actions themselves, and the dossier's files. Everything works without JavaScript.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import {
  act,
  allowedActionsFor,
  availableForms,
  DOSSIER_FORM_TITLES,
  getDossier,
  inbox,
  readFile,
  downloadFileName,
  saveFile,
  type ActRequest,
  type DossierSummary,
  type DossierView,
  type InboxFilter,
  type InboxQuery,
} from '../../app/dossiers/index.js';
import { listAllUnits, type UnitView } from '../../app/units.js';
import { CHANNEL_LABELS, formatLimit } from '../../domain/catalogue/index.js';
import {
  ACTION_LABELS,
  ACTION_TYPES,
  DUE_RECOUNTED_LABEL,
  NATIONAL_STATUS_LABELS,
  OUTCOME_LABELS,
  RETURN_METHOD_LABELS,
  STATUS_LABELS,
  type ActionType,
  type DossierState,
} from '../../domain/dossier/index.js';
import { AppError, type Bilingual } from '../../domain/errors.js';
import { STATUS } from '../errors.js';
import { ROLE_LABELS, type Role } from '../../domain/org.js';
import { pageUser } from '../context.js';
import { formatDateTime, tr, type Lang } from '../i18n.js';
import { ActionErrors, ActionPanel, payloadFromForm, type ActionFailure, type PostedFields } from './dossier-actions.js';
import { readPosted, type PostedFile } from './forms.js';
import { Layout, sendPage } from './layout.js';
import { DataTable, Notice } from './components.js';

const t2 = (vi: string, en: string): Bilingual => ({ vi, en });
const MINUTES_PER_DAY = 480;

// ---------------------------------------------------------------------------------------------------------------
// Small pieces shared by the inbox and the dossier page

/** Working minutes as "1 ngày 3 giờ" / "1 working day 3 h" (8-hour working days, as the limits are counted). */
export function workingSpan(minutes: number, lang: Lang): string {
  const m = Math.round(Math.abs(minutes));
  const days = Math.floor(m / MINUTES_PER_DAY);
  const hours = Math.floor((m - days * MINUTES_PER_DAY) / 60);
  const mins = m - days * MINUTES_PER_DAY - hours * 60;
  const parts: string[] = [];
  if (lang === 'vi') {
    if (days) parts.push(`${days} ngày`);
    if (hours) parts.push(`${hours} giờ`);
    if (mins && !days) parts.push(`${mins} phút`);
    return parts.join(' ') || '0 phút';
  }
  if (days) parts.push(`${days} working day${days === 1 ? '' : 's'}`);
  if (hours) parts.push(`${hours} h`);
  if (mins && !days) parts.push(`${mins} min`);
  return parts.join(' ') || '0 min';
}

/** "còn 1 ngày 3 giờ làm việc" / "quá hạn 2 giờ". */
export function remainingText(minutes: number, lang: Lang): string {
  if (minutes >= 0) return lang === 'vi' ? `còn ${workingSpan(minutes, lang)} làm việc` : `${workingSpan(minutes, lang)} of working time left`;
  return lang === 'vi' ? `quá hạn ${workingSpan(minutes, lang)}` : `${workingSpan(minutes, lang)} overdue`;
}

const when = (d: Date | null | undefined, lang: Lang) => (d ? formatDateTime(d, lang) : '—');

function StatusBadge({ lang, status, national }: { lang: Lang; status: DossierState['status']; national: DossierState['nationalStatus'] }) {
  const cls = status === 'returned' || status === 'finished' ? 'badge ok' : status === 'refused' || status === 'stopped' || status === 'refused_after_examination' ? 'badge err' : 'badge';
  return (
    <span class={cls}>
      {tr(lang, STATUS_LABELS[status])}
      {national !== null && ` · ${national}. ${tr(lang, NATIONAL_STATUS_LABELS[national])}`}
    </span>
  );
}

interface FlagFacts {
  late: boolean;
  dueSoon: boolean;
  lateWithoutApology: boolean;
  lateApologisedLate?: boolean;
  apologyDueSoon?: boolean;
  apologised: boolean;
  waitingFor: 'supplement' | 'payment' | null;
  /** Submitted online, not received one working day later. */
  receptionOverdue?: boolean;
}

function Flags({ lang, f }: { lang: Lang; f: FlagFacts }) {
  return (
    <span class="dos-flags">
      {f.lateWithoutApology ? (
        <span class="badge err dos-breach">{lang === 'vi' ? 'Quá hạn, chưa xin lỗi' : 'Late, no apology'}</span>
      ) : f.lateApologisedLate ? (
        <span class="badge err dos-breach">{lang === 'vi' ? 'Quá hạn, xin lỗi muộn' : 'Late, apologised late'}</span>
      ) : (
        f.late && <span class="badge err">{lang === 'vi' ? 'Quá hạn' : 'Late'}</span>
      )}
      {f.apologyDueSoon && <span class="badge warn">{lang === 'vi' ? 'Sắp hết hạn gửi văn bản xin lỗi' : 'Apology due soon'}</span>}
      {f.dueSoon && <span class="badge warn">{lang === 'vi' ? 'Sắp đến hạn' : 'Due soon'}</span>}
      {f.apologised && <span class="badge">{lang === 'vi' ? 'Đã xin lỗi, hẹn lại' : 'Apologised, new date'}</span>}
      {f.waitingFor === 'supplement' && <span class="badge">{lang === 'vi' ? 'Chờ bổ sung' : 'Awaiting supplement'}</span>}
      {f.waitingFor === 'payment' && <span class="badge">{lang === 'vi' ? 'Chờ nộp phí' : 'Awaiting payment'}</span>}
      {f.receptionOverdue && <ReceptionOverdueBadge lang={lang} />}
    </span>
  );
}

/** An online submission still waiting at the desk one working day after it was made. */
export function ReceptionOverdueBadge({ lang }: { lang: Lang }) {
  return <span class="badge warn dos-reception-overdue">{lang === 'vi' ? 'Chờ tiếp nhận quá 01 ngày làm việc' : 'Waiting for reception over one working day'}</span>;
}

function OutcomeBadge({ lang, outcome }: { lang: Lang; outcome: 'early' | 'on_time' | 'late' | null }) {
  if (!outcome) return <span class="muted">—</span>;
  return <span class={outcome === 'late' ? 'badge err' : 'badge ok'}>{tr(lang, OUTCOME_LABELS[outcome])}</span>;
}

const qs = (q: Record<string, unknown>, k: string): string => {
  const v = q[k];
  return (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim();
};

// ---------------------------------------------------------------------------------------------------------------
// Inbox

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

async function inboxPage(ctx: AppContext, req: FastifyRequest, reply: FastifyReply) {
  const user = pageUser(req, reply);
  if (!user) return reply;
  const lang = req.lang;
  const query = (req.query ?? {}) as Record<string, unknown>;
  const roles = new Set<Role>(user.memberships.map((m) => m.role));
  const handles = roles.has('desk') || roles.has('specialist') || roles.has('leader');
  const defaultScope = roles.has('leader') || roles.has('desk') || !handles ? 'unit' : 'mine';
  // Monitors and administrators hold no dossiers themselves: they start on their whole unit tree.
  const overview = !handles && Object.keys(query).length === 0;
  const ownUnit = user.memberships[0]?.unitId ?? null;
  const scope = qs(query, 'scope') === 'mine' ? 'mine' : qs(query, 'scope') === 'unit' ? 'unit' : defaultScope;
  const filterKey = qs(query, 'filter');
  const filter = (FILTERS.find((f) => f.key === filterKey)?.key ?? 'todo') as InboxFilter;
  const unitRaw = Number(qs(query, 'unitId'));
  const p: InboxParams = {
    scope,
    filter,
    unitId: Number.isSafeInteger(unitRaw) && unitRaw > 0 ? unitRaw : overview ? ownUnit : null,
    sub: qs(query, 'sub') === '1' || overview,
    sort: qs(query, 'sort') === 'received' ? 'received' : 'remaining',
    q: qs(query, 'q').slice(0, 100),
    page: Math.max(1, Math.min(10_000, Math.trunc(Number(qs(query, 'page'))) || 1)),
  };
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
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const scopeLink = (s: 'mine' | 'unit', label: Bilingual) => (
    <a href={inboxHref(p, { scope: s })} aria-current={p.scope === s ? 'page' : undefined} class={p.scope === s ? 'dos-on' : undefined}>
      {tr(lang, label)}
    </a>
  );
  return sendPage(
    reply,
    <Layout req={req} title={t2('Hồ sơ cần xử lý', 'Dossiers to process')}>
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
      <p id="dos-total" class="muted">
        {lang === 'vi' ? `${result.total} hồ sơ` : `${result.total} dossier${result.total === 1 ? '' : 's'}`}
        {' · '}
        {lang === 'vi' ? `thời gian còn lại tính đến ${formatDateTime(result.asOf, lang)}` : `time left as of ${formatDateTime(result.asOf, lang)}`}
      </p>
      {result.items.length === 0 ? (
        <p>{lang === 'vi' ? 'Không có hồ sơ nào.' : 'No dossiers.'}</p>
      ) : (
        <InboxTable lang={lang} items={result.items} units={result.units} />
      )}
      {pages > 1 && (
        <nav class="pager" aria-label={lang === 'vi' ? 'Phân trang' : 'Pages'}>
          {p.page > 1 && <a href={inboxHref(p, { page: p.page - 1 })}>← {lang === 'vi' ? 'Trang trước' : 'Previous'}</a>}
          <span>{lang === 'vi' ? `Trang ${p.page}/${pages}` : `Page ${p.page} of ${pages}`}</span>
          {p.page < pages && <a href={inboxHref(p, { page: p.page + 1 })}>{lang === 'vi' ? 'Trang sau' : 'Next'} →</a>}
        </nav>
      )}
    </Layout>,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The dossier page

const STEP_ROLE: Record<'desk' | 'specialist' | 'leader', Bilingual> = {
  desk: ROLE_LABELS.desk,
  specialist: ROLE_LABELS.specialist,
  leader: ROLE_LABELS.leader,
};

const HOW: Record<string, Bilingual> = {
  forward: t2('chuyển tiếp', 'forwarded'),
  send_back: t2('trả lại', 'sent back'),
  finish: t2('hoàn thành', 'finished'),
  refuse: t2('từ chối', 'refused'),
  stop: t2('dừng', 'stopped'),
  return: t2('trả kết quả', 'result handed over'),
};

/** The forms (Circular 03/2025 numbering) this dossier has. */
interface DossierPageArgs {
  failure?: ActionFailure;
  notice?: string;
}

async function renderDossier(ctx: AppContext, req: FastifyRequest, view: DossierView, args: DossierPageArgs) {
  const lang = req.lang;
  const s = view.state;
  const allowed = await allowedActionsFor(ctx, req.actor, view.id);
  const consult = allowed.actions.some((a) => a.type === 'consult' && a.allowed);
  const units = consult ? await listAllUnits(ctx) : [];
  const unit = (id: number | null | undefined) => (id == null ? '—' : (view.units[id]?.name ?? `#${id}`));
  const person = (id: number | null | undefined) => (id == null ? '—' : (view.people[id]?.fullName ?? `#${id}`));
  const file = (id: string) => `/dossiers/${view.id}/files/${encodeURIComponent(id)}`;
  const steps = view.pinned?.steps ?? [];
  const curStep = s.currentStepIndex === null ? undefined : steps[s.currentStepIndex];
  const a = view.applicant;
  const clock = s.clock;
  const title = view.code ? t2(`Hồ sơ ${view.code}`, `Dossier ${view.code}`) : t2('Hồ sơ (chưa có mã)', 'Dossier (no code yet)');
  return (
    <Layout req={req} title={title}>
      {args.notice && <Notice>{args.notice}</Notice>}
      <ActionErrors lang={lang} failure={args.failure} />
      <p>
        <a href="/inbox">← {lang === 'vi' ? 'Hồ sơ cần xử lý' : 'Dossiers to process'}</a>
      </p>
      <section class="dos-head" aria-label={lang === 'vi' ? 'Tóm tắt' : 'Summary'}>
        <p class="lead">
          <strong>{view.procedure.name}</strong> <code>{view.procedure.code}</code>
        </p>
        <p>
          <StatusBadge lang={lang} status={s.status} national={s.nationalStatus} />{' '}
          <Flags
            lang={lang}
            f={{
              late: s.flags.late,
              dueSoon: s.flags.dueWithinOneWorkingDay,
              lateWithoutApology: s.flags.lateWithoutApology,
              lateApologisedLate: s.flags.lateApologisedLate,
              apologyDueSoon: s.flags.apologyDueSoon,
              apologised: s.apology !== null,
              waitingFor: s.waitingFor,
              receptionOverdue: s.flags.receptionOverdue,
            }}
          />
        </p>
        <p class="muted">
          {lang === 'vi' ? 'Kênh' : 'Channel'}: {tr(lang, CHANNEL_LABELS[view.channel])}
          {s.trackingBookNumber !== null && ` · ${lang === 'vi' ? 'Số sổ theo dõi' : 'Tracking book no.'} ${s.trackingBookNumber}`}
          {s.resultDelivery && ` · ${lang === 'vi' ? 'Cách nhận kết quả' : 'Result delivery'}: ${tr(lang, RETURN_METHOD_LABELS[s.resultDelivery])}`}
          {view.pinned && ` · ${lang === 'vi' ? 'Phiên bản thủ tục' : 'Procedure version'} ${view.pinned.procedureVersionNumber}`}
        </p>
      </section>
      <div class="dos-grid">
        <div>
          <section aria-labelledby="dos-clock-h">
            <h2 id="dos-clock-h">{lang === 'vi' ? 'Thời hạn' : 'Time limits'}</h2>
            <dl class="dos-facts">
              <dt>{lang === 'vi' ? 'Tiếp nhận' : 'Received'}</dt>
              <dd>
                {when(s.receivedAt ?? s.submittedAt, lang)} {s.receivingUnitId !== null && <span class="muted">— {unit(s.receivingUnitId)}</span>}
              </dd>
              {view.pinned && (
                <>
                  <dt>{lang === 'vi' ? 'Thời hạn giải quyết' : 'Time limit'}</dt>
                  <dd>
                    {tr(lang, formatLimit(view.pinned.limit))}
                    {view.pinned.reduced && <span class="muted">{lang === 'vi' ? ' (đã cắt giảm)' : ' (reduced)'}</span>}
                  </dd>
                </>
              )}
              {clock && (
                <>
                  <dt>{lang === 'vi' ? 'Hẹn trả ban đầu' : 'Original due'}</dt>
                  <dd>{clock.dueRecountedOnSupplement ? tr(lang, DUE_RECOUNTED_LABEL) : when(clock.originalDueAt, lang)}</dd>
                  <dt>{lang === 'vi' ? 'Hẹn trả hiện tại' : 'Current due'}</dt>
                  <dd>
                    <strong>{clock.dueRecountedOnSupplement ? tr(lang, DUE_RECOUNTED_LABEL) : when(clock.currentDueAt, lang)}</strong>
                    {s.apology?.late && <span class="badge err">{lang === 'vi' ? 'Xin lỗi muộn' : 'Late apology'}</span>}
                    {s.apology && <span class="muted">{lang === 'vi' ? ' (hẹn lại sau văn bản xin lỗi)' : ' (reset by the apology)'}</span>}
                  </dd>
                  <dt>{lang === 'vi' ? 'Thời gian còn lại' : 'Time left'}</dt>
                  <dd class={clock.remainingMinutes < 0 ? 'dos-overdue' : undefined} id="dos-remaining">
                    {s.phase === 'processing' && !clock.dueRecountedOnSupplement ? remainingText(clock.remainingMinutes, lang) : '—'}
                    {clock.status === 'paused' && <span class="badge warn">{lang === 'vi' ? 'Đang tạm dừng' : 'Paused'}</span>}
                  </dd>
                  {clock.pausedMinutes > 0 && (
                    <>
                      <dt>{lang === 'vi' ? 'Thời gian tạm dừng' : 'Time paused'}</dt>
                      <dd>{workingSpan(clock.pausedMinutes, lang)}</dd>
                    </>
                  )}
                  <dt>{lang === 'vi' ? 'Thời gian đã xử lý' : 'Time in processing'}</dt>
                  <dd>{workingSpan(clock.processingMinutes, lang)}</dd>
                </>
              )}
              {s.finishedAt && (
                <>
                  <dt>{lang === 'vi' ? 'Hoàn thành' : 'Finished'}</dt>
                  <dd>
                    {when(s.finishedAt, lang)} <OutcomeBadge lang={lang} outcome={s.outcomeAgainstOriginal} />
                  </dd>
                </>
              )}
              {s.returnedAt && (
                <>
                  <dt>{lang === 'vi' ? 'Đã trả kết quả' : 'Handed over'}</dt>
                  <dd>
                    {when(s.returnedAt, lang)} {s.returnMethod && `(${tr(lang, RETURN_METHOD_LABELS[s.returnMethod])})`}
                  </dd>
                </>
              )}
            </dl>
            {s.apology && (
              <p class="notice warn" id="dos-apology">
                {lang === 'vi' ? 'Đã xin lỗi' : 'Apologised'} {when(s.apology.at, lang)} — {unit(s.apology.lateUnitId)}, {person(s.apology.signerId)}: {s.apology.reason}.{' '}
                {lang === 'vi'
                  ? `Hẹn trước: ${when(s.apology.previousDueAt, lang)}; hẹn mới: ${when(s.apology.newDueAt, lang)}.`
                  : `Previous: ${when(s.apology.previousDueAt, lang)}; new: ${when(s.apology.newDueAt, lang)}.`}
              </p>
            )}
          </section>
          <section aria-labelledby="dos-now-h">
            <h2 id="dos-now-h">{lang === 'vi' ? 'Đang xử lý' : 'Now'}</h2>
            <dl class="dos-facts">
              <dt>{lang === 'vi' ? 'Bước' : 'Step'}</dt>
              <dd id="dos-step">
                {curStep ? `${curStep.index + 1}/${steps.length}. ${curStep.name ?? ''} (${tr(lang, STEP_ROLE[curStep.role])})` : '—'}
              </dd>
              <dt>{lang === 'vi' ? 'Đơn vị' : 'Unit'}</dt>
              <dd>{unit(s.currentUnitId)}</dd>
              <dt>{lang === 'vi' ? 'Người được phân công' : 'Assignee'}</dt>
              <dd id="dos-assignee">{person(s.assigneeId)}</dd>
              <dt>{lang === 'vi' ? 'Cơ quan có thẩm quyền' : 'Competent unit'}</dt>
              <dd>{unit(s.competentUnitId)}</dd>
              {s.approved && (
                <>
                  <dt>{lang === 'vi' ? 'Phê duyệt, ký' : 'Approval, signature'}</dt>
                  <dd>{s.signed ? (lang === 'vi' ? 'Đã duyệt, đã ký' : 'Approved and signed') : lang === 'vi' ? 'Đã duyệt, chờ ký' : 'Approved, awaiting signature'}</dd>
                </>
              )}
            </dl>
          </section>
          <section aria-labelledby="dos-applicant-h">
            <h2 id="dos-applicant-h">{lang === 'vi' ? 'Người nộp hồ sơ' : 'Applicant'}</h2>
            <dl class="dos-facts">
              {a.organisationName && (
                <>
                  <dt>{lang === 'vi' ? 'Tổ chức' : 'Organisation'}</dt>
                  <dd>
                    {a.organisationName} {a.taxCode && <span class="muted">({lang === 'vi' ? 'MST' : 'tax code'} {a.taxCode})</span>}
                  </dd>
                </>
              )}
              <dt>{lang === 'vi' ? 'Họ và tên' : 'Name'}</dt>
              <dd>{a.fullName}</dd>
              {a.idNumber && (
                <>
                  <dt>{lang === 'vi' ? 'Số định danh' : 'ID number'}</dt>
                  <dd>{a.idNumber}</dd>
                </>
              )}
              {a.phone && (
                <>
                  <dt>{lang === 'vi' ? 'Điện thoại' : 'Phone'}</dt>
                  <dd>{a.phone}</dd>
                </>
              )}
              {a.email && (
                <>
                  <dt>{lang === 'vi' ? 'Thư điện tử' : 'E-mail'}</dt>
                  <dd>{a.email}</dd>
                </>
              )}
              {a.address && (
                <>
                  <dt>{lang === 'vi' ? 'Địa chỉ' : 'Address'}</dt>
                  <dd>{a.address}</dd>
                </>
              )}
            </dl>
          </section>
        </div>
        <ActionPanel req={req} view={view} allowed={allowed} units={units} failure={args.failure} />
      </div>

      <section aria-labelledby="dos-docs-h">
        <h2 id="dos-docs-h">{lang === 'vi' ? 'Thành phần hồ sơ' : 'Documents'}</h2>
        <DataTable
          lang={lang}
          columns={[
            { vi: 'Giấy tờ', en: 'Document' },
            { vi: 'Yêu cầu (chính/sao)', en: 'Required (orig./copies)' },
            { vi: 'Đã nộp', en: 'Provided' },
            { vi: 'Tệp', en: 'Files' },
          ]}
        >
          {view.documents.map((d) => (
            <tr>
              <td>
                {d.name}
                {d.optional && !d.extra && <span class="muted">{lang === 'vi' ? ' (nếu có)' : ' (if applicable)'}</span>}
                {d.extra && <span class="muted">{lang === 'vi' ? ' (ngoài danh mục)' : ' (extra)'}</span>}
              </td>
              <td>
                {d.requiredOriginals}/{d.requiredCopies}
              </td>
              <td>
                {d.provided ? (
                  <span class="badge ok">
                    {lang === 'vi' ? 'Có' : 'Yes'} ({d.originals}/{d.copies})
                  </span>
                ) : (
                  <span class={d.optional ? 'badge' : 'badge err'}>{lang === 'vi' ? 'Chưa' : 'No'}</span>
                )}
              </td>
              <td>
                {d.fileIds.length === 0
                  ? '—'
                  : d.fileIds.map((id, i) => (
                      <>
                        {i > 0 && ', '}
                        <a href={file(id)}>{lang === 'vi' ? `Tệp ${i + 1}` : `File ${i + 1}`}</a>
                      </>
                    ))}
              </td>
            </tr>
          ))}
        </DataTable>
      </section>

      {s.steps.length > 0 && (
        <section aria-labelledby="dos-steps-h">
          <h2 id="dos-steps-h">{lang === 'vi' ? 'Quá trình xử lý (phiếu kiểm soát)' : 'Processing steps (control slip)'}</h2>
          <DataTable
            lang={lang}
            class="dos-steps"
            columns={[
              '#',
              { vi: 'Bước, đơn vị', en: 'Step, unit' },
              { vi: 'Người xử lý', en: 'Handler' },
              { vi: 'Nhận', en: 'Received' },
              { vi: 'Giao', en: 'Handed over' },
              { vi: 'Được giao / đã dùng', en: 'Allotted / used' },
              { vi: 'Kết quả', en: 'Result' },
            ]}
          >
            {s.steps.map((r) => (
              <tr>
                <td>{r.row}</td>
                <td>
                  {r.stepIndex + 1}. {r.name ?? steps[r.stepIndex]?.name ?? ''}
                  <br />
                  <span class="muted">{unit(r.unitId)}</span>
                </td>
                <td>{person(r.receivedBy)}</td>
                <td>
                  {when(r.receivedAt, lang)}
                  {r.givenBy !== null && <span class="muted"> ← {person(r.givenBy)}</span>}
                </td>
                <td>
                  {when(r.handedOverAt, lang)}
                  {r.handedOverHow && <span class="muted"> ({tr(lang, HOW[r.handedOverHow] ?? t2(r.handedOverHow, r.handedOverHow))})</span>}
                </td>
                <td>
                  {workingSpan(r.allottedMinutes, lang)} / {workingSpan(r.usedMinutes, lang)}
                </td>
                <td>
                  {r.outcome ? (
                    <OutcomeBadge lang={lang} outcome={r.outcome} />
                  ) : (
                    <>
                      <span class="muted">{lang === 'vi' ? `hạn ${when(r.dueAt, lang)}` : `due ${when(r.dueAt, lang)}`}</span>
                      {s.asOf && r.dueAt.getTime() < s.asOf.getTime() && s.phase === 'processing' && (
                        <>
                          {' '}
                          <span class="badge err">{lang === 'vi' ? 'Bước quá hạn' : 'Step overdue'}</span>
                        </>
                      )}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        </section>
      )}

      {s.participants.length > 0 && (
        <section aria-labelledby="dos-parts-h" id="dos-parts">
          <h2 id="dos-parts-h">{lang === 'vi' ? 'Liên thông: cơ quan phối hợp' : 'Inter-agency participants'}</h2>
          <p class="muted">
            {view.pinned?.interAgencyDispatch === 'sequential'
              ? lang === 'vi'
                ? 'Hồ sơ giấy chuyển lần lượt từng cơ quan theo thứ tự.'
                : 'The paper dossier goes to each agency in turn.'
              : lang === 'vi'
                ? 'Bản điện tử của hồ sơ được gửi đồng thời tới tất cả cơ quan phối hợp ngay khi tiếp nhận; mỗi cơ quan có phần việc và thời hạn riêng.'
                : 'The electronic copy of the dossier went to every participating agency at once on reception; each has its own task and deadline.'}
          </p>
          <DataTable
            lang={lang}
            columns={[
              { vi: 'Cơ quan', en: 'Agency' },
              { vi: 'Phần việc', en: 'Task' },
              { vi: 'Bắt đầu / hạn', en: 'Started / due' },
              { vi: 'Hoàn thành', en: 'Handed in' },
              { vi: 'Kết quả', en: 'Result' },
            ]}
          >
            {s.participants.map((pt) => (
              <tr>
                <td>
                  {unit(pt.unitId)} {pt.lead && <span class="badge">{lang === 'vi' ? 'Chủ trì' : 'Lead'}</span>}
                </td>
                <td>
                  {pt.task} <span class="muted">({workingSpan(pt.allottedMinutes, lang)})</span>
                </td>
                <td>
                  {pt.startedAt ? when(pt.startedAt, lang) : lang === 'vi' ? 'Chờ đến lượt' : 'Waiting its turn'}
                  {pt.dueAt && (
                    <>
                      <br />
                      {lang === 'vi' ? 'hạn' : 'due'} {when(pt.dueAt, lang)}
                    </>
                  )}
                </td>
                <td>{when(pt.contributedAt, lang)}</td>
                <td>
                  {pt.result === 'completed' ? (
                    <span class="badge ok">{lang === 'vi' ? 'Đã hoàn thành' : 'Completed'}</span>
                  ) : pt.result === 'declined' ? (
                    <span class="badge err">{lang === 'vi' ? 'Không thực hiện' : 'Declined'}</span>
                  ) : pt.state === 'not_done' ? (
                    <span class="badge err">{lang === 'vi' ? 'Chưa thực hiện' : 'Not done'}</span>
                  ) : (
                    <span class="badge warn">{lang === 'vi' ? 'Đang thực hiện' : 'In progress'}</span>
                  )}{' '}
                  {pt.outcome && <OutcomeBadge lang={lang} outcome={pt.outcome} />}
                  {pt.note && <p class="muted">{pt.note}</p>}
                </td>
              </tr>
            ))}
          </DataTable>
        </section>
      )}

      {s.consultations.length > 0 && (
        <section aria-labelledby="dos-consult-h">
          <h2 id="dos-consult-h">{lang === 'vi' ? 'Xin ý kiến' : 'Consultations'}</h2>
          <DataTable
            lang={lang}
            columns={[
              { vi: 'Đơn vị được hỏi', en: 'Consulted unit' },
              { vi: 'Nội dung', en: 'Question' },
              { vi: 'Gửi / hạn', en: 'Sent / due' },
              { vi: 'Trả lời', en: 'Answer' },
            ]}
          >
            {s.consultations.map((c) => (
              <tr>
                <td>{unit(c.toUnitId)}</td>
                <td>{c.question}</td>
                <td>
                  {when(c.requestedAt, lang)}
                  <br />
                  {lang === 'vi' ? 'hạn' : 'due'} {when(c.dueAt, lang)}
                </td>
                <td>
                  {c.state === 'open' ? (
                    <span class="badge warn">{lang === 'vi' ? 'Chờ trả lời' : 'Awaiting answer'}</span>
                  ) : c.state === 'unanswered' ? (
                    <span class="badge err">{lang === 'vi' ? 'Không trả lời' : 'Unanswered'}</span>
                  ) : (
                    <>
                      {when(c.repliedAt, lang)} {c.agrees === true && <span class="badge ok">{lang === 'vi' ? 'Đồng ý' : 'Agrees'}</span>}
                      {c.agrees === false && <span class="badge err">{lang === 'vi' ? 'Không đồng ý' : 'Disagrees'}</span>}
                      <p>{c.answer}</p>
                    </>
                  )}{' '}
                  {c.outcome && <OutcomeBadge lang={lang} outcome={c.outcome} />}
                </td>
              </tr>
            ))}
          </DataTable>
        </section>
      )}

      {(s.supplementRequests.length > 0 || s.preReceptionSupplements.length > 0 || s.payments.length > 0 || s.withdrawals.length > 0) && (
        <section aria-labelledby="dos-waits-h">
          <h2 id="dos-waits-h">{lang === 'vi' ? 'Yêu cầu gửi công dân' : 'Requests to the applicant'}</h2>
          <ul class="dos-waits">
            {s.preReceptionSupplements.map((r) => (
              <li>
                {lang === 'vi' ? 'Yêu cầu bổ sung trước tiếp nhận' : 'Supplement before reception'} {when(r.at, lang)}: {r.items.join('; ')} — {r.reason}.{' '}
                {r.resubmittedAt ? `${lang === 'vi' ? 'Đã nộp lại' : 'Resubmitted'} ${when(r.resubmittedAt, lang)}` : lang === 'vi' ? 'Chưa nộp lại.' : 'Not resubmitted yet.'}
              </li>
            ))}
            {s.supplementRequests.map((r) => (
              <li>
                {lang === 'vi' ? 'Yêu cầu bổ sung' : 'Supplement request'} {when(r.at, lang)} ({unit(r.unitId)}): {r.items.join('; ')} — {r.reason}.{' '}
                {!r.withinWindow && <span class="badge warn">{lang === 'vi' ? 'Yêu cầu muộn' : 'Late request'}</span>}{' '}
                {r.receivedAt ? `${lang === 'vi' ? 'Đã nhận bổ sung' : 'Supplement received'} ${when(r.receivedAt, lang)}` : lang === 'vi' ? 'Đang chờ công dân bổ sung.' : 'Waiting for the applicant.'}
              </li>
            ))}
            {s.payments.map((p) => (
              <li>
                {lang === 'vi' ? 'Nghĩa vụ tài chính' : 'Payment'} {when(p.requestedAt, lang)}: {p.items.map((i) => `${i.name} ${i.amountVnd.toLocaleString('vi-VN')} đ`).join('; ')}.{' '}
                {p.paidAt ? `${lang === 'vi' ? 'Đã nộp' : 'Paid'} ${(p.paidVnd ?? 0).toLocaleString('vi-VN')} đ, ${when(p.paidAt, lang)}` : lang === 'vi' ? 'Chưa nộp.' : 'Not paid yet.'}
              </li>
            ))}
            {s.withdrawals.map((w) => (
              <li>
                {lang === 'vi' ? 'Xin rút hồ sơ' : 'Withdrawal request'} {when(w.at, lang)}: {w.reason}.{' '}
                {w.decision === 'stopped' ? (lang === 'vi' ? 'Đã dừng xử lý.' : 'Stopped.') : w.decision === 'declined' ? (lang === 'vi' ? 'Không chấp nhận.' : 'Declined.') : lang === 'vi' ? 'Chờ quyết định.' : 'Awaiting decision.'}
              </li>
            ))}
          </ul>
        </section>
      )}

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

      {availableForms(view).length > 0 && (
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
      )}
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Posted bodies

const RESULT_FIELD: Partial<Record<ActionType, string>> = { finish: 'resultFiles', return_result: 'electronicFiles' };

function staleDossierPage(req: FastifyRequest, id: number) {
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

// ---------------------------------------------------------------------------------------------------------------
// Routes

export async function registerDossierPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/inbox', { schema: { hide: true } }, async (req, reply) => inboxPage(ctx, req, reply));

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/dossiers/:id', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const view = await getDossier(ctx, req.actor, Number(req.params.id));
    if (view.access === 'applicant') return reply.redirect(`/my/dossiers/${view.id}`, 303);
    const done = ACTION_TYPES.find((x) => x === req.query.done);
    const notice = done ? (req.lang === 'vi' ? `Đã thực hiện: ${ACTION_LABELS[done].vi}.` : `Done: ${ACTION_LABELS[done].en}.`) : undefined;
    return sendPage(reply, await renderDossier(ctx, req, view, { notice }));
  });

  // A bookmarked or re-opened action address leads back to its form on the dossier page.
  app.get<{ Params: { id: string; type: string } }>('/dossiers/:id/actions/:type', { schema: { hide: true } }, async (req, reply) => {
    const type = ACTION_TYPES.find((x) => x === req.params.type);
    return reply.redirect(`/dossiers/${encodeURIComponent(req.params.id)}${type ? `#act-${type}` : ''}`, 303);
  });

  app.post<{ Params: { id: string; type: string } }>('/dossiers/:id/actions/:type', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const id = Number(req.params.id);
    const type = ACTION_TYPES.find((x) => x === req.params.type && x !== 'submit_online');
    if (!type) throw new AppError('not_found', 'not_found', { vi: 'Không có thao tác này', en: 'No such action' });
    const { fields, files } = await readPosted(req.body);
    const fail = async (e: AppError) => {
      if (e.code === 'stale_version') return sendPage(reply, staleDossierPage(req, id), 409);
      // Not found, or outside the official's jurisdiction: the ordinary error page.
      const view = await getDossier(ctx, req.actor, id);
      const status = STATUS[e.kind];
      const failure: ActionFailure = { type, status, message: e.messages, fields: e.fields, values: fields };
      return sendPage(reply, await renderDossier(ctx, req, view, { failure }), status);
    };
    try {
      const attachments: string[] = [];
      const results: string[] = [];
      const resultField = RESULT_FIELD[type];
      for (const f of files) {
        const target = f.field === resultField ? results : f.field === 'attachments' ? attachments : null;
        if (!target) continue;
        try {
          target.push((await saveFile(ctx, req.actor, { name: f.name, bytes: f.bytes, declaredType: f.type })).id);
        } catch (e) {
          // Name the input the bad file came from.
          if (e instanceof AppError) throw new AppError(e.kind, e.code, e.messages, [{ path: 'attachments', message: e.fields[0]?.message ?? e.messages }]);
          throw e;
        }
      }
      const parsed = payloadFromForm(type, fields, results);
      const versionText = fields.expectedVersion?.[0] ?? '';
      const input: ActRequest = {
        type,
        payload: parsed.payload,
        comment: parsed.comment,
        // Result files are listed with the action too, so the timeline links to them.
        attachments: [...new Set([...attachments, ...results])],
        expectedVersion: versionText.trim() === '' ? undefined : Number(versionText),
        unitId: parsed.unitId,
      };
      await act(ctx, req.actor, id, input);
    } catch (e) {
      if (e instanceof AppError && e.kind !== 'unavailable' && e.kind !== 'unauthenticated') return fail(e);
      throw e;
    }
    return reply.redirect(`/dossiers/${id}?done=${type}`, 303);
  });

  // The dossier's files: checklist scans, attachments and results, for whoever may read the dossier.
  app.get<{ Params: { id: string; fileId: string } }>('/dossiers/:id/files/:fileId', { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const view = await getDossier(ctx, req.actor, Number(req.params.id));
    const known = new Set([...view.documents.flatMap((d) => d.fileIds), ...view.state.timeline.flatMap((e) => e.attachments)]);
    if (!known.has(req.params.fileId)) throw new AppError('not_found', 'not_found', { vi: 'Hồ sơ không có tệp này', en: 'The dossier has no such file' });
    const { file, data } = await readFile(ctx, req.actor, req.params.fileId);
    // The name is the server's (code, document or action, number, extension of the real type), never the upload's.
    const doc = view.documents.find((d) => d.fileIds.includes(file.id));
    const entry = doc ? undefined : view.state.timeline.find((e) => e.attachments.includes(file.id));
    const label = doc ? doc.name : entry ? ACTION_LABELS[entry.type].vi : 'Tệp';
    const list = doc ? doc.fileIds : (entry?.attachments ?? []);
    const name = downloadFileName(view.code ?? `ho-so-${view.id}`, label, list.length > 1 ? list.indexOf(file.id) + 1 : null, file.mediaType);
    // Staff read scans in the browser; the sandbox keeps whatever a file holds from running as the site.
    const disposition = req.actor.kind === 'user' && req.actor.userKind === 'staff' ? 'inline' : 'attachment';
    return reply
      .type(file.mediaType)
      .header('content-disposition', `${disposition}; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.unicode)}`)
      .header('content-security-policy', 'sandbox')
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(data);
  });
}

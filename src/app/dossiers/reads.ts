// Reading dossiers: one dossier for its page (staff with jurisdiction, or the applicant's own account), the public
// tracking view (code + verifier), and inboxes from the projection table with remaining times recomputed at read.
import { timingSafeEqual } from 'node:crypto';
import { NATIONAL_STATUS_LABELS, STATUS_LABELS, normaliseDossierCode } from '../../domain/dossier/index.js';
import { notFound } from '../../domain/errors.js';
import { ROLES } from '../../domain/org.js';
import { getDossierRowByCode, queryProjection } from '../../store/dossiers.js';
import type { Actor } from '../actor.js';
import { requireStaff } from '../actor.js';
import { requireRoleOn } from '../authz.js';
import type { AppContext } from '../context.js';
import { checkTrackingCode, recordTrackingFailure } from '../throttle.js';
import { summaryOf } from './codec.js';
import { buildView, DOSSIER, liveFigures, loadDossier, loadDossierByCode, requireAccess, unitsById, usePrepared } from './core.js';
import { resolveCalendars, unitSnapshot, type UnitSnapshot } from './pinning.js';
import type { DossierView, InboxPage, InboxQuery, PublicTrackingView } from './types.js';
import { applicantName } from './validation.js';

/** A dossier with its derived state, timeline, pinned data, applicant and documents. */
export async function getDossier(ctx: AppContext, actor: Actor, id: number): Promise<DossierView> {
  const l = await loadDossier(ctx, id, ctx.clock());
  const access = requireAccess(actor, l);
  return buildView(ctx, l, access);
}

/** The same by dossier code (as typed or scanned: with or without the leading "000."). */
export async function getDossierByCode(ctx: AppContext, actor: Actor, code: string): Promise<DossierView> {
  const normal = normaliseDossierCode(code);
  const row = normal ? await getDossierRowByCode(ctx.db, normal) : undefined;
  if (!row) throw notFound(DOSSIER);
  return getDossier(ctx, actor, row.id);
}

// ---------------------------------------------------------------------------------------------------------------
// Public tracking

const digits = (s: string | null | undefined) => (s ?? '').replace(/\D/g, '');

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** "Đỗ Thị Mai" → "Đ.T.M." */
export function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${[...w][0]!.toLocaleUpperCase('vi')}.`)
    .join('');
}

/**
 * The public tracking view of a received dossier. Dossier codes are sequential and printed on paper, so the code
 * alone is not enough: `verifier` is the tracking token of the QR code on form 01, or the last 4 digits of the
 * applicant's phone number, personal ID number or tax code. A wrong verifier and an unknown code give the same 404.
 * The view has the status, dates, units and hand-overs, and the applicant's initials only.
 */
export async function publicTracking(ctx: AppContext, code: string, verifier: string): Promise<PublicTrackingView> {
  const normal = typeof code === 'string' ? normaliseDossierCode(code) : null;
  const v = typeof verifier === 'string' ? verifier.trim() : '';
  if (!normal || !v) throw notFound(DOSSIER);
  // A short verifier is guessable: its failures are counted per code, from every address together.
  const guessable = v.length <= 8;
  if (guessable) await checkTrackingCode(ctx, normal);
  // One round trip: the row, its actions and the cache stamps together; the verifier is checked before deriving.
  const l = await loadDossierByCode(ctx, normal, ctx.clock(), (row) => {
    if (row.version === 0) return false;
    const applicant = row.applicant;
    const last4 = [applicant.phone, applicant.idNumber, applicant.taxCode].map(digits).filter((d) => d.length >= 4).map((d) => d.slice(-4));
    return sameSecret(v, row.tracking_token) || (/^\d{4}$/.test(v) && last4.some((d) => sameSecret(d, v)));
  });
  if (!l) {
    if (guessable) await recordTrackingFailure(ctx, normal);
    throw notFound(DOSSIER);
  }
  const { row, units } = l;
  const applicant = row.applicant;
  const s = l.state;
  const name = (id: number | null) => (id === null ? null : (units.byId.get(id)?.name ?? null));
  // A dossier with a code was received or submitted, so it is pinned; a row without is a broken store.
  const data = row.pinned;
  if (data === null) throw new Error(`dossiers.pinned of dossier ${row.id} is null, though it has a code`);
  return {
    code: row.code!,
    procedureName: data.procedureName,
    applicantInitials: initialsOf(applicantName(applicant)),
    status: s.status,
    statusLabel: STATUS_LABELS[s.status],
    nationalStatus: s.nationalStatus,
    nationalStatusLabel: s.nationalStatus === null ? null : NATIONAL_STATUS_LABELS[s.nationalStatus],
    channel: s.channel,
    receivedAt: s.receivedAt,
    // While the due is to be recounted (restart policy, waiting for a supplement) there is no date to show.
    dueAt: s.clock && !s.clock.dueRecountedOnSupplement ? s.clock.currentDueAt : null,
    dueRecounted: s.clock?.dueRecountedOnSupplement === true,
    previousDueAt: s.apology?.previousDueAt ?? null,
    finishedAt: s.finishedAt,
    returnedAt: s.returnedAt,
    refusedAt: s.refusedAt,
    stoppedAt: s.stoppedAt,
    result: s.result,
    waitingFor: s.waitingFor,
    late: s.flags.late,
    currentUnitName: name(s.currentUnitId),
    receivingUnitName: name(s.receivingUnitId),
    steps: s.steps.map((r) => ({ unitName: name(r.unitId) ?? '', stepName: r.name, receivedAt: r.receivedAt, handedOverAt: r.handedOverAt, outcome: r.outcome })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Inboxes

/** Longest stretch of days without work we expect (Tết: up to 9 days off plus a weekend), for due-soon candidates. */
const DUE_SOON_HORIZON_MS = 16 * 24 * 3600_000;
const MAX_DUE_SOON_CANDIDATES = 5000;

function withSubunits(units: UnitSnapshot, roots: readonly number[]): number[] {
  const children = new Map<number, number[]>();
  for (const [id, parent] of units.parentOf) if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), id]);
  const out = new Set<number>();
  const stack = [...roots];
  while (stack.length) {
    const u = stack.pop()!;
    if (out.has(u)) continue;
    out.add(u);
    stack.push(...(children.get(u) ?? []));
  }
  return [...out];
}

/**
 * An inbox page from the projection. `mine`: dossiers assigned to the actor; `unit`: dossiers held by the unit (or
 * owed an answer by it, for `consulting`). Filters: todo (held, not waiting for the applicant), due_soon (within one
 * working day), late, waiting_supplement, consulting, all. Remaining working time and the late / due-soon flags are
 * recomputed at read time on each receiving unit's calendar.
 */
export async function inbox(ctx: AppContext, actor: Actor, query: InboxQuery): Promise<InboxPage> {
  const me = requireStaff(actor);
  const now = ctx.clock();
  const units = await unitSnapshot(ctx);
  const pageSize = Math.min(Math.max(Math.trunc(query?.pageSize ?? 20) || 20, 1), 100);
  const page = Math.max(Math.trunc(query?.page ?? 1) || 1, 1);
  const filter = query?.filter ?? 'todo';
  const sort = query?.sort ?? 'remaining';
  let unitIds: number[] | undefined;
  if (query?.scope === 'unit') {
    if (query.unitId != null) {
      await requireRoleOn(ctx.db, actor, ROLES, query.unitId);
      unitIds = query.includeSubunits ? withSubunits(units, [query.unitId]) : [query.unitId];
    } else {
      const own = [...new Set(me.memberships.filter((m) => m.role === 'desk' || m.role === 'specialist' || m.role === 'leader').map((m) => m.unitId))];
      unitIds = query.includeSubunits ? withSubunits(units, own) : own;
    }
  }
  const base = {
    assigneeId: query?.scope === 'unit' ? undefined : me.userId,
    unitIds,
    filter,
    now,
    dueSoonHorizon: new Date(now.getTime() + DUE_SOON_HORIZON_MS),
    q: typeof query?.q === 'string' && query.q.trim() !== '' ? query.q.trim() : undefined,
    sort,
  } as const;
  const exactInSql = filter !== 'due_soon';
  const { rows, total } = await queryProjection(ctx.db, {
    ...base,
    limit: exactInSql ? pageSize : MAX_DUE_SOON_CANDIDATES,
    offset: exactInSql ? (page - 1) * pageSize : 0,
    prepared: usePrepared(ctx),
  });
  const calendars = await resolveCalendars(ctx, units, rows.flatMap((r) => [r.receiving_unit_id, r.current_unit_id]));
  let items = rows.map((r) => summaryOf(r, liveFigures(r, now, calendars)));
  let count = total;
  if (!exactInSql) {
    const soon = items.filter((i) => i.dueSoon);
    count = soon.length;
    items = soon.slice((page - 1) * pageSize, page * pageSize);
  }
  return {
    items,
    total: count,
    page,
    pageSize,
    asOf: now,
    units: unitsById(
      units,
      items.flatMap((i) => [i.currentUnitId, i.receivingUnitId, i.competentUnitId]),
    ),
  };
}

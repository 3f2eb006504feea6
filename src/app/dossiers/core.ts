// What every dossier use case shares: loading a dossier with its derived state, who the actor is to the domain,
// who may read a dossier, the view pages get, file-id checks and the append itself.
import type { Kysely, Transaction } from 'kysely';
import { dailyOfficeMinutes, workingTimeBetween } from '../../domain/calendar/index.js';
import { DEFAULT_RULES, deriveDossier, type ActorContext, type Delegation, type DossierAction, type DossierState, type PinnedProcedure } from '../../domain/dossier/index.js';
import { AppError, forbidden, notFound, staleVersion, type FieldError } from '../../domain/errors.js';
import { ROLES, hasRoleOver, type Role } from '../../domain/org.js';
import {
  bumpVersion,
  getDossierRow,
  insertAction,
  listActions,
  upsertProjections,
  type DossierPatch,
  type DossierRow,
  type ProjectionRow,
} from '../../store/dossiers.js';
import { filesLinkedTo, getStoredFiles, linkFiles } from '../../store/files.js';
import type { Database } from '../../store/schema.js';
import type { Actor } from '../actor.js';
import { requireUser } from '../actor.js';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../tx.js';
import { actionFromRow, actionToRow, involvedUnitsOf, projectionRow, type ProjectionExtras } from './codec.js';
import { draftPinned, hydratePinned, resolveCalendars, unitRef, unitSnapshot, unitsOfPinned, type Calendars, type UnitSnapshot } from './pinning.js';
import type { Applicant, DocumentEntry, DossierView, PersonRef, PinnedData, UnitRef } from './types.js';
import { applicantName } from './validation.js';

type Db = Kysely<Database>;

export const DOSSIER = { vi: 'hồ sơ', en: 'Dossier' };

/** The scope of idempotency keys: one namespace per user (or per system label). */
export const creatorKey = (actor: Actor): string => (actor.kind === 'user' ? `user:${actor.userId}` : actor.kind === 'system' ? `system:${actor.label}` : 'anonymous');

export const actorUserId = (actor: Actor): number | null => (actor.kind === 'user' ? actor.userId : null);

/** The actor as the domain sees it: jurisdiction over the unit tree, applicant or system, an optional delegation. */
export function actorContextFor(actor: Actor, units: UnitSnapshot, opts: { isApplicant?: boolean; delegation?: Delegation | null } = {}): ActorContext {
  const memberships = actor.kind === 'user' && actor.userKind === 'staff' ? actor.memberships : [];
  return {
    userId: actorUserId(actor),
    isApplicant: opts.isApplicant === true,
    isSystem: actor.kind === 'system',
    hasRole: (role: Role, unitId: number) => hasRoleOver(memberships, [role], unitId, units.parentOf),
    unitsWithRole: (role: Role) => [...new Set(memberships.filter((m) => m.role === role).map((m) => m.unitId))],
    delegation: opts.delegation ?? null,
  };
}

export interface LoadedDossier {
  row: DossierRow;
  actions: DossierAction[];
  data: PinnedData | null;
  pinned: PinnedProcedure;
  state: DossierState;
  units: UnitSnapshot;
  calendars: Calendars;
}

/** Units named by the actions themselves (consulted units, late units, acting units). */
function unitsOfActions(actions: readonly DossierAction[]): number[] {
  const out: number[] = [];
  for (const a of actions) {
    if (a.unitId !== null) out.push(a.unitId);
    const p = a.payload as unknown as Record<string, unknown>;
    for (const k of ['toUnitId', 'lateUnitId', 'competentUnitId'])
      if (typeof p?.[k] === 'number') out.push(p[k] as number);
  }
  return out;
}

/** Derives a dossier from rows already read (a batch of the rebuild, or a single load). */
export async function deriveLoaded(
  ctx: AppContext,
  row: DossierRow,
  actions: DossierAction[],
  now: Date,
  units: UnitSnapshot,
  extraUnits: readonly (number | null | undefined)[] = [],
  calendars?: Calendars,
): Promise<LoadedDossier> {
  const data = (row.pinned as unknown as PinnedData | null) ?? null;
  const cals =
    calendars ??
    (await resolveCalendars(ctx, units, [...unitsOfPinned(data), ...unitsOfActions(actions), row.receiving_unit_id, row.competent_unit_id, ...extraUnits]));
  const pinned = data ? hydratePinned(data, units, cals) : draftPinned(cals);
  return { row, actions, data, pinned, state: deriveDossier(actions, pinned, now), units, calendars: cals };
}

/** Reads a dossier and derives it at `now`. `extraUnits`: units whose calendars a new action will need. */
export async function loadDossier(ctx: AppContext, id: number, now: Date, extraUnits: readonly (number | null | undefined)[] = []): Promise<LoadedDossier> {
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound(DOSSIER);
  // Three independent reads: concurrent on a server, one after the other on the embedded database.
  const [row, actionRows, units] = await Promise.all([getDossierRow(ctx.db, id), listActions(ctx.db, id), unitSnapshot(ctx)]);
  if (!row) throw notFound(DOSSIER);
  return deriveLoaded(ctx, row, actionRows.map(actionFromRow), now, units, extraUnits);
}

/**
 * How `actor` may read the dossier: 'applicant' (their own account submitted it or is named as its applicant),
 * 'staff' (a membership, in any role, on a unit the dossier involves or above it), or null.
 */
export function accessOf(actor: Actor, l: Pick<LoadedDossier, 'row' | 'state' | 'units' | 'data'>): 'staff' | 'applicant' | null {
  if (actor.kind === 'system') return 'staff';
  if (actor.kind !== 'user') return null;
  if (l.row.applicant_user_id !== null && l.row.applicant_user_id === actor.userId) return 'applicant';
  if (actor.userKind !== 'staff' || l.row.version === 0) return null;
  const units = new Set([...involvedUnitsOf(l.state), ...(l.row.receiving_unit_id ? [l.row.receiving_unit_id] : []), ...(l.row.competent_unit_id ? [l.row.competent_unit_id] : [])]);
  for (const u of units) if (hasRoleOver(actor.memberships, ROLES, u, l.units.parentOf)) return 'staff';
  return null;
}

/** Throws unless the actor may read the dossier: staff outside their jurisdiction get 403, anyone else 404. */
export function requireAccess(actor: Actor, l: Pick<LoadedDossier, 'row' | 'state' | 'units' | 'data'>): 'staff' | 'applicant' {
  if (actor.kind !== 'system') requireUser(actor);
  const access = accessOf(actor, l);
  if (access) return access;
  if (actor.kind === 'user' && actor.userKind === 'staff' && l.row.version > 0)
    throw forbidden({ vi: 'Hồ sơ này nằm ngoài phạm vi (thẩm quyền) của bạn', en: 'This dossier is outside your jurisdiction' });
  throw notFound(DOSSIER);
}

export function extrasOf(row: Pick<DossierRow, 'applicant' | 'applicant_user_id'>, procedure: { code: string; name: string }): ProjectionExtras {
  return {
    procedureCode: procedure.code,
    procedureName: procedure.name,
    applicantName: applicantName(row.applicant as unknown as Applicant),
    applicantUserId: row.applicant_user_id,
  };
}

/** The procedure a row belongs to: its pinned data, or (a draft) its procedure version. */
export async function procedureOfRow(db: Db, row: DossierRow): Promise<{ code: string; name: string; versionId: number; processVersionId: number | null }> {
  const data = row.pinned as unknown as PinnedData | null;
  if (data) return { code: data.procedureCode, name: data.procedureName, versionId: data.procedureVersionId, processVersionId: data.processVersionId };
  const v = await db.selectFrom('procedure_versions').select(['code', 'name']).where('id', '=', row.procedure_version_id).executeTakeFirstOrThrow();
  return { code: v.code, name: v.name, versionId: row.procedure_version_id, processVersionId: row.process_version_id };
}

/** Names of people by id. */
export async function peopleById(db: Db, ids: Iterable<number | null | undefined>): Promise<Record<number, PersonRef>> {
  const list = [...new Set([...ids].filter((x): x is number => typeof x === 'number'))];
  if (list.length === 0) return {};
  const rows = await db.selectFrom('users').select(['id', 'username', 'full_name']).where('id', 'in', list).execute();
  return Object.fromEntries(rows.map((r) => [r.id, { id: r.id, username: r.username, fullName: r.full_name }]));
}

export function unitsById(units: UnitSnapshot, ids: Iterable<number | null | undefined>): Record<number, UnitRef> {
  const out: Record<number, UnitRef> = {};
  for (const id of ids) {
    if (typeof id !== 'number') continue;
    const u = units.byId.get(id);
    if (u) out[id] = unitRef(u);
  }
  return out;
}

export async function buildView(ctx: AppContext, l: LoadedDossier, access: 'staff' | 'applicant'): Promise<DossierView> {
  const s = l.state;
  const procedure = await procedureOfRow(ctx.db, l.row);
  const unitIds = [
    ...involvedUnitsOf(s),
    l.row.receiving_unit_id,
    l.row.competent_unit_id,
    ...l.actions.map((a) => a.unitId),
    ...(l.data ? [...l.data.steps.map((x) => x.unitId), ...(l.data.interAgency ?? []).map((p) => p.unitId), ...l.data.competentUnitIds, ...l.data.designatedReceiverIds] : []),
    ...(s.apology ? [s.apology.lateUnitId] : []),
  ];
  const personIds = [
    s.assigneeId,
    l.row.applicant_user_id,
    ...s.timeline.flatMap((t) => [t.actorId, t.delegation?.fromUserId ?? null]),
    ...s.steps.flatMap((r) => [r.givenBy, r.receivedBy, r.handedOverBy]),
    ...l.actions.flatMap((a) => {
      const p = a.payload as unknown as Record<string, unknown>;
      return typeof p?.assigneeId === 'number' ? [p.assigneeId] : [];
    }),
  ];
  return {
    id: l.row.id,
    code: l.row.code,
    version: l.row.version,
    channel: l.row.channel,
    procedure,
    applicant: l.row.applicant as unknown as Applicant,
    applicantUserId: l.row.applicant_user_id,
    documents: l.row.documents as unknown as DocumentEntry[],
    pinned: l.data,
    state: s,
    units: unitsById(l.units, unitIds),
    people: await peopleById(ctx.db, personIds),
    trackingToken: l.row.tracking_token,
    access,
    createdAt: l.row.created_at,
    updatedAt: l.row.updated_at,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Live figures: a stored projection row's remaining time and flags are as of its as_of; lists recompute them.

export interface LiveFigures {
  remaining: number | null;
  late: boolean;
  dueSoon: boolean;
  lateWithoutApology: boolean;
}

export function liveFigures(r: ProjectionRow, now: Date, calendars: Calendars): LiveFigures {
  const stored = { remaining: r.remaining_working_minutes, late: r.late, dueSoon: r.due_within_one_working_day, lateWithoutApology: r.late_without_apology };
  if (r.phase !== 'processing' || r.clock_status !== 'running' || !r.current_due_at) return stored;
  const cal = r.receiving_unit_id !== null ? calendars.of(r.receiving_unit_id) : calendars.fallback;
  const remaining = Math.round(workingTimeBetween(now, r.current_due_at, cal) * 100) / 100;
  const late = now.getTime() > r.current_due_at.getTime();
  // The pinned rules are the province defaults (the catalogue has no per-procedure warning window).
  const dueSoon = !late && remaining <= DEFAULT_RULES.dueSoonWorkingDays * dailyOfficeMinutes(cal);
  const pastOriginal = r.original_due_at !== null && now.getTime() > r.original_due_at.getTime();
  return { remaining, late, dueSoon, lateWithoutApology: r.late_without_apology || (!r.apologised && pastOriginal) };
}

// ---------------------------------------------------------------------------------------------------------------
// Files named by an action or a checklist

/**
 * Every id must be a stored file that the actor uploaded, or that the dossier already references (a desk official
 * forwarding the citizen's scan, say).
 */
export async function checkFileIds(ctx: AppContext, actor: Actor, ids: readonly string[], dossierId: number | null, path: string): Promise<void> {
  const list = [...new Set(ids)];
  if (list.length === 0) return;
  const rows = await getStoredFiles(ctx.db, list);
  const linked = dossierId === null ? new Set<string>() : await filesLinkedTo(ctx.db, dossierId, list);
  const me = actorUserId(actor);
  const problems: FieldError[] = [];
  for (const id of list) {
    const row = rows.find((r) => r.id === id);
    const mine = row !== undefined && actor.kind !== 'anonymous' && (actor.kind === 'system' || row.owner_user_id === me);
    if (!row || (!mine && !linked.has(id)))
      problems.push({ path, message: { vi: `Không có tệp ${id} (hoặc tệp không thuộc về bạn)`, en: `No such file ${id} (or it is not yours)` } });
  }
  if (problems.length > 0) throw new AppError('invalid', 'validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, problems);
}

// ---------------------------------------------------------------------------------------------------------------
// The append

/**
 * Appends one numbered action inside the caller's transaction: moves the version from `expectedVersion` (or
 * nothing happens and a 409 is thrown), stores the action, links its files and rewrites the projection row. The
 * caller appends the audit entry after it.
 */
export async function appendInTransaction(
  trx: Transaction<Database>,
  args: {
    dossierId: number;
    expectedVersion: number;
    action: DossierAction;
    state: DossierState;
    extras: ProjectionExtras;
    now: Date;
    patch?: DossierPatch;
    fileIds?: readonly string[];
  },
): Promise<void> {
  if (!(await bumpVersion(trx, args.dossierId, args.expectedVersion, args.now, args.patch))) throw staleVersion();
  try {
    await insertAction(trx, actionToRow(args.dossierId, args.action, args.now));
  } catch (e) {
    if (isUniqueViolation(e)) throw staleVersion();
    throw e;
  }
  await linkFiles(trx, args.dossierId, args.fileIds ?? []);
  await upsertProjections(trx, [projectionRow(args.dossierId, args.state, args.extras, args.now)]);
}

/** File ids an action references: attachments and result documents. */
export function fileIdsOfAction(a: { attachments?: readonly string[]; type: string; payload: unknown }): string[] {
  const p = (a.payload ?? {}) as Record<string, unknown>;
  const lists = [a.attachments ?? [], p.resultDocumentIds, p.electronicResultIds];
  return [...new Set(lists.flatMap((l) => (Array.isArray(l) ? l.filter((x): x is string => typeof x === 'string' && x !== '') : [])))];
}

// What every dossier use case shares: loading a dossier with its derived state, who the actor is to the domain,
// who may read a dossier, the view pages get, file-id checks and the append itself.
import type { Kysely, Transaction } from 'kysely';
import type { Calendar } from '../../domain/calendar/index.js';
import { apologyWarningFrom, DEFAULT_RULES, deriveDossier, dueSoonThreshold, isReceptionOverdue, liveFlags, type ActorContext, type Delegation, type DossierAction, type DossierState, type PinnedProcedure } from '../../domain/dossier/index.js';
import { AppError, forbidden, notFound, staleVersion, type FieldError } from '../../domain/errors.js';
import { ROLES, hasRoleOver, type Role } from '../../domain/org.js';
import {
  appendToDossier,
  getDossierWithActions,
  type CacheStamps,
  type DossierPatch,
  type DossierRow,
  type PersonRow,
  type ProjectionRow,
} from '../../store/dossiers.js';
import { filesLinkedTo, getStoredFiles } from '../../store/files.js';
import type { Database } from '../../store/schema.js';
import type { Actor } from '../actor.js';
import { auditLinkFor, type AuditInput } from '../audit.js';
import { requireUser } from '../actor.js';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../tx.js';
import { actionFromRow, actionToRow, involvedUnitsOf, unitIdsInPayload, projectionRow, type LiveFigures, type ProjectionExtras } from './codec.js';
import { draftPinned, hydratePinned, resolveCalendars, unitRef, unitSnapshot, unitsOfPinned, type Calendars, type UnitSnapshot } from './pinning.js';
import type { DossierView, PersonRef, PinnedData, UnitRef } from './types.js';
import { applicantName } from './validation.js';
import { procedureVersionNames } from '../../store/catalogue.js';
import { peopleRows } from '../../store/users.js';
import { fieldOf } from '../../domain/one-of.js';

type Db = Kysely<Database>;


/**
 * Whether the busy statements run as named prepared statements: on PostgreSQL with direct connections (planning them
 * costs more than running them), not on PGlite, and not when MOTCUA_PG_PREPARED=false (behind a transaction-mode
 * pooler such as PgBouncer, where a prepared statement may not exist on the next transaction's connection).
 */
export const usePrepared = (ctx: AppContext): boolean => ctx.engine === 'postgres' && ctx.config.pgPrepared;

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
    out.push(...unitIdsInPayload(a.payload));
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
  const data = row.pinned;
  const cals =
    calendars ??
    (await resolveCalendars(ctx, units, [...unitsOfPinned(data), ...unitsOfActions(actions), row.receiving_unit_id, row.competent_unit_id, ...extraUnits]));
  const pinned = data ? hydratePinned(data, units, cals) : draftPinned(cals);
  return { row, actions, data, pinned, state: deriveDossier(actions, pinned, now), units, calendars: cals };
}

const seenUnits = new WeakMap<AppContext, UnitSnapshot>();

/**
 * The unit snapshot for stamps read together with a dossier: the one this process last used when the stamps still
 * match it (no query), else a fresh one from unitSnapshot.
 */
export async function unitsAsOf(ctx: AppContext, stamps: CacheStamps): Promise<UnitSnapshot> {
  const hit = seenUnits.get(ctx);
  // Same form as unitSnapshot's stamp; were that form to change, this only misses and asks unitSnapshot.
  if (hit && hit.stamp === `${stamps.unitCount}:${stamps.unitsUpdatedAt?.getTime() ?? 0}` && hit.calendarRevision === stamps.calendarRevision) return hit;
  const fresh = await unitSnapshot(ctx);
  seenUnits.set(ctx, fresh);
  return fresh;
}

/**
 * Reads a dossier and derives it at `now`: the row, its actions and the stamps of the unit and calendar caches in
 * one query. `extraUnits`: units whose calendars a new action will need.
 */
export async function loadDossier(ctx: AppContext, id: number, now: Date, extraUnits: readonly (number | null | undefined)[] = []): Promise<LoadedDossier> {
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound(DOSSIER);
  const got = await getDossierWithActions(ctx.db, id, usePrepared(ctx));
  if (!got) throw notFound(DOSSIER);
  const units = await unitsAsOf(ctx, got.stamps);
  return deriveLoaded(ctx, got.row, got.actions.map(actionFromRow), now, units, extraUnits);
}

/**
 * The same by dossier code (as stored: normalised), or undefined when there is none: the row, actions and cache
 * stamps in one query, for readers that find dossiers by code (public tracking).
 */
export async function loadDossierByCode(ctx: AppContext, code: string, now: Date, accept: (row: DossierRow) => boolean = () => true): Promise<LoadedDossier | undefined> {
  const got = await getDossierWithActions(ctx.db, { code }, usePrepared(ctx));
  if (!got || !accept(got.row)) return undefined;
  const units = await unitsAsOf(ctx, got.stamps);
  return deriveLoaded(ctx, got.row, got.actions.map(actionFromRow), now, units);
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
    applicantName: applicantName(row.applicant),
    applicantUserId: row.applicant_user_id,
  };
}

/** The procedure a row belongs to: its pinned data, or (a draft) its procedure version. */
export async function procedureOfRow(db: Db, row: DossierRow): Promise<{ code: string; name: string; versionId: number; processVersionId: number | null }> {
  const data = row.pinned;
  if (data) return { code: data.procedureCode, name: data.procedureName, versionId: data.procedureVersionId, processVersionId: data.processVersionId };
  const v = (await procedureVersionNames(db, [row.procedure_version_id]))[0];
  if (!v) throw new Error(`dossiers.procedure_version_id of dossier ${row.id} names no procedure version`);
  return { code: v.code, name: v.name, versionId: row.procedure_version_id, processVersionId: row.process_version_id };
}

export const personMap = (rows: readonly PersonRow[]): Record<number, PersonRef> => Object.fromEntries(rows.map((r) => [r.id, { id: r.id, username: r.username, fullName: r.full_name }]));

/** Names of people by id. */
export async function peopleById(db: Db, ids: Iterable<number | null | undefined>): Promise<Record<number, PersonRef>> {
  const list = [...new Set([...ids].filter((x): x is number => typeof x === 'number'))];
  if (list.length === 0) return {};
  return personMap(await peopleRows(db, list));
}

/** The people a dossier's view names: assignee, applicant account, actors, delegators, step holders. */
export function personIdsOf(l: { row: Pick<DossierRow, 'applicant_user_id'>; state: DossierState; actions: readonly DossierAction[] }): number[] {
  const s = l.state;
  const ids = [
    s.assigneeId,
    l.row.applicant_user_id,
    ...s.timeline.flatMap((t) => [t.actorId, t.delegation?.fromUserId ?? null]),
    ...s.steps.flatMap((r) => [r.givenBy, r.receivedBy, r.handedOverBy]),
    ...l.actions.map((a) => fieldOf(a.payload, 'assigneeId')),
  ];
  return [...new Set(ids.filter((x): x is number => typeof x === 'number'))];
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

/** The view of a loaded dossier. `people`: the names personIdsOf asks for, when the caller read them already. */
export async function buildView(ctx: AppContext, l: LoadedDossier, access: 'staff' | 'applicant', people?: Record<number, PersonRef>): Promise<DossierView> {
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
  return {
    id: l.row.id,
    code: l.row.code,
    version: l.row.version,
    channel: l.row.channel,
    procedure,
    applicant: l.row.applicant,
    applicantUserId: l.row.applicant_user_id,
    competentUnitId: s.competentUnitId ?? l.row.competent_unit_id,
    documents: l.row.documents,
    pinned: l.data,
    state: s,
    units: unitsById(l.units, unitIds),
    people: people ?? (await peopleById(ctx.db, personIdsOf(l))),
    trackingToken: l.row.tracking_token,
    access,
    createdAt: l.row.created_at,
    updatedAt: l.row.updated_at,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Live figures: a stored projection row's remaining time and flags are as of its as_of; lists recompute them.

export type { LiveFigures } from './codec.js';

/**
 * Rows written before migration 0011 carry no thresholds. Every dossier pinned before then was pinned with the
 * default rules (the only rules there were), so those are the rules such a row was derived under; `motcua dossiers
 * rebuild` writes the thresholds into every row. Rows written since always carry them while the clock runs.
 */
function thresholdsOfLegacyRow(due: Date, cal: Calendar): { dueSoonFrom: Date; apologyWarningFrom: Date } {
  const pinnedBefore0011 = DEFAULT_RULES;
  return {
    dueSoonFrom: dueSoonThreshold(due, pinnedBefore0011, cal),
    apologyWarningFrom: apologyWarningFrom(due, pinnedBefore0011, cal),
  };
}

/**
 * A row's remaining time and flags at `now`. "Due soon" and "an apology will be due" hold from the instants the row
 * stores (due_soon_from, apology_warning_from), computed when it was written from the dossier's pinned rules and
 * calendars: no rule is read here.
 */
export function liveFigures(r: ProjectionRow, now: Date, calendars: Calendars): LiveFigures {
  const stored: LiveFigures = {
    remaining: r.remaining_working_minutes,
    late: r.late,
    dueSoon: r.due_within_one_working_day,
    lateWithoutApology: r.late_without_apology,
    lateApologisedLate: r.late_apologised_late,
    apologyDueSoon: false,
  };
  if (r.status === 'submitted' && r.submitted_at !== null && r.current_unit_id !== null)
    return { ...stored, receptionOverdue: isReceptionOverdue(r.submitted_at, now, calendars.of(r.current_unit_id)) };
  if (r.phase !== 'processing' || r.clock_status !== 'running' || !r.current_due_at || !r.original_due_at) return stored;
  const cal = r.receiving_unit_id !== null ? calendars.of(r.receiving_unit_id) : calendars.fallback;
  // Both thresholds are written together (warningThresholds), so a row has both or neither.
  const thresholds =
    r.due_soon_from !== null && r.apology_warning_from !== null
      ? { dueSoonFrom: r.due_soon_from, apologyWarningFrom: r.apology_warning_from }
      : thresholdsOfLegacyRow(r.current_due_at, cal);
  const live = liveFlags({ originalDueAt: r.original_due_at, currentDueAt: r.current_due_at, ...thresholds, apologised: r.apologised }, now, cal);
  return {
    remaining: Math.round(live.remaining * 100) / 100,
    late: live.late,
    dueSoon: live.dueSoon,
    lateWithoutApology: r.late_without_apology || (!r.apologised && live.late),
    lateApologisedLate: r.late_apologised_late || (r.apology_late && live.late),
    apologyDueSoon: live.apologyDueSoon,
  };
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
 * Appends one numbered action inside the caller's transaction (or, given the database itself, as a statement that
 * commits alone), in one statement: moves the version from
 * `expectedVersion` (or nothing is written and a 409 is thrown), stores the action, links its files, rewrites the
 * projection row and, given `audit`, queues the audit entry, which the database links into the chain when the
 * transaction commits (no lock on the chain head before then). `peopleIds`: names read in the same statement, for
 * the view.
 */
export async function appendInTransaction(
  trx: Transaction<Database> | Kysely<Database>,
  args: {
    dossierId: number;
    expectedVersion: number;
    action: DossierAction;
    state: DossierState;
    /** What the state was derived under: its rules and calendars give the projection's warning thresholds. */
    pinned: PinnedProcedure;
    extras: ProjectionExtras;
    now: Date;
    patch?: DossierPatch;
    fileIds?: readonly string[];
    audit?: { actor: Actor; entry: AuditInput };
    peopleIds?: readonly number[];
    /** As a prepared statement (PostgreSQL). */
    prepared?: boolean;
  },
): Promise<{ people: Record<number, PersonRef> }> {
  try {
    const r = await appendToDossier(trx, args.dossierId, args.expectedVersion, args.now, args.patch ?? {}, {
      action: actionToRow(args.dossierId, args.action, args.now),
      projection: projectionRow(args.dossierId, args.state, args.pinned, args.extras, args.now),
      fileIds: args.fileIds ?? [],
      audit: args.audit ? auditLinkFor(args.audit.actor, args.now, args.audit.entry) : null,
      peopleIds: args.peopleIds,
    }, args.prepared ?? false);
    if (!r.appended) throw staleVersion();
    return { people: personMap(r.people) };
  } catch (e) {
    if (isUniqueViolation(e, 'dossier_actions_pkey')) throw staleVersion();
    throw e;
  }
}

/** File ids an action references: attachments and result documents. */
export function fileIdsOfAction(a: { attachments?: readonly string[]; type: string; payload: unknown }): string[] {
  const lists = [a.attachments ?? [], fieldOf(a.payload, 'resultDocumentIds'), fieldOf(a.payload, 'electronicResultIds')];
  return [...new Set(lists.flatMap((l) => (Array.isArray(l) ? l.filter((x): x is string => typeof x === 'string' && x !== '') : [])))];
}

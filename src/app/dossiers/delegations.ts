// Delegation of signature (ủy quyền): a leader lets another official of the unit sign (or approve and sign) in the
// leader's name, for chosen procedures (or all), for a period. The domain takes the delegation the actor may use;
// this file stores them and finds the one in force.
import type { Delegation, DelegationScope, DossierState } from '../../domain/dossier/index.js';
import { DELEGATION_SCOPES } from '../../domain/dossier/index.js';
import { forbidden, invalid, notFound, type FieldError } from '../../domain/errors.js';
import { hasRoleOver, type Role } from '../../domain/org.js';
import { delegationsInForce, getDelegation, insertDelegation, listDelegationRows, revokeDelegationRow, type DelegationRow, delegationDetailRows } from '../../store/dossiers.js';
import { membershipsOf, userKindAndActive, staffOfUnitWithRoles } from '../../store/users.js';
import type { Actor } from '../actor.js';
import { requireStaff } from '../actor.js';
import { appendAudit } from '../audit.js';
import { canActOn, requireRoleOn } from '../authz.js';
import type { AppContext } from '../context.js';
import { inTransaction } from '../tx.js';
import type { UnitSnapshot } from './pinning.js';
import type { PinnedData } from './types.js';
import { procedureNamesByCode } from '../../store/catalogue.js';
import { activeUnitRefs } from '../../store/units.js';
import { isOneOf } from '../../domain/one-of.js';

export interface DelegationInput {
  toUserId: number;
  /** The unit whose leader delegates (the delegator must be its leader). */
  unitId: number;
  scope: DelegationScope;
  /** Procedure codes covered; empty or omitted = every procedure of the unit. */
  procedureCodes?: string[];
  validFrom: Date;
  validTo: Date;
}

export interface DelegationView {
  id: number;
  fromUserId: number;
  toUserId: number;
  unitId: number;
  scope: DelegationScope;
  procedureCodes: string[];
  validFrom: Date;
  validTo: Date;
  revokedAt: Date | null;
  createdAt: Date;
  /** In force at the moment of reading. */
  inForce: boolean;
}

const DELEGATION = { vi: 'ủy quyền', en: 'Delegation' };

/**
 * Who may be given a delegation: an official holding a processing role (specialist or leader) in the delegating
 * unit itself. Administrators and monitors (even of a unit above) and desk officials never sign in a leader's name.
 */
export const DELEGATE_ROLES: readonly Role[] = ['specialist', 'leader'];

const toView = (r: DelegationRow, now: Date): DelegationView => ({
  id: r.id,
  fromUserId: r.from_user_id,
  toUserId: r.to_user_id,
  unitId: r.unit_id,
  scope: r.scope,
  procedureCodes: r.procedure_codes,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  revokedAt: r.revoked_at,
  createdAt: r.created_at,
  inForce: r.revoked_at === null && r.valid_from <= now && r.valid_to > now,
});

const isInstant = (d: unknown): d is Date => d instanceof Date && Number.isFinite(d.getTime());
const isId = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;

/** A leader of the unit delegates signing to an official of that unit. */
export async function createDelegation(ctx: AppContext, actor: Actor, input: DelegationInput): Promise<DelegationView> {
  const me = requireStaff(actor);
  // Authority first (a specialist learns nothing about the unit's people), then every problem of the input at once.
  if (isId(input.unitId)) await requireRoleOn(ctx.db, actor, ['leader'], input.unitId);
  const problems: FieldError[] = [];
  if (!isId(input.unitId)) problems.push({ path: 'unitId', message: { vi: 'Cần chọn đơn vị ủy quyền', en: 'Choose the delegating unit' } });
  if (!isId(input.toUserId)) problems.push({ path: 'toUserId', message: { vi: 'Cần chọn người được ủy quyền', en: 'Choose the delegate' } });
  else if (input.toUserId === me.userId) problems.push({ path: 'toUserId', message: { vi: 'Không tự ủy quyền cho mình', en: 'You cannot delegate to yourself' } });
  else if (isId(input.unitId)) {
    const target = await userKindAndActive(ctx.db, input.toUserId);
    const ms = target ? await membershipsOf(ctx.db, target.id) : [];
    const handlerOfUnit = target?.active && target.kind === 'staff' && ms.some((m) => m.unit_id === input.unitId && DELEGATE_ROLES.includes(m.role));
    if (!handlerOfUnit)
      problems.push({
        path: 'toUserId',
        message: {
          vi: 'Người được ủy quyền phải là cán bộ của đơn vị, giữ vai trò chuyên viên hoặc lãnh đạo tại chính đơn vị đó',
          en: 'The delegate must be an official of the unit, a specialist or leader of that unit itself',
        },
      });
  }
  if (!isOneOf(DELEGATION_SCOPES, input.scope)) problems.push({ path: 'scope', message: { vi: 'Phạm vi ủy quyền không hợp lệ', en: 'Invalid scope' } });
  const codes = [...new Set((input.procedureCodes ?? []).map((c) => String(c).trim()).filter(Boolean))];
  if (codes.some((c) => !/^\d\.\d{6}$/.test(c))) problems.push({ path: 'procedureCodes', message: { vi: 'Mã thủ tục không hợp lệ', en: 'Invalid procedure code' } });
  else if (codes.length) {
    // A mistyped code would give a delegation that never applies: only procedures of the catalogue are accepted.
    const known = new Set((await procedureNamesByCode(ctx.db, codes)).map((r) => r.code));
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length)
      problems.push({ path: 'procedureCodes', message: { vi: `Không có thủ tục mã ${unknown.join(', ')} trong danh mục`, en: `No procedure ${unknown.join(', ')} in the catalogue` } });
  }
  if (!isInstant(input.validFrom)) problems.push({ path: 'validFrom', message: { vi: 'Thời điểm bắt đầu không hợp lệ', en: 'Invalid start' } });
  if (!isInstant(input.validTo) || (isInstant(input.validFrom) && input.validTo <= input.validFrom))
    problems.push({ path: 'validTo', message: { vi: 'Thời điểm kết thúc phải sau thời điểm bắt đầu', en: 'The end must be after the start' } });
  else if (input.validTo <= ctx.clock()) problems.push({ path: 'validTo', message: { vi: 'Thời điểm kết thúc đã qua', en: 'The end is already past' } });
  if (problems.length) throw invalid('validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, problems);
  return inTransaction(ctx, async (trx, now) => {
    const row = await insertDelegation(trx, {
      from_user_id: me.userId,
      to_user_id: input.toUserId,
      unit_id: input.unitId,
      scope: input.scope,
      procedure_codes: codes,
      valid_from: input.validFrom,
      valid_to: input.validTo,
      created_at: now,
    });
    await appendAudit(trx, actor, now, {
      action: 'delegation.create',
      targetType: 'delegation',
      targetId: row.id,
      unitId: input.unitId,
      details: { toUserId: input.toUserId, scope: input.scope, procedureCodes: codes, validFrom: input.validFrom.toISOString(), validTo: input.validTo.toISOString() },
    });
    return toView(row, now);
  });
}

/** The delegator (or an administrator of the unit) ends a delegation early. */
export async function revokeDelegation(ctx: AppContext, actor: Actor, id: number): Promise<DelegationView> {
  const me = requireStaff(actor);
  const row = await getDelegation(ctx.db, id);
  if (!row) throw notFound(DELEGATION);
  if (row.from_user_id !== me.userId && !(await canActOn(ctx.db, actor, ['admin'], row.unit_id))) throw forbidden();
  return inTransaction(ctx, async (trx, now) => {
    const r = await revokeDelegationRow(trx, id, now);
    if (!r) throw invalid('already_revoked', { vi: 'Ủy quyền đã bị thu hồi', en: 'The delegation was already revoked' });
    await appendAudit(trx, actor, now, { action: 'delegation.revoke', targetType: 'delegation', targetId: id, unitId: row.unit_id, details: {} });
    return toView(r, now);
  });
}

/** Delegations the actor gave or received, newest first. */
export async function listDelegations(ctx: AppContext, actor: Actor): Promise<DelegationView[]> {
  const me = requireStaff(actor);
  const now = ctx.clock();
  return (await listDelegationRows(ctx.db, me.userId)).map((r) => toView(r, now));
}

/**
 * The delegation the actor may use on this dossier now: in force, for the procedure, from a unit that holds or
 * decides the dossier, whose delegator still leads it. `approve_and_sign` is preferred over `sign`.
 */
export async function delegationFor(ctx: AppContext, actor: Actor, state: DossierState, data: PinnedData | null, units: UnitSnapshot, now: Date): Promise<Delegation | null> {
  if (actor.kind !== 'user' || actor.userKind !== 'staff' || !data) return null;
  const rows = await delegationsInForce(ctx.db, actor.userId, now);
  const candidates = rows.filter(
    (r) =>
      (r.procedure_codes.length === 0 || r.procedure_codes.includes(data.procedureCode)) &&
      (r.unit_id === state.currentUnitId || r.unit_id === state.competentUnitId) &&
      actor.memberships.some((m) => m.unitId === r.unit_id && DELEGATE_ROLES.includes(m.role)),
  );
  candidates.sort((a, b) => (a.scope === b.scope ? 0 : a.scope === 'approve_and_sign' ? -1 : 1));
  for (const r of candidates) {
    const ms = await membershipsOf(ctx.db, r.from_user_id);
    if (hasRoleOver(ms.map((m) => ({ unitId: m.unit_id, role: m.role })), ['leader'], r.unit_id, units.parentOf)) return { fromUserId: r.from_user_id, scope: r.scope };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading for the pages and the API: who, which unit and which procedures, by name.

export type DelegationState = 'in_force' | 'upcoming' | 'expired' | 'revoked';

export interface DelegationPerson {
  id: number;
  username: string;
  fullName: string;
}

export interface DelegationDetail extends DelegationView {
  /** revoked wins; otherwise where the reading instant falls in [validFrom, validTo). */
  state: DelegationState;
  from: DelegationPerson;
  to: DelegationPerson;
  unit: { id: number; code: string; name: string; shortName: string | null };
  /** The codes with their catalogue names (null for a code no longer in the catalogue); empty = every procedure. */
  procedures: { code: string; name: string | null }[];
}

export interface DelegationCandidate extends DelegationPerson {
  /** The candidate's roles in the unit itself. */
  roles: Role[];
}

export interface DelegatingUnit {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
  candidates: DelegationCandidate[];
}

const stateOf = (v: DelegationView, now: Date): DelegationState =>
  v.revokedAt !== null ? 'revoked' : now < v.validFrom ? 'upcoming' : now >= v.validTo ? 'expired' : 'in_force';

async function detailsWhere(ctx: AppContext, filter: { userId: number } | { id: number }, now: Date): Promise<DelegationDetail[]> {
  const rows = await delegationDetailRows(ctx.db, filter);
  const codes = [...new Set(rows.flatMap((r) => r.procedure_codes))];
  const names = new Map((await procedureNamesByCode(ctx.db, codes)).map((p) => [p.code, p.name] as const));
  return rows.map((r) => {
    const v = toView(r, now);
    return {
      ...v,
      state: stateOf(v, now),
      from: { id: r.from_user_id, username: r.from_username, fullName: r.from_name },
      to: { id: r.to_user_id, username: r.to_username, fullName: r.to_name },
      unit: { id: r.unit_id, code: r.unit_code, name: r.unit_name, shortName: r.unit_short_name },
      procedures: r.procedure_codes.map((code) => ({ code, name: names.get(code) ?? null })),
    };
  });
}

/** listDelegations with the people, the unit and the procedures named, and the state of each at this moment. */
export async function listDelegationDetails(ctx: AppContext, actor: Actor): Promise<DelegationDetail[]> {
  const me = requireStaff(actor);
  return detailsWhere(ctx, { userId: me.userId }, ctx.clock());
}

/** One delegation the actor gave or received (an administrator of its unit may read it too). */
export async function getDelegationDetail(ctx: AppContext, actor: Actor, id: number): Promise<DelegationDetail> {
  const me = requireStaff(actor);
  const [d] = Number.isSafeInteger(id) && id > 0 ? await detailsWhere(ctx, { id }, ctx.clock()) : [];
  if (!d) throw notFound(DELEGATION);
  if (d.fromUserId !== me.userId && d.toUserId !== me.userId && !(await canActOn(ctx.db, actor, ['admin'], d.unitId))) throw notFound(DELEGATION);
  return d;
}

/**
 * The active officials a leader may delegate to for a unit: every active staff account with a processing role
 * (DELEGATE_ROLES) in the unit itself, the leader excepted: exactly what createDelegation accepts.
 */
export async function delegationCandidates(ctx: AppContext, actor: Actor, unitId: number): Promise<DelegationCandidate[]> {
  const me = requireStaff(actor);
  if (!isId(unitId)) throw invalid('validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, [{ path: 'unitId', message: { vi: 'Mã đơn vị không hợp lệ', en: 'Invalid unit id' } }]);
  await requireRoleOn(ctx.db, actor, ['leader'], unitId);
  const rows = await staffOfUnitWithRoles(ctx.db, unitId, DELEGATE_ROLES, me.userId);
  const byId = new Map<number, DelegationCandidate>();
  for (const r of rows) {
    const c = byId.get(r.id) ?? { id: r.id, username: r.username, fullName: r.full_name, roles: [] };
    if (!c.roles.includes(r.role)) c.roles.push(r.role);
    byId.set(r.id, c);
  }
  return [...byId.values()];
}

/** The units the actor leads directly, each with its candidates: what the create form offers. */
export async function delegatingUnits(ctx: AppContext, actor: Actor): Promise<DelegatingUnit[]> {
  const me = requireStaff(actor);
  const ids = [...new Set(me.memberships.filter((m) => m.role === 'leader').map((m) => m.unitId))];
  if (!ids.length) return [];
  const units = await activeUnitRefs(ctx.db, ids, 'name');
  const out: DelegatingUnit[] = [];
  for (const u of units) out.push({ id: u.id, code: u.code, name: u.name, shortName: u.short_name, candidates: await delegationCandidates(ctx, actor, u.id) });
  return out;
}

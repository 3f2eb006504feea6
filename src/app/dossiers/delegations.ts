// Delegation of signature (ủy quyền): a leader lets another official of the unit sign (or approve and sign) in the
// leader's name, for chosen procedures (or all), for a period. The domain takes the delegation the actor may use;
// this file stores them and finds the one in force.
import type { Delegation, DelegationScope, DossierState } from '../../domain/dossier/index.js';
import { DELEGATION_SCOPES } from '../../domain/dossier/index.js';
import { forbidden, invalid, notFound, type FieldError } from '../../domain/errors.js';
import { hasRoleOver, ROLES } from '../../domain/org.js';
import { delegationsInForce, getDelegation, insertDelegation, listDelegationRows, revokeDelegationRow, type DelegationRow } from '../../store/dossiers.js';
import { membershipsOf } from '../../store/users.js';
import type { Actor } from '../actor.js';
import { requireStaff } from '../actor.js';
import { appendAudit } from '../audit.js';
import { canActOn, requireRoleOn } from '../authz.js';
import type { AppContext } from '../context.js';
import { inTransaction } from '../tx.js';
import type { UnitSnapshot } from './pinning.js';
import type { PinnedData } from './types.js';

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

/** A leader of the unit delegates signing to an official of that unit. */
export async function createDelegation(ctx: AppContext, actor: Actor, input: DelegationInput): Promise<DelegationView> {
  const me = requireStaff(actor);
  const problems: FieldError[] = [];
  if (!(DELEGATION_SCOPES as readonly string[]).includes(input.scope)) problems.push({ path: 'scope', message: { vi: 'Phạm vi ủy quyền không hợp lệ', en: 'Invalid scope' } });
  if (!isInstant(input.validFrom)) problems.push({ path: 'validFrom', message: { vi: 'Thời điểm bắt đầu không hợp lệ', en: 'Invalid start' } });
  if (!isInstant(input.validTo) || (isInstant(input.validFrom) && input.validTo <= input.validFrom))
    problems.push({ path: 'validTo', message: { vi: 'Thời điểm kết thúc phải sau thời điểm bắt đầu', en: 'The end must be after the start' } });
  const codes = [...new Set((input.procedureCodes ?? []).map((c) => String(c).trim()).filter(Boolean))];
  if (codes.some((c) => !/^[12]\.\d{6}$/.test(c))) problems.push({ path: 'procedureCodes', message: { vi: 'Mã thủ tục không hợp lệ', en: 'Invalid procedure code' } });
  if (input.toUserId === me.userId) problems.push({ path: 'toUserId', message: { vi: 'Không tự ủy quyền cho mình', en: 'You cannot delegate to yourself' } });
  if (problems.length) throw invalid('validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, problems);
  await requireRoleOn(ctx.db, actor, ['leader'], input.unitId);
  const target = await ctx.db.selectFrom('users').select(['id', 'kind', 'active']).where('id', '=', input.toUserId).executeTakeFirst();
  const ms = target ? await membershipsOf(ctx.db, target.id) : [];
  const staffOfUnit =
    target?.active && target.kind === 'staff' && (await canActOn(ctx.db, { ...me, userId: target.id, memberships: ms.map((m) => ({ unitId: m.unit_id, role: m.role })) }, ROLES, input.unitId));
  if (!staffOfUnit)
    throw invalid('validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, [
      { path: 'toUserId', message: { vi: 'Người được ủy quyền phải là cán bộ của đơn vị', en: 'The delegate must be an official of the unit' } },
    ]);
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
      hasRoleOver(actor.memberships, ROLES, r.unit_id, units.parentOf),
  );
  candidates.sort((a, b) => (a.scope === b.scope ? 0 : a.scope === 'approve_and_sign' ? -1 : 1));
  for (const r of candidates) {
    const ms = await membershipsOf(ctx.db, r.from_user_id);
    if (hasRoleOver(ms.map((m) => ({ unitId: m.unit_id, role: m.role })), ['leader'], r.unit_id, units.parentOf)) return { fromUserId: r.from_user_id, scope: r.scope };
  }
  return null;
}

// Jurisdiction checks: every use case that touches a unit's data asks here.
import type { Kysely } from 'kysely';
import { forbidden } from '../domain/errors.js';
import { ancestorsOf, type Role } from '../domain/org.js';
import type { Database } from '../store/schema.js';
import { ancestorIds, descendantIds, parentMap, rootUnitIds } from '../store/units.js';
import type { Actor, UserActor } from './actor.js';
import { requireStaff } from './actor.js';

export async function canActOn(db: Kysely<Database>, actor: Actor, roles: readonly Role[], unitId: number): Promise<boolean> {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user' || actor.userKind !== 'staff') return false;
  const relevant = actor.memberships.filter((m) => roles.includes(m.role));
  if (relevant.length === 0) return false;
  const chain = new Set(await ancestorIds(db, unitId));
  return relevant.some((m) => chain.has(m.unitId));
}

export async function requireRoleOn(db: Kysely<Database>, actor: Actor, roles: readonly Role[], unitId: number): Promise<void> {
  if (actor.kind !== 'system') requireStaff(actor);
  if (!(await canActOn(db, actor, roles, unitId)))
    throw forbidden({
      vi: 'Đơn vị này nằm ngoài phạm vi (thẩm quyền) của bạn',
      en: 'This unit is outside your jurisdiction',
    });
}

/** Every unit the actor may act for in one of `roles` (their units and everything below them). */
export async function jurisdiction(db: Kysely<Database>, actor: UserActor, roles: readonly Role[]): Promise<number[]> {
  const roots = [...new Set(actor.memberships.filter((m) => roles.includes(m.role)).map((m) => m.unitId))];
  return descendantIds(db, roots);
}

/** Same check over an already-loaded parent map, for pages that test many units at once. */
export async function jurisdictionChecker(db: Kysely<Database>, actor: Actor, roles: readonly Role[]) {
  const parents = await parentMap(db);
  return (unitId: number) => {
    if (actor.kind === 'system') return true;
    if (actor.kind !== 'user') return false;
    const chain = new Set(ancestorsOf(unitId, parents));
    return actor.memberships.some((m) => roles.includes(m.role) && chain.has(m.unitId));
  };
}

/**
 * Province-wide in one of `roles`: the system, or a membership in one of them on a root unit (the province). Such an
 * administrator manages applicant accounts and staff accounts left without a unit, and reads the whole audit log.
 */
export async function isProvinceWide(db: Kysely<Database>, actor: Actor, roles: readonly Role[]): Promise<boolean> {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user' || actor.userKind !== 'staff') return false;
  const ids = [...new Set(actor.memberships.filter((m) => roles.includes(m.role)).map((m) => m.unitId))];
  if (ids.length === 0) return false;
  return (await rootUnitIds(db, ids)).length > 0;
}

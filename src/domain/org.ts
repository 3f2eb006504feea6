// Pure rules about the organisation tree and roles.
import type { Bilingual } from './errors.js';

export const UNIT_KINDS = [
  'province',
  'peoples_committee',
  'provincial_office',
  'department',
  'service_centre',
  'commune',
  'ward',
  'special_zone',
  'division',
  'other',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<UnitKind, Bilingual> = {
  province: { vi: 'Tỉnh / Thành phố', en: 'Province / City' },
  peoples_committee: { vi: 'Ủy ban nhân dân', en: "People's Committee" },
  provincial_office: { vi: 'Văn phòng UBND', en: "Office of the People's Committee" },
  department: { vi: 'Sở, ban, ngành', en: 'Department' },
  service_centre: { vi: 'Trung tâm Phục vụ hành chính công', en: 'Public Administration Service Centre' },
  commune: { vi: 'Xã', en: 'Commune' },
  ward: { vi: 'Phường', en: 'Ward' },
  special_zone: { vi: 'Đặc khu', en: 'Special zone' },
  division: { vi: 'Phòng, bộ phận', en: 'Division' },
  other: { vi: 'Đơn vị khác', en: 'Other unit' },
};

export const ROLES = ['desk', 'specialist', 'leader', 'monitor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, Bilingual> = {
  desk: { vi: 'Cán bộ tiếp nhận (Một cửa)', en: 'Desk official' },
  specialist: { vi: 'Chuyên viên xử lý', en: 'Specialist' },
  leader: { vi: 'Lãnh đạo đơn vị', en: 'Unit leader' },
  monitor: { vi: 'Theo dõi, đánh giá', en: 'Monitor' },
  admin: { vi: 'Quản trị hệ thống', en: 'System administrator' },
};

export const CITIZEN_LABEL: Bilingual = { vi: 'Công dân / Doanh nghiệp', en: 'Citizen / Business' };

/**
 * Would giving `unitId` the parent `newParentId` close a loop? `parentOf` maps every unit to its parent.
 * Walks up from the new parent; meeting the unit itself means the unit would become its own ancestor.
 */
export function wouldCreateCycle(unitId: number, newParentId: number | null, parentOf: ReadonlyMap<number, number | null>): boolean {
  let cursor = newParentId;
  const seen = new Set<number>();
  while (cursor !== null && cursor !== undefined) {
    if (cursor === unitId) return true;
    if (seen.has(cursor)) return true; // the existing tree is already broken: refuse rather than loop
    seen.add(cursor);
    cursor = parentOf.get(cursor) ?? null;
  }
  return false;
}

/** The unit and all its ancestors, nearest first. */
export function ancestorsOf(unitId: number, parentOf: ReadonlyMap<number, number | null>): number[] {
  const out: number[] = [];
  let cursor: number | null = unitId;
  while (cursor !== null && !out.includes(cursor)) {
    out.push(cursor);
    cursor = parentOf.get(cursor) ?? null;
  }
  return out;
}

export interface MembershipRef {
  unitId: number;
  role: Role;
}

/**
 * Jurisdiction: a membership covers its unit and everything below it. A user may act on `targetUnitId`
 * in one of `roles` when some membership with such a role sits on the unit or one of its ancestors.
 */
export function hasRoleOver(
  memberships: readonly MembershipRef[],
  roles: readonly Role[],
  targetUnitId: number,
  parentOf: ReadonlyMap<number, number | null>,
): boolean {
  const chain = new Set(ancestorsOf(targetUnitId, parentOf));
  return memberships.some((m) => roles.includes(m.role) && chain.has(m.unitId));
}

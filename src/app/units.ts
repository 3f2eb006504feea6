// Organisation units: the province tree that every jurisdiction check rests on.
import { normaliseAgencyCode } from '../domain/agency-code.js';
import { fieldInvalid, forbidden, invalid, notFound, staleVersion, type FieldError } from '../domain/errors.js';
import { wouldCreateCycle, type UnitKind } from '../domain/org.js';
import {
  changeUnitCode,
  countActiveChildren,
  getUnit,
  getUnitByCode,
  getUnitForUpdate,
  insertUnit,
  listUnits,
  parentMap,
  unitCodeHistory,
  updateUnit,
  type UnitRow,
} from '../store/units.js';
import type { Actor } from './actor.js';
import { requireStaff } from './actor.js';
import { appendAudit } from './audit.js';
import { requireRoleOn } from './authz.js';
import type { AppContext } from './context.js';
import { inTransaction, isUniqueViolation } from './tx.js';

export interface UnitInput {
  parentId: number | null;
  kind: UnitKind;
  code: string;
  name: string;
  shortName?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
  validFrom: string;
  validTo?: string | null;
}

export interface UnitView {
  id: number;
  parentId: number | null;
  kind: UnitKind;
  code: string;
  name: string;
  shortName: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  validFrom: string;
  validTo: string | null;
  active: boolean;
  version: number;
}

export const toUnitView = (u: UnitRow): UnitView => ({
  id: u.id,
  parentId: u.parent_id,
  kind: u.kind,
  code: u.code,
  name: u.name,
  shortName: u.short_name,
  address: u.address,
  phone: u.phone,
  email: u.email,
  validFrom: u.valid_from,
  validTo: u.valid_to,
  active: u.active,
  version: u.version,
});

const UNIT = { vi: 'đơn vị', en: 'Unit' };

function checkCode(code: string): string {
  const normal = normaliseAgencyCode(code);
  if (!normal || !/^\d{3}\./.test(code.trim()))
    throw fieldInvalid('code', {
      vi: 'Mã định danh không đúng dạng QCVN 102:2016 (ví dụ 000.00.14.H53)',
      en: 'The agency code is not in QCVN 102:2016 form (e.g. 000.00.14.H53)',
    });
  return normal;
}

function checkDates(from: string, to: string | null | undefined): void {
  if (to && to < from)
    throw fieldInvalid('validTo', { vi: 'Ngày hết hiệu lực phải sau ngày bắt đầu', en: 'The end of validity must not be before its start' });
}

const duplicateCode = (code: string) =>
  invalid('duplicate_code', { vi: `Mã định danh ${code} đã được dùng`, en: `Agency code ${code} is already in use` }, [
    { path: 'code', message: { vi: 'Mã đã tồn tại', en: 'Code already exists' } },
  ]);

export async function listAllUnits(ctx: AppContext, opts: { includeInactive?: boolean } = {}): Promise<UnitView[]> {
  return (await listUnits(ctx.db, opts)).map(toUnitView);
}

export async function getUnitView(ctx: AppContext, id: number): Promise<UnitView & { codes: { code: string; validFrom: string; validTo: string | null }[] }> {
  const u = await getUnit(ctx.db, id);
  if (!u) throw notFound(UNIT);
  const codes = (await unitCodeHistory(ctx.db, id)).map((c) => ({ code: c.code, validFrom: c.valid_from, validTo: c.valid_to }));
  return { ...toUnitView(u), codes };
}

export async function createUnit(ctx: AppContext, actor: Actor, input: UnitInput): Promise<UnitView> {
  const code = checkCode(input.code);
  checkDates(input.validFrom, input.validTo);
  return inTransaction(ctx, async (trx, now) => {
    if (input.parentId !== null) {
      const parent = await getUnit(trx, input.parentId);
      if (!parent) throw fieldInvalid('parentId', { vi: 'Đơn vị cấp trên không tồn tại', en: 'The parent unit does not exist' });
      if (!parent.active) throw fieldInvalid('parentId', { vi: 'Đơn vị cấp trên đã ngừng hoạt động', en: 'The parent unit is inactive' });
      await requireRoleOn(trx, actor, ['admin'], input.parentId);
    } else if (actor.kind !== 'system') {
      // A new root (a second province) is a deployment decision, not an everyday admin action.
      requireStaff(actor);
      throw forbidden({ vi: 'Chỉ có thể tạo đơn vị gốc bằng công cụ dòng lệnh', en: 'A root unit can only be created from the command line' });
    }
    if (await getUnitByCode(trx, code)) throw duplicateCode(code);
    let row: UnitRow;
    try {
      row = await insertUnit(
        trx,
        {
          parent_id: input.parentId,
          kind: input.kind,
          code,
          name: input.name.trim(),
          short_name: input.shortName?.trim() || null,
          address: input.address?.trim() || null,
          phone: input.phone?.trim() || null,
          email: input.email?.trim() || null,
          valid_from: input.validFrom,
          valid_to: input.validTo ?? null,
        },
        now,
      );
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicateCode(code);
      throw e;
    }
    await appendAudit(trx, actor, now, { action: 'unit.create', targetType: 'unit', targetId: row.id, unitId: row.id, details: { code, name: row.name, parentId: row.parent_id } });
    return toUnitView(row);
  });
}

export interface UnitPatch extends Partial<UnitInput> {
  version: number;
  active?: boolean;
  /** When the code changes: the date the new code takes effect (defaults to today). */
  codeValidFrom?: string;
}

export async function updateUnitUseCase(ctx: AppContext, actor: Actor, id: number, patch: UnitPatch): Promise<UnitView> {
  return inTransaction(ctx, async (trx, now) => {
    const current = await getUnitForUpdate(trx, id);
    if (!current) throw notFound(UNIT);
    await requireRoleOn(trx, actor, ['admin'], id);
    if (current.version !== patch.version) throw staleVersion();

    const changes: Record<string, unknown> = {};
    const fields: FieldError[] = [];
    let newCode: string | undefined;
    if (patch.code !== undefined) {
      const code = checkCode(patch.code);
      if (code !== current.code) {
        const other = await getUnitByCode(trx, code);
        if (other) throw duplicateCode(code);
        newCode = code;
      }
    }
    if (patch.parentId !== undefined && patch.parentId !== current.parent_id) {
      if (patch.parentId === null) throw fieldInvalid('parentId', { vi: 'Không thể biến đơn vị thành đơn vị gốc', en: 'A unit cannot be made a root' });
      const parent = await getUnit(trx, patch.parentId);
      if (!parent) throw fieldInvalid('parentId', { vi: 'Đơn vị cấp trên không tồn tại', en: 'The parent unit does not exist' });
      const parents = await parentMap(trx);
      if (wouldCreateCycle(id, patch.parentId, parents))
        throw invalid('unit_cycle', { vi: 'Không thể đặt đơn vị dưới chính nó hoặc đơn vị cấp dưới của nó', en: 'A unit cannot be placed under itself or one of its own sub-units' }, [
          { path: 'parentId', message: { vi: 'Tạo vòng lặp trong cây đơn vị', en: 'This would create a cycle in the unit tree' } },
        ]);
      await requireRoleOn(trx, actor, ['admin'], patch.parentId);
      changes.parent_id = patch.parentId;
    }
    if (patch.active === false && current.active && (await countActiveChildren(trx, id)) > 0)
      throw invalid('unit_has_children', {
        vi: 'Đơn vị còn đơn vị cấp dưới đang hoạt động; hãy chuyển hoặc ngừng các đơn vị đó trước',
        en: 'The unit still has active sub-units; move or deactivate them first',
      });
    const validFrom = patch.validFrom ?? current.valid_from;
    const validTo = patch.validTo !== undefined ? patch.validTo : current.valid_to;
    checkDates(validFrom, validTo);
    if (fields.length) throw invalid('validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, fields);

    if (patch.kind !== undefined) changes.kind = patch.kind;
    if (patch.name !== undefined) changes.name = patch.name.trim();
    if (patch.shortName !== undefined) changes.short_name = patch.shortName?.trim() || null;
    if (patch.address !== undefined) changes.address = patch.address?.trim() || null;
    if (patch.phone !== undefined) changes.phone = patch.phone?.trim() || null;
    if (patch.email !== undefined) changes.email = patch.email?.trim() || null;
    if (patch.validFrom !== undefined) changes.valid_from = patch.validFrom;
    if (patch.validTo !== undefined) changes.valid_to = patch.validTo;
    if (patch.active !== undefined) changes.active = patch.active;
    if (newCode) {
      const from = patch.codeValidFrom ?? now.toISOString().slice(0, 10);
      await changeUnitCode(trx, id, current.code, newCode, from);
      changes.code = newCode;
    }
    const row = await updateUnit(trx, id, changes, now);
    const was = new Map(Object.entries(current));
    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, was.get(k)]));
    await appendAudit(trx, actor, now, {
      action: patch.active === false && current.active ? 'unit.deactivate' : 'unit.update',
      targetType: 'unit',
      targetId: id,
      unitId: id,
      details: { before, after: changes },
    });
    return toUnitView(row);
  });
}

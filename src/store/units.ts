import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, UnitsTable } from './schema.js';

type Db = Kysely<Database>;
export type UnitRow = Selectable<UnitsTable>;

export async function listUnits(db: Db, opts: { includeInactive?: boolean } = {}): Promise<UnitRow[]> {
  let q = db.selectFrom('units').selectAll();
  if (!opts.includeInactive) q = q.where('active', '=', true);
  return q.orderBy('parent_id', (ob) => ob.nullsFirst()).orderBy('code').execute();
}

export async function getUnit(db: Db, id: number): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getUnitForUpdate(db: Db, id: number): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function getUnitByCode(db: Db, code: string): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Which unit held `code` on `date` (codes are reused or changed with mergers). */
export async function unitIdForCodeOn(db: Db, code: string, date: string): Promise<number | undefined> {
  const r = await db
    .selectFrom('unit_codes')
    .select('unit_id')
    .where('code', '=', code)
    .where('valid_from', '<=', date)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', date)]))
    .executeTakeFirst();
  return r?.unit_id;
}

export async function parentMap(db: Db): Promise<Map<number, number | null>> {
  const rows = await db.selectFrom('units').select(['id', 'parent_id']).execute();
  return new Map(rows.map((r) => [r.id, r.parent_id]));
}

/** The unit and its ancestors, nearest first. The depth guard stops a corrupted tree from looping. */
export async function ancestorIds(db: Db, unitId: number): Promise<number[]> {
  const r = await sql<{ id: number }>`
    WITH RECURSIVE up(id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM units WHERE id = ${unitId}
      UNION ALL
      SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 50
    ) SELECT id FROM up ORDER BY depth`.execute(db);
  return r.rows.map((x) => x.id);
}

/** The unit and everything below it. */
export async function descendantIds(db: Db, unitIds: number[]): Promise<number[]> {
  if (unitIds.length === 0) return [];
  const r = await sql<{ id: number }>`
    WITH RECURSIVE down(id, depth) AS (
      SELECT id, 0 FROM units WHERE id IN (${sql.join(unitIds)})
      UNION ALL
      SELECT u.id, down.depth + 1 FROM units u JOIN down ON u.parent_id = down.id WHERE down.depth < 50
    ) SELECT DISTINCT id FROM down`.execute(db);
  return r.rows.map((x) => x.id);
}

export interface NewUnit {
  parent_id: number | null;
  kind: UnitsTable['kind'];
  code: string;
  name: string;
  short_name: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  valid_from: string;
  valid_to: string | null;
}

export async function insertUnit(db: Db, u: NewUnit, now: Date): Promise<UnitRow> {
  const row = await db
    .insertInto('units')
    .values({ ...u, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.insertInto('unit_codes').values({ unit_id: row.id, code: row.code, valid_from: row.valid_from, valid_to: row.valid_to }).execute();
  return row;
}

export async function updateUnit(db: Db, id: number, patch: Partial<NewUnit> & { active?: boolean }, now: Date): Promise<UnitRow> {
  return db
    .updateTable('units')
    .set({ ...patch, updated_at: now, version: sql`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Closes the current code's validity the day before `from` and opens the new one. */
export async function changeUnitCode(db: Db, unitId: number, oldCode: string, newCode: string, from: string): Promise<void> {
  await db
    .updateTable('unit_codes')
    .set({ valid_to: sql`(${from}::date - 1)` })
    .where('unit_id', '=', unitId)
    .where('code', '=', oldCode)
    .where('valid_to', 'is', null)
    .execute();
  await db.insertInto('unit_codes').values({ unit_id: unitId, code: newCode, valid_from: from, valid_to: null }).execute();
}

export async function unitCodeHistory(db: Db, unitId: number) {
  return db.selectFrom('unit_codes').selectAll().where('unit_id', '=', unitId).orderBy('valid_from').execute();
}

export async function countActiveChildren(db: Db, unitId: number): Promise<number> {
  const r = await db
    .selectFrom('units')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('parent_id', '=', unitId)
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  return r.n;
}

export async function countUnits(db: Db): Promise<number> {
  const r = await db.selectFrom('units').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return r.n;
}

/** What a letterhead prints of units, with their parents' ids to walk up the tree. */
export async function unitLetterheads(db: Db, ids: readonly number[]): Promise<Pick<UnitRow, 'id' | 'parent_id' | 'name' | 'address' | 'phone'>[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('units').select(['id', 'parent_id', 'name', 'address', 'phone']).where('id', 'in', [...ids]).execute();
}

export async function unitContacts(db: Db, ids: readonly number[]): Promise<Pick<UnitRow, 'id' | 'email' | 'phone'>[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('units').select(['id', 'email', 'phone']).where('id', 'in', [...ids]).execute();
}

/** The active units among `ids`, ordered by code or by name, as pickers list them. */
export async function activeUnitRefs(db: Db, ids: readonly number[], orderBy: 'code' | 'name'): Promise<Pick<UnitRow, 'id' | 'code' | 'name' | 'short_name'>[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('units').select(['id', 'code', 'name', 'short_name']).where('id', 'in', [...ids]).where('active', '=', true).orderBy(orderBy).execute();
}

export async function unitExists(db: Db, id: number): Promise<boolean> {
  return (await db.selectFrom('units').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Every unit, as the per-process unit snapshot holds them. */
export async function unitTree(db: Db): Promise<Pick<UnitRow, 'id' | 'parent_id' | 'kind' | 'code' | 'name' | 'short_name' | 'active'>[]> {
  return db.selectFrom('units').select(['id', 'parent_id', 'kind', 'code', 'name', 'short_name', 'active']).execute();
}

/** What tells a unit snapshot is stale: the units' count and last change, and the calendar revision, in one query. */
export async function unitTreeStamps(db: Db): Promise<{ count: number; updatedAt: Date | null; calendarRevision: number | null }> {
  const r = await sql<{ n: number; m: Date | null; r: number | null }>`
    SELECT count(*)::int AS n, max(updated_at) AS m, (SELECT revision FROM calendar_revision WHERE id = 1)::int AS r FROM units`.execute(db);
  const row = r.rows[0];
  return { count: row?.n ?? 0, updatedAt: row?.m ?? null, calendarRevision: row?.r ?? null };
}

/** The active provincial offices (the units that control administrative procedures). */
export async function activeProvincialOfficeIds(db: Db): Promise<number[]> {
  return (await db.selectFrom('units').select('id').where('kind', '=', 'provincial_office').where('active', '=', true).execute()).map((r) => r.id);
}

export async function rootUnitIds(db: Db, among?: readonly number[]): Promise<number[]> {
  if (among !== undefined && among.length === 0) return [];
  let q = db.selectFrom('units').select('id').where('parent_id', 'is', null);
  if (among !== undefined) q = q.where('id', 'in', [...among]);
  return (await q.execute()).map((r) => r.id);
}

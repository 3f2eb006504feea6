// Dossier queries: the dossier row, its append-only actions, the projection row inboxes read, the code counters
// and delegations. Appending is optimistic: bumpVersion moves `version` from the value the caller read to the next
// one in one statement, and the action's (dossier_id, seq) key refuses a second writer of the same seq.
import { sql, type Expression, type Insertable, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type {
  Database,
  DelegationsTable,
  DossierActionsTable,
  DossierProjectionTable,
  DossiersTable,
} from './schema.js';

type Db = Kysely<Database>;
export type DossierRow = Selectable<DossiersTable>;
export type DossierActionRow = Selectable<DossierActionsTable>;
export type ProjectionRow = Selectable<DossierProjectionTable>;
export type NewProjectionRow = Insertable<DossierProjectionTable>;
export type DelegationRow = Selectable<DelegationsTable>;
export type NewDossier = Insertable<DossiersTable>;
export type NewDossierAction = Insertable<DossierActionsTable>;

// ---------------------------------------------------------------------------------------------------------------
// Dossier rows

export async function insertDossier(db: Db, row: NewDossier): Promise<DossierRow> {
  return db.insertInto('dossiers').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function getDossierRow(db: Db, id: number): Promise<DossierRow | undefined> {
  return db.selectFrom('dossiers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getDossierRowByCode(db: Db, code: string): Promise<DossierRow | undefined> {
  return db.selectFrom('dossiers').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function getDossierRows(db: Db, ids: readonly number[]): Promise<DossierRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('dossiers').selectAll().where('id', 'in', [...ids]).orderBy('id').execute();
}

export async function findByIdempotencyKey(db: Db, creatorKey: string, key: string): Promise<DossierRow | undefined> {
  return db.selectFrom('dossiers').selectAll().where('creator_key', '=', creatorKey).where('idempotency_key', '=', key).executeTakeFirst();
}

/** Ids after `afterId`, in order, for batched passes over every dossier. */
export async function dossierIdsAfter(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('dossiers').select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

export async function countDossiers(db: Db): Promise<number> {
  const r = await db.selectFrom('dossiers').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return r.n;
}

export type DossierPatch = Partial<
  Pick<
    NewDossier,
    | 'code'
    | 'pinned'
    | 'applicant'
    | 'documents'
    | 'receiving_unit_id'
    | 'competent_unit_id'
    | 'procedure_version_id'
    | 'process_version_id'
    | 'channel'
    | 'idempotency_key'
  >
>;

/**
 * The optimistic step of every append: moves the dossier from `expected` to `expected + 1` actions (with the given
 * column changes) and returns true, or changes nothing and returns false when someone else appended first. On
 * PostgreSQL a concurrent writer blocks on the row until the first commits, then finds the version moved.
 */
export async function bumpVersion(db: Db, id: number, expected: number, now: Date, patch: DossierPatch = {}): Promise<boolean> {
  const r = await db
    .updateTable('dossiers')
    .set({ ...patch, version: expected + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', expected)
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

/** Changes a draft (version 0) in place; false when it is no longer a draft. */
export async function updateDraftRow(db: Db, id: number, patch: DossierPatch, now: Date): Promise<DossierRow | undefined> {
  return db
    .updateTable('dossiers')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', 0)
    .returningAll()
    .executeTakeFirst();
}

/** Deletes a draft (no actions yet) with its links and projection row; false when it is no longer a draft. */
export async function deleteDraftRow(db: Db, id: number): Promise<boolean> {
  const row = await db.selectFrom('dossiers').select('version').where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row || row.version !== 0) return false;
  await db.deleteFrom('dossier_projection').where('dossier_id', '=', id).execute();
  await db.deleteFrom('dossier_files').where('dossier_id', '=', id).execute();
  await db.deleteFrom('dossiers').where('id', '=', id).where('version', '=', 0).execute();
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Actions

export async function insertAction(db: Db, row: NewDossierAction): Promise<void> {
  await db.insertInto('dossier_actions').values(row).execute();
}

export async function listActions(db: Db, dossierId: number): Promise<DossierActionRow[]> {
  return db.selectFrom('dossier_actions').selectAll().where('dossier_id', '=', dossierId).orderBy('seq').execute();
}

/** The actions of several dossiers, grouped by dossier, each list in seq order. */
export async function listActionsOf(db: Db, ids: readonly number[]): Promise<Map<number, DossierActionRow[]>> {
  const out = new Map<number, DossierActionRow[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('dossier_actions').selectAll().where('dossier_id', 'in', [...ids]).orderBy('dossier_id').orderBy('seq').execute();
  for (const r of rows) out.get(r.dossier_id)?.push(r);
  return out;
}

export async function countActions(db: Db, dossierId?: number): Promise<number> {
  let q = db.selectFrom('dossier_actions').select(sql<number>`count(*)::int`.as('n'));
  if (dossierId !== undefined) q = q.where('dossier_id', '=', dossierId);
  return (await q.executeTakeFirstOrThrow()).n;
}

// ---------------------------------------------------------------------------------------------------------------
// Code counters

/**
 * The next value of a counter, created at 1. The row stays locked until the caller's transaction ends: concurrent
 * receptions under the same key queue here, and a rollback returns the number.
 */
export async function nextSequence(db: Db, key: string): Promise<number> {
  const r = await sql<{ last: number }>`
    INSERT INTO dossier_code_counters (sequence_key, last) VALUES (${key}, 1)
    ON CONFLICT (sequence_key) DO UPDATE SET last = dossier_code_counters.last + 1
    RETURNING last`.execute(db);
  return r.rows[0]!.last;
}

// ---------------------------------------------------------------------------------------------------------------
// Projection

const PROJECTION_COLUMNS = [
  'dossier_code',
  'version',
  'status',
  'national_status',
  'phase',
  'channel',
  'receiving_unit_id',
  'competent_unit_id',
  'current_unit_id',
  'current_step_index',
  'assignee_id',
  'waiting_for',
  'clock_status',
  'submitted_at',
  'received_at',
  'original_due_at',
  'current_due_at',
  'finished_at',
  'returned_at',
  'stopped_at',
  'refused_at',
  'result',
  'outcome',
  'outcome_against_original',
  'indicator1',
  'indicator2',
  'remaining_working_minutes',
  'as_of',
  'due_within_one_working_day',
  'late',
  'late_without_apology',
  'apology_allowed',
  'apologised',
  'supplement_request_count',
  'multiple_supplement_requests',
  'late_supplement_request',
  'open_consultations',
  'procedure_code',
  'procedure_name',
  'applicant_name',
  'applicant_user_id',
  'pending_unit_ids',
  'unit_ids',
  'updated_at',
] as const satisfies readonly (keyof DossierProjectionTable)[];

/**
 * Writes projection rows, replacing the existing row of the same dossier unless that row was derived from more
 * actions (a rebuild that read a dossier just before an append must not overwrite the newer row).
 */
export async function upsertProjections(db: Db, rows: readonly NewProjectionRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('dossier_projection')
    .values([...rows])
    .onConflict((oc) =>
      oc
        .column('dossier_id')
        .doUpdateSet((eb) => Object.fromEntries(PROJECTION_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)])) as never)
        .where(sql<SqlBool>`dossier_projection.version <= excluded.version`),
    )
    .execute();
}

export async function getProjectionRows(db: Db, ids: readonly number[]): Promise<ProjectionRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('dossier_projection').selectAll().where('dossier_id', 'in', [...ids]).orderBy('dossier_id').execute();
}

export type InboxFilter = 'todo' | 'due_soon' | 'late' | 'waiting_supplement' | 'consulting' | 'all';

export interface ProjectionQuery {
  /** Dossiers assigned to this user ('mine'). */
  assigneeId?: number;
  /** Dossiers of these units ('unit'). */
  unitIds?: readonly number[];
  filter: InboxFilter;
  /** The read instant, for late / due-soon candidates. */
  now: Date;
  /** Upper bound of due-soon candidates (a superset; the app narrows it on each calendar). */
  dueSoonHorizon: Date;
  /** Code prefix or part of the applicant's or procedure's name. */
  q?: string;
  sort: 'remaining' | 'received';
  limit: number;
  offset: number;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Projection rows for an inbox, with the total count of matches (before limit and offset). */
export async function queryProjection(db: Db, p: ProjectionQuery): Promise<{ rows: ProjectionRow[]; total: number }> {
  const units = p.unitIds ? [...p.unitIds] : null;
  let q = db.selectFrom('dossier_projection as p').selectAll('p').select(sql<number>`count(*) OVER ()`.as('total_count'));
  q = q.where((eb) => {
    const conds: Expression<SqlBool>[] = [];
    if (p.assigneeId !== undefined) conds.push(eb('p.assignee_id', '=', p.assigneeId));
    const inUnits = (col: 'p.current_unit_id' | 'p.receiving_unit_id') =>
      units && units.length > 0 ? eb(col, 'in', units) : units ? sql<SqlBool>`false` : sql<SqlBool>`true`;
    const unitArray = (col: 'p.pending_unit_ids' | 'p.unit_ids') =>
      units && units.length > 0 ? sql<SqlBool>`${sql.ref(col)} && ${sql.val(units)}::bigint[]` : units ? sql<SqlBool>`false` : sql<SqlBool>`true`;
    switch (p.filter) {
      case 'todo':
        conds.push(eb('p.phase', 'in', ['submitted', 'processing', 'finished']), eb('p.waiting_for', 'is', null), inUnits('p.current_unit_id'));
        break;
      case 'due_soon':
        conds.push(
          eb('p.phase', '=', 'processing'),
          eb('p.clock_status', '=', 'running'),
          eb('p.current_due_at', '>=', p.now),
          eb('p.current_due_at', '<=', p.dueSoonHorizon),
          inUnits('p.current_unit_id'),
        );
        break;
      case 'late':
        conds.push(eb('p.phase', '=', 'processing'), eb('p.clock_status', '=', 'running'), eb('p.current_due_at', '<', p.now), inUnits('p.current_unit_id'));
        break;
      case 'waiting_supplement':
        conds.push(
          eb.or([eb('p.waiting_for', '=', 'supplement'), eb('p.phase', '=', 'supplement_before_reception')]),
          eb.or([inUnits('p.current_unit_id'), inUnits('p.receiving_unit_id')]),
        );
        break;
      case 'consulting':
        conds.push(
          eb('p.phase', '=', 'processing'),
          eb.or([unitArray('p.pending_unit_ids'), eb.and([inUnits('p.current_unit_id'), eb('p.open_consultations', '>', 0)])]),
        );
        break;
      case 'all':
        conds.push(eb('p.phase', '<>', 'draft'), unitArray('p.unit_ids'));
        break;
    }
    if (p.q) {
      const like = `%${likeEscape(p.q.toLowerCase())}%`;
      conds.push(
        eb.or([
          eb('p.dossier_code', 'like', `${likeEscape(p.q.toUpperCase())}%`),
          sql<SqlBool>`lower(p.applicant_name) LIKE ${like}`,
          sql<SqlBool>`lower(p.procedure_name) LIKE ${like}`,
        ]),
      );
    }
    return eb.and(conds);
  });
  q =
    p.sort === 'remaining'
      ? q.orderBy(sql`p.current_due_at ASC NULLS LAST`).orderBy('p.dossier_id')
      : q.orderBy(sql`p.received_at DESC NULLS LAST`).orderBy('p.dossier_id', 'desc');
  const rows = await q.limit(p.limit).offset(p.offset).execute();
  const total = rows.length > 0 ? Number(rows[0]!.total_count) : 0;
  return { rows: rows.map(({ total_count: _, ...r }) => r), total };
}

/** Unfinished dossiers whose clock runs and whose current due is before `horizon` (late and due-soon candidates). */
export async function runningDueBefore(db: Db, horizon: Date): Promise<ProjectionRow[]> {
  return db
    .selectFrom('dossier_projection')
    .selectAll()
    .where('phase', '=', 'processing')
    .where('clock_status', '=', 'running')
    .where('current_due_at', '<=', horizon)
    .orderBy('current_due_at')
    .execute();
}

/** The applicant's own dossiers (drafts included), newest first. */
export async function projectionsOfApplicant(db: Db, userId: number, opts: { drafts: boolean; limit: number; offset: number }) {
  let q = db.selectFrom('dossier_projection').selectAll().select(sql<number>`count(*) OVER ()`.as('total_count')).where('applicant_user_id', '=', userId);
  q = opts.drafts ? q.where('phase', '=', 'draft') : q.where('phase', '<>', 'draft');
  const rows = await q.orderBy('updated_at', 'desc').orderBy('dossier_id', 'desc').limit(opts.limit).offset(opts.offset).execute();
  const total = rows.length > 0 ? Number(rows[0]!.total_count) : 0;
  return { rows: rows.map(({ total_count: _, ...r }) => r), total };
}

// ---------------------------------------------------------------------------------------------------------------
// Delegations

export async function insertDelegation(db: Db, row: Insertable<DelegationsTable>): Promise<DelegationRow> {
  return db.insertInto('delegations').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function getDelegation(db: Db, id: number): Promise<DelegationRow | undefined> {
  return db.selectFrom('delegations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function revokeDelegationRow(db: Db, id: number, now: Date): Promise<DelegationRow | undefined> {
  return db.updateTable('delegations').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
}

/** Delegations to `userId` in force at `at`. */
export async function delegationsInForce(db: Db, userId: number, at: Date): Promise<DelegationRow[]> {
  return db
    .selectFrom('delegations')
    .selectAll()
    .where('to_user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', at)
    .where('valid_to', '>', at)
    .orderBy('id')
    .execute();
}

export async function listDelegationRows(db: Db, userId: number): Promise<DelegationRow[]> {
  return db
    .selectFrom('delegations')
    .selectAll()
    .where((eb) => eb.or([eb('from_user_id', '=', userId), eb('to_user_id', '=', userId)]))
    .orderBy('id', 'desc')
    .execute();
}

// Dossier queries: the dossier row, its append-only actions, the projection row inboxes read, the code counters
// and delegations. Appending is optimistic: bumpVersion moves `version` from the value the caller read to the next
// one in one statement, and the action's (dossier_id, seq) key refuses a second writer of the same seq.
import { sql, type CompiledQuery, type Expression, type ExpressionBuilder, type Insertable, type Kysely, type RawBuilder, type Selectable, type SqlBool } from 'kysely';
import { createHash } from 'node:crypto';
import { applicantSchema, documentEntriesSchema, pinnedDataSchema } from '../domain/dossier/stored.js';
import { auditAtCommitCte, type AuditLink } from './audit.js';
import { parseColumn } from './json.js';
import { preparedAs } from './kysely-pool.js';
import { DOSSIER_RULES_KEY } from './settings.js';
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

/**
 * Runs a statement of the busy paths. With `prepared` (PostgreSQL, direct connections: not behind a pooler in
 * transaction mode) as a named statement of the connection, parsed and planned once per connection instead of on
 * every call: planning the append's CTEs costs more than running them. Prepared statements return fixed columns
 * (no `*`), so a migration that adds a column does not break connections opened before it.
 */
async function run<R>(db: Db, q: RawBuilder<R>, prepared: boolean): Promise<R[]> {
  if (!prepared) return (await q.execute(db)).rows;
  return runCompiled(db, q.compile(db), true);
}

async function runCompiled<R>(db: Db, c: CompiledQuery<R>, prepared: boolean): Promise<R[]> {
  if (!prepared) return (await db.executeQuery<R>(c)).rows;
  preparedAs(c.sql, `mc_${createHash('sha1').update(c.sql).digest('hex').slice(0, 20)}`);
  return (await db.executeQuery<R>(c)).rows;
}

const DOSSIER_COLUMNS = [
  'id',
  'code',
  'procedure_version_id',
  'process_version_id',
  'channel',
  'pinned',
  'applicant',
  'applicant_user_id',
  'documents',
  'receiving_unit_id',
  'competent_unit_id',
  'tracking_token',
  'creator_key',
  'created_by_user_id',
  'idempotency_key',
  'idempotency_fingerprint',
  'version',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof DossiersTable)[];
// A column added to the dossiers table must be added above: this fails to compile until it is.
const everyDossierColumn: [Exclude<keyof DossiersTable, (typeof DOSSIER_COLUMNS)[number]>] extends [never] ? true : never = true;
void everyDossierColumn;
const DOSSIER_SELECT = sql.raw(DOSSIER_COLUMNS.map((c) => `d.${c}`).join(', '));

// ---------------------------------------------------------------------------------------------------------------
// Dossier rows

type JsonColumn = 'pinned' | 'applicant' | 'documents';
/** A dossier row as the database returns it, its jsonb columns not yet checked. */
type UncheckedDossierRow = Omit<DossierRow, JsonColumn> & Record<JsonColumn, unknown>;

/** The row with its jsonb columns parsed: once per dossier read, so that nothing above the store casts them. */
function dossierRowFrom(r: UncheckedDossierRow): DossierRow {
  const at = (column: JsonColumn) => `dossiers.${column} of dossier ${r.id}`;
  return {
    ...r,
    pinned: r.pinned === null ? null : parseColumn(pinnedDataSchema, r.pinned, at('pinned')),
    applicant: parseColumn(applicantSchema, r.applicant, at('applicant')),
    documents: parseColumn(documentEntriesSchema, r.documents, at('documents')),
  };
}
const dossierRowOrUndefined = (r: UncheckedDossierRow | undefined) => (r === undefined ? undefined : dossierRowFrom(r));

export async function insertDossier(db: Db, row: NewDossier): Promise<DossierRow> {
  return dossierRowFrom(await db.insertInto('dossiers').values(row).returningAll().executeTakeFirstOrThrow());
}

export async function getDossierRow(db: Db, id: number): Promise<DossierRow | undefined> {
  return dossierRowOrUndefined(await db.selectFrom('dossiers').selectAll().where('id', '=', id).executeTakeFirst());
}

/** Freshness stamps of the per-process caches a dossier's derivation uses (unit tree, calendars). */
export interface CacheStamps {
  unitCount: number;
  unitsUpdatedAt: Date | null;
  calendarRevision: number;
}

const STAMPS = sql`(SELECT count(*) FROM units)::int AS units_n, (SELECT max(updated_at) FROM units) AS units_m,
  (SELECT revision FROM calendar_revision WHERE id = 1)::int AS calendar_revision`;

type StampColumns = { units_n: number; units_m: Date | null; calendar_revision: number | null };
const stampsOf = (r: StampColumns): CacheStamps => ({ unitCount: r.units_n, unitsUpdatedAt: r.units_m, calendarRevision: r.calendar_revision ?? 0 });

/** A row as json_agg or row_to_json gives it back: instants as ISO strings. */
type AsJson<R, K extends keyof R> = Omit<R, K> & Record<K, string>;

function actionFromJson(a: AsJson<DossierActionRow, 'at' | 'recorded_at'>): DossierActionRow {
  return { ...a, at: new Date(a.at), recorded_at: new Date(a.recorded_at) };
}

/**
 * A dossier row (by id, or by code), its actions in seq order and the cache stamps, in one query (one round trip):
 * what every use case on an existing dossier reads first.
 */
export async function getDossierWithActions(
  db: Db,
  id: number | { code: string },
  prepared = false,
): Promise<{ row: DossierRow; actions: DossierActionRow[]; stamps: CacheStamps } | undefined> {
  const rows = await run(
    db,
    sql<UncheckedDossierRow & StampColumns & { actions_json: AsJson<DossierActionRow, 'at' | 'recorded_at'>[] }>`
      SELECT ${DOSSIER_SELECT}, ${STAMPS},
        (SELECT coalesce(json_agg(a ORDER BY a.seq), '[]'::json) FROM dossier_actions a WHERE a.dossier_id = d.id) AS actions_json
      FROM dossiers d WHERE ${typeof id === 'number' ? sql`d.id = ${id}::bigint` : sql`d.code = ${id.code}::text`}`,
    prepared,
  );
  const x = rows[0];
  if (!x) return undefined;
  const { actions_json, units_n, units_m, calendar_revision, ...row } = x;
  return { row: dossierRowFrom(row), actions: actions_json.map(actionFromJson), stamps: stampsOf({ units_n, units_m, calendar_revision }) };
}

/**
 * What a reception reads before deciding anything, in one query: a dossier the same idempotency key made, the
 * procedure's version in force with its latest process version, the province's dossier rules and the cache stamps.
 */
export async function receptionPreRead(
  db: Db,
  p: { creatorKey: string; idempotencyKey: string; procedureCode: string },
  prepared = false,
): Promise<{
  existingId: number | null;
  procedure: { status: string; versionId: number | null; processVersionId: number | null } | null;
  stamps: CacheStamps;
  /** The stored overrides of the dossier rules (app_settings 'dossier_rules'), unparsed; null when none. */
  dossierRules: string | null;
}> {
  const rows = await run(
    db,
    sql<StampColumns & { existing_id: number | null; status: string | null; version_id: number | null; process_version_id: number | null; dossier_rules: string | null }>`
      SELECT ${STAMPS},
        (SELECT id FROM dossiers WHERE creator_key = ${p.creatorKey}::text AND idempotency_key = ${p.idempotencyKey}::text) AS existing_id,
        (SELECT value FROM app_settings WHERE key = ${DOSSIER_RULES_KEY}::text) AS dossier_rules,
        p.status, p.current_version_id AS version_id,
        (SELECT pv.id FROM process_versions pv WHERE pv.procedure_version_id = p.current_version_id ORDER BY pv.id DESC LIMIT 1) AS process_version_id
      FROM (SELECT 1) one LEFT JOIN procedures p ON p.code = ${p.procedureCode}::text`,
    prepared,
  );
  const x = rows[0]!;
  return {
    existingId: x.existing_id,
    procedure: x.status === null ? null : { status: x.status, versionId: x.version_id, processVersionId: x.process_version_id },
    stamps: stampsOf(x),
    dossierRules: x.dossier_rules,
  };
}

export async function getDossierRowByCode(db: Db, code: string): Promise<DossierRow | undefined> {
  return dossierRowOrUndefined(await db.selectFrom('dossiers').selectAll().where('code', '=', code).executeTakeFirst());
}

export async function getDossierRows(db: Db, ids: readonly number[]): Promise<DossierRow[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('dossiers').selectAll().where('id', 'in', [...ids]).orderBy('id').execute()).map(dossierRowFrom);
}

export async function findByIdempotencyKey(db: Db, creatorKey: string, key: string): Promise<DossierRow | undefined> {
  return dossierRowOrUndefined(await db.selectFrom('dossiers').selectAll().where('creator_key', '=', creatorKey).where('idempotency_key', '=', key).executeTakeFirst());
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
  return dossierRowOrUndefined(
    await db
      .updateTable('dossiers')
      .set({ ...patch, updated_at: now })
      .where('id', '=', id)
      .where('version', '=', 0)
      .returningAll()
      .executeTakeFirst(),
  );
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

/** A person's name as views show it. */
export interface PersonRow {
  id: number;
  username: string;
  full_name: string;
}

export interface ActionWrite {
  action: NewDossierAction;
  projection: NewProjectionRow;
  fileIds: readonly string[];
  /** The audit entry, queued by the same statement and linked into the chain at commit (see auditAtCommitCte). */
  audit?: AuditLink | null;
  /** People whose names the caller's view will need, read in the same statement. */
  peopleIds?: readonly number[];
}

export interface ActionWriteResult {
  /** False when the optimistic check failed: nothing was written. */
  appended: boolean;
  people: PersonRow[];
}

const PEOPLE = (ids: readonly number[] | undefined) =>
  sql`(SELECT coalesce(json_agg(json_build_object('id', u.id, 'username', u.username, 'full_name', u.full_name)), '[]'::json)
    FROM users u WHERE u.id = ANY(${[...new Set(ids ?? [])]}::bigint[])) AS people`;

/**
 * Everything one append writes, as CTEs under a row source `target` (the dossier's id): the action, the file links,
 * the projection row and the audit entry (only if the action was written).
 */
function appendCtes(w: ActionWrite) {
  const a = w.action;
  const projection = JSON.stringify(w.projection);
  const ctes = [
    sql`act AS (
      INSERT INTO dossier_actions (dossier_id, seq, type, at, actor_user_id, actor_roles, unit_id, delegation, comment, attachments, payload, recorded_at)
      SELECT target.id, ${a.seq}::int, ${a.type}::text, ${a.at}::timestamptz, ${a.actor_user_id ?? null}::bigint, ${a.actor_roles}::text[], ${a.unit_id ?? null}::bigint,
        ${a.delegation ?? null}::jsonb, ${a.comment ?? null}::text, ${a.attachments ?? []}::text[], ${a.payload}::jsonb, ${a.recorded_at}::timestamptz
      FROM target RETURNING seq)`,
    sql`proj AS (
      INSERT INTO dossier_projection
      SELECT r.* FROM target, jsonb_populate_record(NULL::dossier_projection, ${projection}::jsonb || jsonb_build_object('dossier_id', target.id)) r
      ON CONFLICT (dossier_id) DO UPDATE SET ${sql.raw(PROJECTION_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', '))}
      WHERE dossier_projection.version <= EXCLUDED.version
      RETURNING 1)`,
  ];
  const ids = [...new Set(w.fileIds)];
  if (ids.length > 0)
    ctes.push(sql`files AS (
      INSERT INTO dossier_files (dossier_id, file_id) SELECT target.id, f FROM target, unnest(${ids}::text[]) AS f
      ON CONFLICT (dossier_id, file_id) DO NOTHING RETURNING 1)`);
  if (w.audit) ctes.push(auditAtCommitCte(w.audit, sql`EXISTS (SELECT 1 FROM act)`));
  return sql.join(ctes, sql`, `);
}

async function runAppend(db: Db, target: RawBuilder<unknown>, w: ActionWrite, prepared: boolean): Promise<ActionWriteResult> {
  const rows = await run(
    db,
    sql<{ appended: number; people: PersonRow[] }>`
      WITH target AS (${target}), ${appendCtes(w)}
      SELECT (SELECT count(*) FROM act)::int AS appended, ${PEOPLE(w.peopleIds)}`,
    prepared,
  );
  const x = rows[0]!;
  return { appended: x.appended > 0, people: x.people };
}

/**
 * The whole optimistic append in one statement: moves the dossier from `expected` to `expected + 1` actions (with
 * the patch), and only if that matched, stores the action, links the files, rewrites the projection row and
 * queues the audit entry (linked at commit). `appended: false` means someone else appended first and nothing was written; on
 * PostgreSQL a concurrent writer blocks on the dossier row until the first commits, then finds the version moved.
 */
export async function appendToDossier(db: Db, id: number, expected: number, now: Date, patch: DossierPatch, w: ActionWrite, prepared = false): Promise<ActionWriteResult> {
  const sets = Object.entries(patch)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => sql`${sql.ref(k)} = ${v}`);
  const target = sql`UPDATE dossiers SET ${sql.join([sql`version = ${expected + 1}::int`, sql`updated_at = ${now}::timestamptz`, ...sets], sql`, `)}
    WHERE id = ${id}::bigint AND version = ${expected}::int RETURNING id`;
  return runAppend(db, target, w, prepared);
}

/** A new dossier (its id drawn beforehand with nextDossierId) with its first action, in one statement. */
export async function insertDossierWithAction(db: Db, row: NewDossier & { id: number }, w: ActionWrite, prepared = false): Promise<{ row: DossierRow } & ActionWriteResult> {
  const cols = Object.entries(row).filter(([, v]) => v !== undefined);
  const target = sql`INSERT INTO dossiers (${sql.join(cols.map(([c]) => sql.ref(c)))}) OVERRIDING SYSTEM VALUE
    VALUES (${sql.join(cols.map(([, v]) => sql`${v}`))}) RETURNING ${sql.raw(DOSSIER_COLUMNS.join(', '))}`;
  const rows = await run(
    db,
    sql<{ appended: number; people: PersonRow[]; row: AsJson<UncheckedDossierRow, 'created_at' | 'updated_at'> }>`
      WITH target AS (${target}), ${appendCtes(w)}
      SELECT (SELECT count(*) FROM act)::int AS appended, ${PEOPLE(w.peopleIds)}, (SELECT row_to_json(target) FROM target) AS row`,
    prepared,
  );
  const x = rows[0]!;
  const j = x.row;
  const stored = dossierRowFrom({ ...j, created_at: new Date(j.created_at), updated_at: new Date(j.updated_at) });
  return { row: stored, appended: x.appended > 0, people: x.people };
}

/** Draws a dossier id ahead of the insert, so one statement can write the dossier, its action and its audit entry. */
export async function nextDossierId(db: Db): Promise<number> {
  const r = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('dossiers', 'id')) AS id`.execute(db);
  return Number(r.rows[0]!.id);
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

/**
 * A new dossier's id (with `newId`) and the next values of the counters `keys` (in that order, each created at 1), in one
 * statement. The counter rows stay locked until the caller's transaction ends, as with nextSequence; every caller
 * names its keys in the same order (code, then book), so two receptions never wait on each other crosswise.
 */
export async function drawDossierNumbers(db: Db, keys: readonly string[], opts: { newId: boolean; prepared?: boolean }): Promise<{ id: number | null; counters: number[] }> {
  const rows = await run(db, sql<{ id: number; counters: Record<string, number> | null }>`
    WITH c AS (
      INSERT INTO dossier_code_counters (sequence_key, last)
      SELECT k, 1 FROM unnest(${[...keys]}::text[]) WITH ORDINALITY AS t(k, i) ORDER BY i
      ON CONFLICT (sequence_key) DO UPDATE SET last = dossier_code_counters.last + 1
      RETURNING sequence_key, last)
    SELECT ${opts.newId ? sql`nextval(pg_get_serial_sequence('dossiers', 'id'))` : sql`NULL::bigint`} AS id, (SELECT json_object_agg(sequence_key, last) FROM c) AS counters`, opts.prepared ?? false);
  const x = rows[0]!;
  return { id: x.id === null ? null : Number(x.id), counters: keys.map((k) => Number(x.counters?.[k])) };
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
  'stop_ground',
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
  'apology_late',
  'apologised_at',
  'late_apologised_late',
  'due_recounted',
  'late_for_service_index',
  'due_soon_from',
  'apology_warning_from',
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

export type InboxFilter = 'todo' | 'submitted' | 'due_soon' | 'late' | 'waiting_supplement' | 'consulting' | 'all';

export interface ProjectionQuery {
  /** Dossiers assigned to this user ('mine'). */
  assigneeId?: number;
  /** Dossiers of these units ('unit'). */
  unitIds?: readonly number[];
  filter: InboxFilter;
  /** The read instant, for late / due-soon candidates. */
  now: Date;
  /**
   * Due-soon candidates are the rows whose due-soon threshold is before this (a superset: the read instant plus the
   * longest run of days off, during which no working time is left before the threshold; the app narrows it on each
   * calendar).
   */
  dueSoonHorizon: Date;
  /** Code prefix or part of the applicant's or procedure's name. */
  q?: string;
  sort: 'remaining' | 'received';
  limit: number;
  offset: number;
  /** As a prepared statement (PostgreSQL; see run). */
  prepared?: boolean;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Projection rows for an inbox, with the total count of matches (before limit and offset). The page and the count are
 * one statement but two scans: the page walks an index in the requested order and stops after limit + offset rows
 * (dossier_projection_todo_idx and _running_idx of migration 0006 serve the work queues), and the count reads only an
 * index where one covers the filter; a window count would fetch and sort every matching row for each page.
 */
export async function queryProjection(db: Db, p: ProjectionQuery): Promise<{ rows: ProjectionRow[]; total: number }> {
  const units = p.unitIds ? [...p.unitIds] : null;
  const matching = (eb: ExpressionBuilder<Database & { p: DossierProjectionTable }, 'p'>): Expression<SqlBool> => {
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
      case 'submitted':
        // Online submissions waiting at the desk they were sent to (status 1), for the desk's reception queue.
        conds.push(eb('p.phase', '=', 'submitted'), inUnits('p.current_unit_id'));
        break;
      case 'due_soon':
        conds.push(
          eb('p.phase', '=', 'processing'),
          eb('p.clock_status', '=', 'running'),
          eb('p.current_due_at', '>=', p.now),
          // From the row's own threshold (its pinned rules); rows from before migration 0011: from the due itself.
          sql<SqlBool>`coalesce(p.due_soon_from, p.current_due_at) <= ${p.dueSoonHorizon}`,
          inUnits('p.current_unit_id'),
        );
        break;
      case 'late':
        // Against the original appointment: an apology's new one never takes a dossier off the late list.
        conds.push(eb('p.phase', '=', 'processing'), eb('p.clock_status', '=', 'running'), eb('p.original_due_at', '<', p.now), inUnits('p.current_unit_id'));
        break;
      case 'waiting_supplement':
        conds.push(
          eb.or([eb('p.waiting_for', '=', 'supplement'), eb('p.phase', '=', 'supplement_before_reception')]),
          eb.or([inUnits('p.current_unit_id'), inUnits('p.receiving_unit_id')]),
        );
        break;
      case 'consulting':
        // Without units ("mine"): the assignee's dossiers waiting for another unit's opinion. With units: those, and
        // the dossiers the units owe an opinion or an inter-agency part on.
        conds.push(
          eb('p.phase', '=', 'processing'),
          units
            ? eb.or([unitArray('p.pending_unit_ids'), eb.and([inUnits('p.current_unit_id'), eb('p.open_consultations', '>', 0)])])
            : eb('p.open_consultations', '>', 0),
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
  };
  const count = (qb: Db) => qb.selectFrom('dossier_projection as p').select(sql<number>`count(*)`.as('n')).where(matching);
  let q = db
    .selectFrom('dossier_projection as p')
    .selectAll('p')
    .select((eb) => eb.selectFrom('dossier_projection as p').select(sql<number>`count(*)`.as('n')).where(matching).as('total_count'))
    .where(matching);
  // Open consultations are few: walking the due-date index for them would read every processing dossier to find none.
  const order = p.filter === 'consulting' ? sql`p.current_due_at + interval '0 seconds'` : sql`p.current_due_at`;
  q =
    p.filter === 'submitted'
      ? q.orderBy(sql`p.submitted_at ASC NULLS LAST`).orderBy('p.dossier_id')
      : p.sort === 'remaining'
      ? q.orderBy(sql`${order} ASC NULLS LAST`).orderBy('p.dossier_id')
      : q.orderBy(sql`p.received_at DESC NULLS LAST`).orderBy('p.dossier_id', 'desc');
  const rows = await runCompiled(db, q.limit(p.limit).offset(p.offset).compile(), p.prepared ?? false);
  // Past the last page there is no row to carry the count.
  const total = rows.length > 0 ? Number(rows[0]!.total_count) : p.offset > 0 ? Number((await count(db).executeTakeFirstOrThrow()).n) : 0;
  return { rows: rows.map(({ total_count: _, ...r }) => r), total };
}

/**
 * Unfinished dossiers whose clock runs and that are late, due soon or near their apology deadline by `horizon`
 * (candidates; the app decides on each calendar).
 */
export async function runningDueBefore(db: Db, horizon: Date): Promise<ProjectionRow[]> {
  return db
    .selectFrom('dossier_projection')
    .selectAll()
    .where('phase', '=', 'processing')
    .where('clock_status', '=', 'running')
    // Late, due soon or near its apology deadline by `horizon`, each from the row's own threshold (migration 0011;
    // older rows: from the due, their windows being shorter than the horizon).
    .where((eb) =>
      eb.or([
        eb('original_due_at', '<=', horizon),
        sql<SqlBool>`coalesce(due_soon_from, current_due_at) <= ${horizon}`,
        sql<SqlBool>`coalesce(apology_warning_from, current_due_at) <= ${horizon}`,
      ]),
    )
    .orderBy('current_due_at')
    .execute();
}

/** Online submissions still waiting at a desk (national status 1), oldest first. */
export async function waitingAtDesks(db: Db, submittedBefore: Date): Promise<ProjectionRow[]> {
  return db
    .selectFrom('dossier_projection')
    .selectAll()
    .where('status', '=', 'submitted')
    .where('submitted_at', '<', submittedBefore)
    .orderBy('submitted_at')
    .orderBy('dossier_id')
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

/** Delegations with the names of both people and the unit, newest first: one by id, or all from or to a user. */
export async function delegationDetailRows(db: Db, filter: { userId: number } | { id: number }) {
  let q = db
    .selectFrom('delegations as d')
    .innerJoin('users as f', 'f.id', 'd.from_user_id')
    .innerJoin('users as t', 't.id', 'd.to_user_id')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .selectAll('d')
    .select(['f.username as from_username', 'f.full_name as from_name', 't.username as to_username', 't.full_name as to_name', 'u.code as unit_code', 'u.name as unit_name', 'u.short_name as unit_short_name']);
  q = 'id' in filter ? q.where('d.id', '=', filter.id) : q.where((eb) => eb.or([eb('d.from_user_id', '=', filter.userId), eb('d.to_user_id', '=', filter.userId)]));
  return q.orderBy('d.id', 'desc').execute();
}

// ---------------------------------------------------------------------------------------------------------------
// The tracking book (form 06)

/**
 * The dossiers a unit received in [start, end), in order, at most `limit`. The book prints only the applicant's
 * address and phone, so only those two are read out of the applicant's jsonb (as text: null when absent).
 */
export async function trackingBookRows(db: Db, unitId: number, start: Date, end: Date, limit: number) {
  return db
    .selectFrom('dossier_projection as p')
    .innerJoin('dossiers as d', 'd.id', 'p.dossier_id')
    .select([
      'p.dossier_id',
      'p.dossier_code',
      'p.applicant_name',
      'p.procedure_name',
      'p.received_at',
      'p.current_due_at',
      'p.original_due_at',
      'p.finished_at',
      'p.returned_at',
      'p.stopped_at',
      'p.phase',
      'p.result',
      'p.outcome_against_original',
      'p.apologised',
      'p.apology_late',
      'p.due_recounted',
      'p.waiting_for',
      'p.clock_status',
      sql<string | null>`d.applicant->>'address'`.as('applicant_address'),
      sql<string | null>`d.applicant->>'phone'`.as('applicant_phone'),
      sql<string | null>`(SELECT a.payload->>'trackingBookNumber' FROM dossier_actions a WHERE a.dossier_id = p.dossier_id AND a.type = 'receive' ORDER BY a.seq LIMIT 1)`.as('book_number'),
    ])
    .where('p.receiving_unit_id', '=', unitId)
    .where('p.received_at', '>=', start)
    .where('p.received_at', '<', end)
    .orderBy('p.received_at')
    .orderBy('p.dossier_id')
    .limit(limit)
    .execute();
}

// Catalogue queries: procedures with their draft or current version, immutable versions, history, processes,
// and the ranked, diacritics-insensitive search.
import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  Database,
  ProcedureHistoryTable,
  ProcedureStatusColumn,
  ProceduresTable,
  ProcedureVersionsTable,
  ProcessVersionsTable,
} from './schema.js';

type Db = Kysely<Database>;
export type ProcedureRow = Selectable<ProceduresTable>;
export type ProcedureVersionRow = Selectable<ProcedureVersionsTable>;
export type ProcedureHistoryRow = Selectable<ProcedureHistoryTable>;
export type ProcessVersionRow = Selectable<ProcessVersionsTable>;

/** Serialises catalogue writers for the rest of the transaction, so an import plans on a state nobody changes. */
const CATALOGUE_LOCK = 7_220_004;
export async function lockCatalogue(db: Db): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${CATALOGUE_LOCK})`.execute(db);
}

/** The columns copied out of a body for filters and search. */
export interface ExtractedColumns {
  name: string;
  search_name: string;
  field: string;
  level: ProceduresTable['level'];
  online_level: 'full' | 'partial' | null;
  unit_codes: string[];
}

export async function getProcedureRow(db: Db, code: string, opts: { forUpdate?: boolean } = {}): Promise<ProcedureRow | undefined> {
  let q = db.selectFrom('procedures').selectAll().where('code', '=', code);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function getProcedureRowById(db: Db, id: number): Promise<ProcedureRow | undefined> {
  return db.selectFrom('procedures').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertProcedure(db: Db, code: string, draft: unknown, cols: ExtractedColumns, now: Date): Promise<ProcedureRow> {
  return db
    .insertInto('procedures')
    .values({ code, status: 'draft', draft: JSON.stringify(draft), ...cols, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateDraftRow(db: Db, id: number, draft: unknown, cols: ExtractedColumns, now: Date): Promise<ProcedureRow> {
  return db
    .updateTable('procedures')
    .set({ draft: JSON.stringify(draft), ...cols, updated_at: now, revision: sql`revision + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface NewVersion {
  procedureId: number;
  body: unknown;
  cols: ExtractedColumns;
  code: string;
  decision: { number: string; date: string; effectiveDate: string };
  createdBy: string;
}

/** Appends the next version of a procedure and makes it current, leaving the draft behind. */
export async function insertVersionAndMakeCurrent(db: Db, v: NewVersion, status: ProcedureStatusColumn, now: Date): Promise<{ procedure: ProcedureRow; version: ProcedureVersionRow }> {
  const last = await db
    .selectFrom('procedure_versions')
    .select(sql<number>`coalesce(max(number), 0)::int`.as('n'))
    .where('procedure_id', '=', v.procedureId)
    .executeTakeFirstOrThrow();
  const version = await db
    .insertInto('procedure_versions')
    .values({
      procedure_id: v.procedureId,
      number: last.n + 1,
      body: JSON.stringify(v.body),
      code: v.code,
      name: v.cols.name,
      field: v.cols.field,
      level: v.cols.level,
      online_level: v.cols.online_level,
      decision_number: v.decision.number,
      decision_date: v.decision.date,
      effective_date: v.decision.effectiveDate,
      created_at: now,
      created_by: v.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const procedure = await db
    .updateTable('procedures')
    .set({ status, current_version_id: version.id, draft: null, ...v.cols, updated_at: now, revision: sql`revision + 1` })
    .where('id', '=', v.procedureId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { procedure, version };
}

export async function retireProcedure(
  db: Db,
  id: number,
  status: 'replaced' | 'abolished',
  replacedById: number | null,
  decision: { number: string; date: string },
  now: Date,
): Promise<ProcedureRow> {
  return db
    .updateTable('procedures')
    .set({ status, replaced_by_id: replacedById, status_decision: JSON.stringify(decision), updated_at: now, revision: sql`revision + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type NewHistory = Omit<ProcedureHistoryTable, 'id' | 'occurred_at'> & { occurred_at: Date };

export async function insertHistory(db: Db, h: NewHistory): Promise<void> {
  await db.insertInto('procedure_history').values(h).execute();
}

export async function listHistory(db: Db, procedureId: number): Promise<ProcedureHistoryRow[]> {
  return db.selectFrom('procedure_history').selectAll().where('procedure_id', '=', procedureId).orderBy('id').execute();
}

export type VersionSummaryRow = Omit<ProcedureVersionRow, 'body'>;

export async function listVersions(db: Db, procedureId: number): Promise<VersionSummaryRow[]> {
  return db
    .selectFrom('procedure_versions')
    .select(['id', 'procedure_id', 'number', 'code', 'name', 'field', 'level', 'online_level', 'decision_number', 'decision_date', 'effective_date', 'created_at', 'created_by'])
    .where('procedure_id', '=', procedureId)
    .orderBy('number')
    .execute();
}

export async function getVersion(db: Db, id: number): Promise<ProcedureVersionRow | undefined> {
  return db.selectFrom('procedure_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface NewProcessVersion {
  procedureId: number;
  procedureVersionId: number;
  body: unknown;
  totalMinutes: number;
  stepCount: number;
  approval: { number: string; date: string } | null;
  createdBy: string;
}

/** Appends a process version for a procedure version and makes it the procedure's current process. */
export async function insertProcessVersion(db: Db, p: NewProcessVersion, now: Date): Promise<ProcessVersionRow> {
  let proc = await db.selectFrom('processes').selectAll().where('procedure_id', '=', p.procedureId).forUpdate().executeTakeFirst();
  proc ??= await db.insertInto('processes').values({ procedure_id: p.procedureId, created_at: now, updated_at: now }).returningAll().executeTakeFirstOrThrow();
  const last = await db
    .selectFrom('process_versions')
    .select(sql<number>`coalesce(max(number), 0)::int`.as('n'))
    .where('process_id', '=', proc.id)
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto('process_versions')
    .values({
      process_id: proc.id,
      procedure_version_id: p.procedureVersionId,
      number: last.n + 1,
      body: JSON.stringify(p.body),
      total_minutes: p.totalMinutes,
      step_count: p.stepCount,
      approval_number: p.approval?.number ?? null,
      approval_date: p.approval?.date ?? null,
      created_at: now,
      created_by: p.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.updateTable('processes').set({ current_version_id: row.id, updated_at: now }).where('id', '=', proc.id).execute();
  return row;
}

/** The newest process approved for this procedure version, if any. */
export async function processForVersion(db: Db, procedureVersionId: number): Promise<ProcessVersionRow | undefined> {
  return db
    .selectFrom('process_versions')
    .selectAll()
    .where('procedure_version_id', '=', procedureVersionId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function getProcessVersion(db: Db, id: number): Promise<ProcessVersionRow | undefined> {
  return db.selectFrom('process_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface UnitFactRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  active: boolean;
  roles: string[];
}

/** Every unit with the roles its active staff hold there, for checking process steps. */
export async function loadUnitFacts(db: Db): Promise<UnitFactRow[]> {
  const r = await sql<UnitFactRow>`
    SELECT u.id, u.code, u.name, u.kind, u.active,
           coalesce(array_agg(DISTINCT m.role) FILTER (WHERE m.role IS NOT NULL AND us.active), '{}'::text[]) AS roles
      FROM units u
      LEFT JOIN memberships m ON m.unit_id = u.id
      LEFT JOIN users us ON us.id = m.user_id
     GROUP BY u.id`.execute(db);
  return r.rows;
}

export interface CatalogueStateRow {
  id: number;
  code: string;
  status: ProcedureStatusColumn;
  revision: number;
  current_version_id: number | null;
  draft: Record<string, unknown> | null;
  body: Record<string, unknown> | null;
  status_decision: { number: string; date: string } | null;
  replaced_by_code: string | null;
  process_body: Record<string, unknown> | null;
}

/** Current state of procedures (all, or the given codes): draft or current body, status, replacement, current process. */
export async function loadCatalogueStates(db: Db, opts: { codes?: string[]; statuses?: readonly ProcedureStatusColumn[] } = {}): Promise<CatalogueStateRow[]> {
  if (opts.codes && opts.codes.length === 0) return [];
  const r = await sql<CatalogueStateRow>`
    SELECT p.id, p.code, p.status, p.revision, p.current_version_id, p.draft, v.body, p.status_decision,
           r.code AS replaced_by_code, pv.body AS process_body
      FROM procedures p
      LEFT JOIN procedure_versions v ON v.id = p.current_version_id
      LEFT JOIN procedures r ON r.id = p.replaced_by_id
      LEFT JOIN processes pr ON pr.procedure_id = p.id
      LEFT JOIN process_versions pv ON pv.id = pr.current_version_id AND pv.procedure_version_id = p.current_version_id
     WHERE TRUE
       ${opts.codes ? sql`AND p.code IN (${sql.join(opts.codes)})` : sql``}
       ${opts.statuses ? sql`AND p.status IN (${sql.join([...opts.statuses])})` : sql``}
     ORDER BY p.code`.execute(db);
  return r.rows;
}

export interface SearchParams {
  /** The normalised query (see normaliseSearchText), or null to list everything that passes the filters. */
  q: string | null;
  /** The query as typed, trimmed: compared with codes. */
  raw: string | null;
  statuses: readonly ProcedureStatusColumn[];
  field?: string;
  levels?: readonly string[];
  unitCode?: string;
  online?: 'full' | 'partial' | 'none';
  limit: number;
  offset: number;
}

export interface SearchRow {
  id: number;
  code: string;
  name: string;
  field: string;
  level: ProceduresTable['level'];
  status: ProcedureStatusColumn;
  online_level: 'full' | 'partial' | null;
  unit_codes: string[];
  current_version_id: number | null;
  rank: number;
  total: number;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** search_name is stored padded with one space each side, so a whole word is LIKE '% word %'. */
export const padSearchName = (normalised: string) => ` ${normalised} `;

type Phase = 'all' | 'words' | 'word_similarity' | 'similarity';

/**
 * Ranked search in up to three phases, each stopping the search when it finds anything:
 *  1. words: the exact code, a code prefix ("1.0048"), or every word of the query present as a whole word of the
 *     name, in any order. Trigram-indexed LIKE: about a millisecond.
 *  2. word_similarity: the query matches some stretch of the name with word similarity ≥ 0.6 — a typo
 *     ("khai snh").
 *  3. similarity: the whole name is ≥ 0.3 similar to the query — for queries longer than what they look for.
 * The fuzzy phases run only when the words as typed match nothing, so the common case never pays for trigram
 * comparisons on every row that shares a frequent word ("đăng ký", "giấy phép").
 * Rank: exact code 2, code prefix 1.5; names containing the query as a phrase 0.75–1 and names containing all
 * its words 0.5–0.75, each by how much of the name the query covers (so "khai sinh" puts "Đăng ký khai sinh"
 * above longer names); fuzzy matches 0–0.5 (half the mean of similarity and word similarity).
 */
export async function searchProcedureRows(db: Db, p: SearchParams): Promise<{ rows: SearchRow[]; total: number }> {
  const phases: Phase[] = p.q ? ['words', 'word_similarity', 'similarity'] : ['all'];
  for (const phase of phases) {
    const rows = await runSearch(db, p, phase, p.limit, p.offset);
    if (rows.length) return { rows, total: rows[0]!.total };
    const total = p.offset > 0 ? ((await runSearch(db, p, phase, 1, 0))[0]?.total ?? 0) : 0;
    if (total > 0) return { rows: [], total };
  }
  return { rows: [], total: 0 };
}

async function runSearch(db: Db, p: SearchParams, phase: Phase, limit: number, offset: number): Promise<SearchRow[]> {
  const filters = [sql`p.status IN (${sql.join([...p.statuses])})`];
  if (p.field) filters.push(sql`p.field = ${p.field}`);
  if (p.levels?.length) filters.push(sql`p.level IN (${sql.join([...p.levels])})`);
  if (p.unitCode) filters.push(sql`p.unit_codes @> ARRAY[${p.unitCode}]::text[]`);
  if (p.online === 'none') filters.push(sql`p.online_level IS NULL`);
  else if (p.online) filters.push(sql`p.online_level = ${p.online}`);
  let rank = sql<number>`0::float8`;
  if (p.q && phase !== 'all') {
    const q = p.q;
    const raw = p.raw ?? q;
    const codeLike = /^\d\.\d{0,6}$/.test(raw) ? `${likeEscape(raw)}%` : null;
    const code = [sql`p.code = ${raw}`, ...(codeLike ? [sql`p.code LIKE ${codeLike}`] : [])];
    const codeRank = sql`WHEN p.code = ${raw} THEN 2 ${codeLike ? sql`WHEN p.code LIKE ${codeLike} THEN 1.5` : sql``}`;
    const length = q.length;
    if (phase === 'words') {
      const each = [...new Set(q.split(' '))].map((w) => sql`p.search_name LIKE ${`% ${likeEscape(w)} %`}`);
      filters.push(sql`(${sql.join([...code, sql`(${sql.join(each, sql` AND `)})`], sql` OR `)})`);
      rank = sql<number>`(CASE ${codeRank}
                               WHEN p.search_name LIKE ${`% ${likeEscape(q)} %`} THEN 0.75 + 0.25 * ${length}::float8 / (length(p.search_name) - 2)
                               ELSE 0.5 + 0.25 * ${length}::float8 / (length(p.search_name) - 2) END)::float8`;
    } else {
      const fuzzy = phase === 'word_similarity' ? sql`p.search_name %> ${q}` : sql`p.search_name % ${q}`;
      filters.push(sql`(${sql.join([...code, fuzzy], sql` OR `)})`);
      rank = sql<number>`(CASE ${codeRank} ELSE (similarity(p.search_name, ${q}) + word_similarity(${q}, p.search_name)) / 4 END)::float8`;
    }
  }
  const query = (x: Db) =>
    sql<SearchRow>`
    SELECT p.id, p.code, p.name, p.field, p.level, p.status, p.online_level, p.unit_codes, p.current_version_id,
           ${rank} AS rank, count(*) OVER () AS total
      FROM procedures p
     WHERE ${sql.join(filters, sql` AND `)}
     ORDER BY rank DESC, p.search_name, p.code
     LIMIT ${limit} OFFSET ${offset}`.execute(x);
  if (phase === 'all' || phase === 'words' || db.isTransaction) return (await query(db)).rows;
  // The planner prices the trigram operators like a plain comparison, so on a table of a few thousand names it
  // prefers a sequential scan that computes word similarity for every row (25 ms and more for a long query) over
  // the trigram index (1–3 ms). The fuzzy phases turn sequential scans off for their own short transaction.
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    return (await query(trx)).rows;
  });
}

export async function listFieldRows(db: Db, statuses: readonly ProcedureStatusColumn[]): Promise<{ field: string; count: number }[]> {
  const r = await sql<{ field: string; count: number }>`
    SELECT field, count(*)::int AS count FROM procedures
     WHERE status IN (${sql.join([...statuses])}) AND field <> ''
     GROUP BY field ORDER BY field`.execute(db);
  return r.rows;
}

export async function procedureVersionCode(db: Db, id: number): Promise<string> {
  return (await db.selectFrom('procedure_versions').select('code').where('id', '=', id).executeTakeFirstOrThrow()).code;
}

export async function procedureVersionNames(db: Db, ids: readonly number[]): Promise<Pick<ProcedureVersionRow, 'id' | 'code' | 'name'>[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('procedure_versions').select(['id', 'code', 'name']).where('id', 'in', [...ids]).execute();
}

/** Codes and names of the procedures among `codes` that exist. */
export async function procedureNamesByCode(db: Db, codes: readonly string[]): Promise<Pick<ProcedureRow, 'code' | 'name'>[]> {
  if (codes.length === 0) return [];
  return db.selectFrom('procedures').select(['code', 'name']).where('code', 'in', [...codes]).execute();
}

export async function procedureCodeAndName(db: Db, id: number): Promise<Pick<ProcedureRow, 'code' | 'name'> | undefined> {
  return db.selectFrom('procedures').select(['code', 'name']).where('id', '=', id).executeTakeFirst();
}

/** Marks a procedure changed as editors see it, without touching its draft. */
export async function bumpProcedureRevision(db: Db, id: number, now: Date): Promise<void> {
  await db.updateTable('procedures').set({ updated_at: now, revision: sql`revision + 1` }).where('id', '=', id).execute();
}

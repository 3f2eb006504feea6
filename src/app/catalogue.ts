// The procedure catalogue: drafting, publishing, amending, replacing and abolishing procedures by decision, their
// approved internal processes, and the public search and detail reads. Managed by the Office of the provincial
// People's Committee and system administrators; read by anyone (published procedures only).
import type { Kysely, Transaction } from 'kysely';
import {
  IN_FORCE_STATUSES,
  PUBLIC_STATUSES,
  RETIRED_STATUSES,
  allowedActions,
  canonicalBody,
  completeness,
  decisionProblems,
  normaliseSearchText,
  processBudgets,
  readDecision,
  readProcedure,
  readProcess,
  readPublication,
  replacementProblems,
  sameJson,
  stepMinutes,
  transitionProblem,
  unitCodesOf,
  validateProcedure,
  validateProcess,
  diffPaths,
  type ChannelBudget,
  type Completeness,
  type Decision,
  type LifecycleAction,
  type OnlineLevel,
  type ProcedureBody,
  type ProcedureLevel,
  type ProcedureStatus,
  type ProcessBody,
  type ProcessCheck,
  type PublicationDecision,
  type UnitInfo,
  type UnitLookup,
} from '../domain/catalogue/index.js';
import { Reader } from '../domain/catalogue/read.js';
import { fieldInvalid, forbidden, invalid, notFound, staleVersion, type Bilingual, type FieldError } from '../domain/errors.js';
import { getProcedureRow, getProcessVersion, getVersion, insertHistory, insertProcedure, insertProcessVersion, insertVersionAndMakeCurrent, listFieldRows, listHistory, listVersions, loadUnitFacts, lockCatalogue, padSearchName, processForVersion, retireProcedure, searchProcedureRows, updateDraftRow, type ExtractedColumns, type ProcedureRow, type ProcedureVersionRow, type ProcessVersionRow, procedureCodeAndName, bumpProcedureRevision } from '../store/catalogue.js';
import type { Database } from '../store/schema.js';
import { descendantIds, activeProvincialOfficeIds, rootUnitIds } from '../store/units.js';
import { actorLabel, requireStaff, type Actor } from './actor.js';
import { appendAudit } from './audit.js';
import { canActOn } from './authz.js';
import type { AppContext } from './context.js';
import { inTransaction, isUniqueViolation } from './tx.js';

type Db = Kysely<Database> | Transaction<Database>;

const PROCEDURE: Bilingual = { vi: 'thủ tục hành chính', en: 'Procedure' };

// ---------------------------------------------------------------------------------------------------------------
// Authorisation

/**
 * Who manages the catalogue: the system (command line, seed), a system administrator whose jurisdiction covers
 * the provincial office (in practice: an administrator of the province), and any staff member of the Office of
 * the provincial People's Committee (unit kind `provincial_office`) or of a division under it — the office that
 * controls administrative procedures. A province without such a unit falls back to administrators of its root.
 */
export async function canManageCatalogue(db: Db, actor: Actor | null): Promise<boolean> {
  if (!actor) return false;
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user' || actor.userKind !== 'staff') return false;
  const offices = await activeProvincialOfficeIds(db);
  const anchors = offices.length ? offices : await rootUnitIds(db);
  for (const id of anchors) if (await canActOn(db, actor, ['admin'], id)) return true;
  if (offices.length === 0) return false;
  const officeTree = new Set(await descendantIds(db, offices));
  return actor.memberships.some((m) => officeTree.has(m.unitId));
}

export async function requireCatalogueManager(db: Db, actor: Actor): Promise<void> {
  if (actor.kind !== 'system') requireStaff(actor);
  if (!(await canManageCatalogue(db, actor)))
    throw forbidden({
      vi: 'Chỉ Văn phòng UBND tỉnh hoặc quản trị hệ thống được quản lý danh mục thủ tục hành chính',
      en: "Only the Office of the provincial People's Committee or a system administrator may manage the procedure catalogue",
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Views

export interface VersionSummary {
  /** Stable id a dossier pins. */
  id: number;
  number: number;
  decision: PublicationDecision;
  createdAt: Date;
  createdBy: string;
}

export interface HistoryEntry {
  kind: 'created' | 'published' | 'amended' | 'replaced' | 'abolished' | 'process_approved';
  versionNumber: number | null;
  processVersionId: number | null;
  decision: { number: string; date: string; effectiveDate: string | null } | null;
  replacedBy: string | null;
  note: string | null;
  actor: string;
  at: Date;
}

export interface ProcessView {
  /** Stable id a dossier pins. */
  id: number;
  number: number;
  procedureVersionId: number;
  body: ProcessBody;
  totalMinutes: number;
  /** What each channel allows, for the running total against the limit. */
  budgets: ChannelBudget[];
  createdAt: Date;
  createdBy: string;
}

export interface ProcedureView {
  code: string;
  status: ProcedureStatus;
  /** Increments with every change; pass it back to detect concurrent edits. */
  revision: number;
  body: ProcedureBody;
  version: VersionSummary | null;
  versions: VersionSummary[];
  replacedBy: { code: string; name: string } | null;
  statusDecision: Decision | null;
  completeness: Completeness;
  process: ProcessView | null;
  history: HistoryEntry[];
  allowedActions: readonly LifecycleAction[];
}

export interface ChangeResult {
  procedure: ProcedureView;
  /** Problems that do not block the change (missing parts for indicator 1.3, limits that need a calendar…). */
  warnings: FieldError[];
}

export interface AmendResult extends ChangeResult {
  /** The previous version's process still fits and was carried over to the new version. */
  processCarriedOver: boolean;
  /** Why it was not carried over, when there was one. */
  processProblems: FieldError[];
}

const toVersionSummary = (v: Pick<ProcedureVersionRow, 'id' | 'number' | 'decision_number' | 'decision_date' | 'effective_date' | 'created_at' | 'created_by'>): VersionSummary => ({
  id: v.id,
  number: v.number,
  decision: { number: v.decision_number, date: v.decision_date, effectiveDate: v.effective_date },
  createdAt: v.created_at,
  createdBy: v.created_by,
});

function toProcessView(row: ProcessVersionRow, procedure: ProcedureBody): ProcessView {
  const body = readProcess(row.body).body;
  return {
    id: row.id,
    number: row.number,
    procedureVersionId: row.procedure_version_id,
    body,
    totalMinutes: row.total_minutes,
    budgets: processBudgets(procedure),
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

async function currentBody(db: Db, row: ProcedureRow): Promise<{ body: ProcedureBody; version: ProcedureVersionRow | null }> {
  if (row.status === 'draft') return { body: canonicalBody(row.draft), version: null };
  const version = await getVersion(db, row.current_version_id!);
  if (!version) throw new Error(`procedure ${row.code} points at missing version ${row.current_version_id}`);
  return { body: canonicalBody(version.body), version };
}

async function buildView(db: Db, row: ProcedureRow): Promise<ProcedureView> {
  const { body, version } = await currentBody(db, row);
  const versions = (await listVersions(db, row.id)).map(toVersionSummary);
  const numberOf = new Map(versions.map((v) => [v.id, v.number]));
  const history = (await listHistory(db, row.id)).map<HistoryEntry>((h) => ({
    kind: h.kind,
    versionNumber: h.version_id ? (numberOf.get(h.version_id) ?? null) : null,
    processVersionId: h.process_version_id,
    decision: h.decision_number ? { number: h.decision_number, date: h.decision_date!, effectiveDate: h.effective_date } : null,
    replacedBy: h.replaced_by_code,
    note: h.note,
    actor: h.actor_label,
    at: h.occurred_at,
  }));
  let replacedBy: ProcedureView['replacedBy'] = null;
  if (row.replaced_by_id) {
    const r = await procedureCodeAndName(db, row.replaced_by_id);
    if (r) replacedBy = { code: r.code, name: r.name };
  }
  const processRow = version ? await processForVersion(db, version.id) : undefined;
  return {
    code: row.code,
    status: row.status,
    revision: row.revision,
    body,
    version: version ? toVersionSummary(version) : null,
    versions,
    replacedBy,
    statusDecision: row.status_decision ? { number: row.status_decision.number, date: row.status_decision.date } : null,
    completeness: completeness(body),
    process: processRow ? toProcessView(processRow, body) : null,
    history,
    allowedActions: allowedActions(row.status),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Building blocks shared with the import (catalogue-import.ts), so both leave the same versions and history.

export function extractColumns(body: ProcedureBody): ExtractedColumns {
  return {
    name: body.name,
    search_name: padSearchName(normaliseSearchText(body.name)),
    field: body.field,
    level: body.level,
    online_level: body.onlineLevel,
    unit_codes: unitCodesOf(body),
  };
}

/** Units by agency code with the roles their active staff hold, as the pure rules want them. */
export async function loadUnitLookup(db: Db): Promise<UnitLookup> {
  const facts = await loadUnitFacts(db);
  const map = new Map<string, UnitInfo>(facts.map((f) => [f.code, { code: f.code, name: f.name, active: f.active, roles: new Set(f.roles) }]));
  return (code) => map.get(code);
}

export async function opCreate(trx: Db, body: ProcedureBody, actor: Actor, now: Date): Promise<ProcedureRow> {
  let row: ProcedureRow;
  try {
    row = await insertProcedure(trx, body.code, body, extractColumns(body), now);
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateCode(body.code);
    throw e;
  }
  await insertHistory(trx, { ...noHistory, procedure_id: row.id, kind: 'created', actor_label: actorLabel(actor), occurred_at: now });
  return row;
}

export async function opUpdateDraft(trx: Db, row: ProcedureRow, body: ProcedureBody, now: Date): Promise<ProcedureRow> {
  return updateDraftRow(trx, row.id, body, extractColumns(body), now);
}

/** Publishes `body` (which carries its decision) as the procedure's next version. */
export async function opPublish(trx: Db, row: ProcedureRow, body: ProcedureBody, status: 'published' | 'amended', actor: Actor, now: Date): Promise<{ procedure: ProcedureRow; version: ProcedureVersionRow }> {
  const decision = body.publication!;
  const r = await insertVersionAndMakeCurrent(trx, { procedureId: row.id, body, cols: extractColumns(body), code: row.code, decision, createdBy: actorLabel(actor) }, status, now);
  await insertHistory(trx, {
    ...noHistory,
    procedure_id: row.id,
    kind: status,
    version_id: r.version.id,
    decision_number: decision.number,
    decision_date: decision.date,
    effective_date: decision.effectiveDate,
    actor_label: actorLabel(actor),
    occurred_at: now,
  });
  return r;
}

export async function opRetire(trx: Db, row: ProcedureRow, status: 'replaced' | 'abolished', by: ProcedureRow | null, decision: Decision, actor: Actor, now: Date): Promise<ProcedureRow> {
  const updated = await retireProcedure(trx, row.id, status, by?.id ?? null, decision, now);
  await insertHistory(trx, {
    ...noHistory,
    procedure_id: row.id,
    kind: status,
    version_id: row.current_version_id,
    decision_number: decision.number,
    decision_date: decision.date,
    replaced_by_code: by?.code ?? null,
    actor_label: actorLabel(actor),
    occurred_at: now,
  });
  return updated;
}

export async function opSetProcess(trx: Db, row: ProcedureRow, procedureVersionId: number, process: ProcessBody, actor: Actor, now: Date, note: string | null = null): Promise<ProcessVersionRow> {
  const pv = await insertProcessVersion(
    trx,
    {
      procedureId: row.id,
      procedureVersionId,
      body: process,
      totalMinutes: process.steps.reduce((s, x) => s + stepMinutes(x.time), 0),
      stepCount: process.steps.length,
      approval: process.approval,
      createdBy: actorLabel(actor),
    },
    now,
  );
  // A new process is a change of the procedure as editors see it: bump the revision they compare against.
  await bumpProcedureRevision(trx, row.id, now);
  await insertHistory(trx, {
    ...noHistory,
    procedure_id: row.id,
    kind: 'process_approved',
    version_id: procedureVersionId,
    process_version_id: pv.id,
    decision_number: process.approval?.number ?? null,
    decision_date: process.approval?.date ?? null,
    note,
    actor_label: actorLabel(actor),
    occurred_at: now,
  });
  return pv;
}

/** Carries the process of the previous version over to a new one when it still fits the new limits and units. */
export async function opCarryProcess(trx: Db, row: ProcedureRow, previousVersionId: number, newVersion: ProcedureVersionRow, body: ProcedureBody, units: UnitLookup, actor: Actor, now: Date): Promise<{ carried: boolean; problems: FieldError[] }> {
  const prev = await processForVersion(trx, previousVersionId);
  if (!prev) return { carried: false, problems: [] };
  const process = readProcess(prev.body).body;
  const check = validateProcess(process, body, units);
  if (check.errors.length) return { carried: false, problems: check.errors.map((e) => ({ ...e, path: `process.${e.path}` })) };
  await opSetProcess(trx, row, newVersion.id, process, actor, now, `carried over from process version ${prev.number}`);
  return { carried: true, problems: [] };
}

const noHistory = {
  version_id: null,
  process_version_id: null,
  decision_number: null,
  decision_date: null,
  effective_date: null,
  replaced_by_code: null,
  note: null,
} as const;

const duplicateCode = (code: string) =>
  invalid('duplicate_code', { vi: `Mã thủ tục ${code} đã có trong danh mục`, en: `Procedure code ${code} is already in the catalogue` }, [
    { path: 'code', message: { vi: 'Mã thủ tục: đã tồn tại', en: 'Procedure code: already exists' } },
  ]);

const rejected = (fields: FieldError[]) => invalid('validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, fields);

function throwIfAny(fields: FieldError[]): void {
  if (fields.length) throw rejected(fields);
}

function requireDecision(v: unknown, path: string): Decision {
  const r = new Reader();
  const d = readDecision(r, v, path);
  if (!d) throw fieldInvalid(path, { vi: 'Quyết định: cần số và ngày ký', en: 'Decision: the number and date are required' });
  throwIfAny(r.problems);
  return d;
}

function requirePublication(v: unknown, path: string): PublicationDecision {
  const r = new Reader();
  const d = readPublication(r, v, path);
  if (!d) throw fieldInvalid(path, { vi: 'Quyết định công bố: cần số, ngày ký và ngày có hiệu lực', en: 'Publication decision: the number, date and effective date are required' });
  throwIfAny(r.problems);
  return d;
}

async function lockedRow(trx: Db, code: string, revision: number | undefined): Promise<ProcedureRow> {
  const row = await getProcedureRow(trx, code.trim(), { forUpdate: true });
  if (!row) throw notFound(PROCEDURE);
  if (revision !== undefined && revision !== row.revision) throw staleVersion();
  return row;
}

function requireAction(row: ProcedureRow, action: LifecycleAction): void {
  const p = transitionProblem(row.code, row.status, action);
  if (p) throw p;
}

/** Top-level keys of `changes` replace those of `base`; the code cannot change. */
function merged(base: ProcedureBody, changes: unknown): Record<string, unknown> {
  if (changes === null || typeof changes !== 'object' || Array.isArray(changes))
    throw fieldInvalid('changes', { vi: 'Nội dung thay đổi phải là một đối tượng', en: 'The changes must be an object' });
  const c = changes as Record<string, unknown>;
  if (c.code !== undefined && c.code !== base.code)
    throw fieldInvalid('code', { vi: 'Mã thủ tục: không thể đổi mã của thủ tục đã có', en: 'Procedure code: the code of an existing procedure cannot change' });
  return { ...base, ...c };
}

export interface RevisionOption {
  /** The revision the caller last saw; a mismatch is a conflict (someone else changed it). */
  revision?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Use cases

export async function createProcedure(ctx: AppContext, actor: Actor, input: unknown): Promise<ChangeResult> {
  await requireCatalogueManager(ctx.db, actor);
  const { body, problems } = readProcedure(input);
  return inTransaction(ctx, async (trx, now) => {
    await lockCatalogue(trx);
    const units = await loadUnitLookup(trx);
    const v = validateProcedure(body, { units });
    throwIfAny([...problems, ...v.errors]);
    if (await getProcedureRow(trx, body.code)) throw duplicateCode(body.code);
    const row = await opCreate(trx, body, actor, now);
    const view = await buildView(trx, row);
    await appendAudit(trx, actor, now, { action: 'procedure.create', targetType: 'procedure', targetId: body.code, details: { code: body.code, name: body.name } });
    return { procedure: view, warnings: v.warnings };
  });
}

export async function updateDraft(ctx: AppContext, actor: Actor, code: string, changes: unknown, opts: RevisionOption = {}): Promise<ChangeResult> {
  await requireCatalogueManager(ctx.db, actor);
  return inTransaction(ctx, async (trx, now) => {
    await lockCatalogue(trx);
    const row = await lockedRow(trx, code, opts.revision);
    requireAction(row, 'update_draft');
    const before = canonicalBody(row.draft);
    const { body, problems } = readProcedure(merged(before, changes));
    const v = validateProcedure(body, { units: await loadUnitLookup(trx) });
    throwIfAny([...problems, ...v.errors]);
    const changed = diffPaths(before, body);
    const updated = changed.length ? await opUpdateDraft(trx, row, body, now) : row;
    const view = await buildView(trx, updated);
    if (changed.length) await appendAudit(trx, actor, now, { action: 'procedure.update_draft', targetType: 'procedure', targetId: row.code, details: { code: row.code, changed } });
    return { procedure: view, warnings: v.warnings };
  });
}

export async function publishProcedure(ctx: AppContext, actor: Actor, code: string, decision: unknown, opts: RevisionOption = {}): Promise<ChangeResult> {
  await requireCatalogueManager(ctx.db, actor);
  const publication = requirePublication(decision, 'decision');
  return inTransaction(ctx, async (trx, now) => {
    await lockCatalogue(trx);
    const row = await lockedRow(trx, code, opts.revision);
    requireAction(row, 'publish');
    const body: ProcedureBody = { ...canonicalBody(row.draft), publication };
    const v = validateProcedure(body, { units: await loadUnitLookup(trx), forPublication: true });
    throwIfAny(v.errors);
    const r = await opPublish(trx, row, body, 'published', actor, now);
    const view = await buildView(trx, r.procedure);
    await appendAudit(trx, actor, now, {
      action: 'procedure.publish',
      targetType: 'procedure',
      targetId: row.code,
      details: { code: row.code, version: r.version.number, versionId: r.version.id, decision: publication },
    });
    return { procedure: view, warnings: v.warnings };
  });
}

/** A new version in force from the amending decision; the previous one stays in the history, and dossiers keep it. */
export async function amendProcedure(ctx: AppContext, actor: Actor, code: string, decision: unknown, changes: unknown, opts: RevisionOption = {}): Promise<AmendResult> {
  await requireCatalogueManager(ctx.db, actor);
  const publication = requirePublication(decision, 'decision');
  return inTransaction(ctx, async (trx, now) => {
    await lockCatalogue(trx);
    const row = await lockedRow(trx, code, opts.revision);
    requireAction(row, 'amend');
    const { body: before, version: previous } = await currentBody(trx, row);
    const { body: read, problems } = readProcedure(merged(before, changes));
    const body: ProcedureBody = { ...read, publication };
    const units = await loadUnitLookup(trx);
    const v = validateProcedure(body, { units, forPublication: true });
    throwIfAny([...problems, ...v.errors, ...decisionProblems('amend', publication, before.publication, 'decision')]);
    const changed = diffPaths({ ...before, publication: null }, { ...body, publication: null });
    if (changed.length === 0)
      throw invalid('nothing_to_amend', { vi: 'Nội dung sửa đổi giống hệt phiên bản hiện hành', en: 'The amendment changes nothing in the current version' }, [
        { path: 'changes', message: { vi: 'Thay đổi: không có nội dung nào khác phiên bản hiện hành', en: 'Changes: nothing differs from the current version' } },
      ]);
    const r = await opPublish(trx, row, body, 'amended', actor, now);
    const carry = await opCarryProcess(trx, row, previous!.id, r.version, body, units, actor, now);
    const view = await buildView(trx, r.procedure);
    await appendAudit(trx, actor, now, {
      action: 'procedure.amend',
      targetType: 'procedure',
      targetId: row.code,
      details: { code: row.code, version: r.version.number, versionId: r.version.id, decision: publication, changed, processCarriedOver: carry.carried },
    });
    return { procedure: view, warnings: v.warnings, processCarriedOver: carry.carried, processProblems: carry.problems };
  });
}

export async function replaceProcedure(ctx: AppContext, actor: Actor, code: string, byCode: string, decision: unknown, opts: RevisionOption = {}): Promise<ChangeResult> {
  await requireCatalogueManager(ctx.db, actor);
  const d = requireDecision(decision, 'decision');
  return inTransaction(ctx, async (trx, now) => {
    await lockCatalogue(trx);
    const row = await lockedRow(trx, code, opts.revision);
    requireAction(row, 'replace');
    const by = await getProcedureRow(trx, byCode.trim());
    const { body } = await currentBody(trx, row);
    throwIfAny([...replacementProblems(row.code, byCode.trim(), by ?? null, 'replacedBy'), ...decisionProblems('replace', d, body.publication, 'decision')]);
    const updated = await opRetire(trx, row, 'replaced', by!, d, actor, now);
    const view = await buildView(trx, updated);
    await appendAudit(trx, actor, now, { action: 'procedure.replace', targetType: 'procedure', targetId: row.code, details: { code: row.code, replacedBy: by!.code, decision: d } });
    return { procedure: view, warnings: [] };
  });
}

export async function abolishProcedure(ctx: AppContext, actor: Actor, code: string, decision: unknown, opts: RevisionOption = {}): Promise<ChangeResult> {
  await requireCatalogueManager(ctx.db, actor);
  const d = requireDecision(decision, 'decision');
  return inTransaction(ctx, async (trx, now) => {
    await lockCatalogue(trx);
    const row = await lockedRow(trx, code, opts.revision);
    requireAction(row, 'abolish');
    const { body } = await currentBody(trx, row);
    throwIfAny(decisionProblems('abolish', d, body.publication, 'decision'));
    const updated = await opRetire(trx, row, 'abolished', null, d, actor, now);
    const view = await buildView(trx, updated);
    await appendAudit(trx, actor, now, { action: 'procedure.abolish', targetType: 'procedure', targetId: row.code, details: { code: row.code, decision: d } });
    return { procedure: view, warnings: [] };
  });
}

/** Checks a process against the current version without saving it: the step editor's running total and problems. */
export async function previewProcess(ctx: AppContext, actor: Actor, code: string, input: unknown): Promise<ProcessCheck> {
  await requireCatalogueManager(ctx.db, actor);
  const row = await getProcedureRow(ctx.db, code.trim());
  if (!row) throw notFound(PROCEDURE);
  const { body } = await currentBody(ctx.db, row);
  const read = readProcess(input);
  const check = validateProcess(read.body, body, await loadUnitLookup(ctx.db));
  return { ...check, errors: [...read.problems, ...check.errors] };
}

/** Approves a new internal process for the procedure's current version. */
export async function setProcess(ctx: AppContext, actor: Actor, code: string, input: unknown, opts: RevisionOption = {}): Promise<{ process: ProcessView; warnings: FieldError[] }> {
  await requireCatalogueManager(ctx.db, actor);
  return inTransaction(ctx, async (trx, now) => {
    await lockCatalogue(trx);
    const row = await lockedRow(trx, code, opts.revision);
    requireAction(row, 'set_process');
    const { body, version } = await currentBody(trx, row);
    const read = readProcess(input);
    const check = validateProcess(read.body, body, await loadUnitLookup(trx));
    throwIfAny([...read.problems, ...check.errors]);
    const current = await processForVersion(trx, version!.id);
    if (current && sameJson(readProcess(current.body).body, read.body))
      throw invalid('process_unchanged', { vi: 'Quy trình giống hệt quy trình đang áp dụng', en: 'The process is the same as the one in force' });
    const pv = await opSetProcess(trx, row, version!.id, read.body, actor, now);
    await appendAudit(trx, actor, now, {
      action: 'procedure.process.set',
      targetType: 'procedure',
      targetId: row.code,
      details: { code: row.code, procedureVersionId: version!.id, processVersionId: pv.id, number: pv.number, totalMinutes: check.totalMinutes, approval: read.body.approval },
    });
    return { process: toProcessView(pv, body), warnings: check.warnings };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Reads

export type StatusFilter = 'in_force' | 'public' | 'retired' | 'draft' | 'all';

export interface SearchQuery {
  q?: string | null;
  field?: string | null;
  level?: ProcedureLevel | null;
  /** Agency code of a competent or receiving unit. */
  unitCode?: string | null;
  online?: OnlineLevel | 'none' | null;
  /** Default `in_force`. `draft` and `all` are for catalogue managers. */
  status?: StatusFilter | null;
  page?: number | null;
  pageSize?: number | null;
}

export interface ProcedureSummary {
  code: string;
  name: string;
  field: string;
  level: ProcedureLevel;
  status: ProcedureStatus;
  onlineLevel: OnlineLevel | null;
  unitCodes: string[];
  /** Current version id (null for drafts). */
  versionId: number | null;
  /** 2 exact code, 1.5 code prefix, 0.75–1 the query as a phrase, 0.5–0.75 all its words, below 0.5 fuzzy; 0 without a query. */
  rank: number;
}

export interface SearchResult {
  total: number;
  page: number;
  pageSize: number;
  items: ProcedureSummary[];
}

const LEVEL_FILTER: Record<ProcedureLevel, ProcedureLevel[]> = {
  province: ['province', 'both'],
  commune: ['commune', 'both'],
  both: ['both'],
  inter_agency: ['inter_agency'],
};

const STATUS_FILTER: Record<StatusFilter, readonly ProcedureStatus[]> = {
  in_force: IN_FORCE_STATUSES,
  public: PUBLIC_STATUSES,
  retired: RETIRED_STATUSES,
  draft: ['draft'],
  all: ['draft', ...PUBLIC_STATUSES],
};

export const MAX_PAGE_SIZE = 100;

/**
 * Finds procedures by name (with or without diacritics, tolerant of a typo) or code, with filters. Anyone may
 * search what was published; drafts are only listed for catalogue managers.
 */
export async function searchProcedures(ctx: AppContext, actor: Actor | null, query: SearchQuery = {}): Promise<SearchResult> {
  const status = query.status ?? 'in_force';
  if (!(status in STATUS_FILTER)) throw fieldInvalid('status', { vi: `Trạng thái: phải là một trong ${Object.keys(STATUS_FILTER).join(', ')}`, en: `Status: must be one of ${Object.keys(STATUS_FILTER).join(', ')}` });
  if ((status === 'draft' || status === 'all') && !(await canManageCatalogue(ctx.db, actor)))
    throw forbidden({ vi: 'Chỉ người quản lý danh mục mới xem được dự thảo', en: 'Only catalogue managers may see drafts' });
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  if (!Number.isInteger(page) || page < 1 || page > 10_000) throw fieldInvalid('page', { vi: 'Trang: phải là số nguyên từ 1', en: 'Page: must be a whole number from 1' });
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
    throw fieldInvalid('pageSize', { vi: `Số dòng mỗi trang: từ 1 đến ${MAX_PAGE_SIZE}`, en: `Page size: from 1 to ${MAX_PAGE_SIZE}` });
  if (query.level && !(query.level in LEVEL_FILTER)) throw fieldInvalid('level', { vi: 'Cấp thực hiện: không hợp lệ', en: 'Level: not a known level' });
  if (query.online && !['full', 'partial', 'none'].includes(query.online)) throw fieldInvalid('online', { vi: 'Mức độ trực tuyến: full, partial hoặc none', en: 'Online level: full, partial or none' });
  const raw = (query.q ?? '').trim().slice(0, 200);
  const q = normaliseSearchText(raw);
  const params = {
    q: q || null,
    raw: raw || null,
    statuses: STATUS_FILTER[status],
    field: query.field?.trim() || undefined,
    levels: query.level ? LEVEL_FILTER[query.level] : undefined,
    unitCode: query.unitCode?.trim().toUpperCase() || undefined,
    online: query.online ?? undefined,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  };
  const { rows, total } = await searchProcedureRows(ctx.db, params);
  return {
    total,
    page,
    pageSize,
    items: rows.map((r) => ({
      code: r.code,
      name: r.name,
      field: r.field,
      level: r.level,
      status: r.status,
      onlineLevel: r.online_level,
      unitCodes: r.unit_codes,
      versionId: r.current_version_id,
      rank: Math.round(Number(r.rank) * 10_000) / 10_000,
    })),
  };
}

/** A procedure with its current version, process, versions and history. Drafts only for catalogue managers. */
export async function getProcedure(ctx: AppContext, actor: Actor | null, code: string): Promise<ProcedureView> {
  const row = await getProcedureRow(ctx.db, code.trim());
  if (!row) throw notFound(PROCEDURE);
  if (row.status === 'draft' && !(await canManageCatalogue(ctx.db, actor))) throw notFound(PROCEDURE);
  return buildView(ctx.db, row);
}

export interface PinnedVersion {
  versionId: number;
  number: number;
  code: string;
  body: ProcedureBody;
  decision: PublicationDecision;
  /** The process approved for this version (the newest, when several were). */
  process: ProcessView | null;
}

/** A procedure version by its stable id, as a dossier received under it sees it, whatever happened since. */
export async function getProcedureVersion(ctx: AppContext, versionId: number): Promise<PinnedVersion> {
  const v = await getVersion(ctx.db, versionId);
  if (!v) throw notFound({ vi: 'phiên bản thủ tục', en: 'Procedure version' });
  const body = canonicalBody(v.body);
  const p = await processForVersion(ctx.db, v.id);
  return { versionId: v.id, number: v.number, code: v.code, body, decision: { number: v.decision_number, date: v.decision_date, effectiveDate: v.effective_date }, process: p ? toProcessView(p, body) : null };
}

/** A process version by its stable id (pinned by dossiers). */
export async function getProcessVersionView(ctx: AppContext, processVersionId: number): Promise<ProcessView> {
  const p = await getProcessVersion(ctx.db, processVersionId);
  if (!p) throw notFound({ vi: 'phiên bản quy trình', en: 'Process version' });
  const v = await getVersion(ctx.db, p.procedure_version_id);
  return toProcessView(p, canonicalBody(v!.body));
}

/** Fields (lĩnh vực) with their number of procedures, for the search filter. */
export async function listFields(ctx: AppContext, actor: Actor | null, opts: { status?: StatusFilter } = {}): Promise<{ field: string; count: number }[]> {
  const status = opts.status ?? 'in_force';
  if ((status === 'draft' || status === 'all') && !(await canManageCatalogue(ctx.db, actor)))
    throw forbidden({ vi: 'Chỉ người quản lý danh mục mới xem được dự thảo', en: 'Only catalogue managers may see drafts' });
  return listFieldRows(ctx.db, STATUS_FILTER[status]);
}


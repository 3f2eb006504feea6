// Import and export of the procedure catalogue. An import is planned first (the dry run is that plan) and then
// applied in one transaction: either every accepted record lands, with its versions, history and audit entries,
// or nothing does. Re-importing the same file changes nothing; changed records become new versions.
import {
  buildExport,
  canonicalBody,
  exportCsv,
  exportJson,
  parseCatalogueFile,
  planImport,
  readProcess,
  readPublication,
  summarise,
  type ExistingProcedure,
  type ImportSummary,
  type MappingNote,
  type NoteKind,
  type Outcome,
  type ParsedFile,
  type PlanAction,
  type ProcedureStatus,
  type RecordOrigin,
  type RecordPlan,
} from '../domain/catalogue/index.js';
import { Reader } from '../domain/catalogue/read.js';
import { invalid, type FieldError } from '../domain/errors.js';
import { getProcedureRow, loadCatalogueStates, lockCatalogue, type CatalogueStateRow, type ProcedureRow } from '../store/catalogue.js';
import type { Actor } from './actor.js';
import { appendAudit, type AuditInput } from './audit.js';
import { canManageCatalogue, loadUnitLookup, opCarryProcess, opCreate, opPublish, opRetire, opSetProcess, opUpdateDraft, requireCatalogueManager } from './catalogue.js';
import type { AppContext } from './context.js';
import { inTransaction } from './tx.js';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.js';

export interface ImportRunOptions {
  /** Plan and report only; nothing is written. */
  dryRun?: boolean;
  /** Apply the accepted records even when others are rejected (default: any rejection applies nothing). */
  skipRejected?: boolean;
  /** {number, date, effectiveDate}: publish status-less records (the national catalogue) by this decision. */
  publishWith?: unknown;
  /** Shown in the audit entry. */
  fileName?: string;
}

export interface RecordReport {
  index: number;
  code: string;
  outcome: Outcome;
  status: ProcedureStatus | null;
  changes: string[];
  problems: FieldError[];
  warnings: FieldError[];
  notes: MappingNote[];
}

export interface ImportReport {
  format: RecordOrigin | null;
  dryRun: boolean;
  /** Whether the changes were written. False on a dry run, and when a rejection stopped the whole import. */
  applied: boolean;
  summary: ImportSummary;
  /** Problems with the file as a whole (encoding, header, JSON syntax): nothing was read from it. */
  fileProblems: FieldError[];
  records: RecordReport[];
  /** How many records carry each kind of mapping note, for a readable summary of a large file. */
  noteCounts: { code: string; kind: NoteKind; count: number; example: string }[];
}

type Db = Kysely<Database> | Transaction<Database>;

function toExisting(r: CatalogueStateRow): ExistingProcedure {
  return {
    code: r.code,
    status: r.status,
    body: canonicalBody(r.status === 'draft' ? r.draft : r.body),
    statusDecision: r.status_decision ? { number: r.status_decision.number, date: r.status_decision.date } : null,
    replacedBy: r.replaced_by_code,
    process: r.process_body ? readProcess(r.process_body).body : null,
  };
}

async function existingFor(db: Db, parsed: ParsedFile): Promise<Map<string, ExistingProcedure>> {
  const codes = new Set<string>();
  for (const r of parsed.records) {
    if (r.code) codes.add(r.code);
    if (r.replacedBy) codes.add(r.replacedBy);
  }
  const rows = await loadCatalogueStates(db, { codes: [...codes] });
  return new Map(rows.map((r) => [r.code, toExisting(r)]));
}

function report(parsed: ParsedFile, plans: RecordPlan[], dryRun: boolean, applied: boolean): ImportReport {
  const counts = new Map<string, { code: string; kind: NoteKind; count: number; example: string }>();
  for (const p of plans)
    for (const code of new Set(p.notes.map((n) => n.code))) {
      const n = p.notes.find((x) => x.code === code)!;
      const c = counts.get(code) ?? { code, kind: n.kind, count: 0, example: n.message.en };
      c.count++;
      counts.set(code, c);
    }
  return {
    format: parsed.format,
    dryRun,
    applied,
    summary: summarise(plans),
    fileProblems: parsed.problems,
    records: plans.map((p) => ({ index: p.index, code: p.code, outcome: p.outcome, status: p.status, changes: p.changes, problems: p.problems, warnings: p.warnings, notes: p.notes })),
    noteCounts: [...counts.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
  };
}

/** Reads the bytes of a .json or .csv file and imports it. */
export async function importCatalogueFile(ctx: AppContext, actor: Actor, bytes: Uint8Array, fileName: string, opts: ImportRunOptions = {}): Promise<ImportReport> {
  return importCatalogue(ctx, actor, parseCatalogueFile(bytes, fileName), { fileName, ...opts });
}

export async function importCatalogue(ctx: AppContext, actor: Actor, parsed: ParsedFile, opts: ImportRunOptions = {}): Promise<ImportReport> {
  await requireCatalogueManager(ctx.db, actor);
  let publishWith = null;
  if (opts.publishWith !== undefined && opts.publishWith !== null) {
    const r = new Reader();
    publishWith = readPublication(r, opts.publishWith, 'publishWith');
    if (r.problems.length) throw invalid('validation_failed', { vi: 'Quyết định công bố không hợp lệ', en: 'Invalid publication decision' }, r.problems);
  }
  const dryRun = !!opts.dryRun;
  if (parsed.problems.length) return report(parsed, [], dryRun, false);

  if (dryRun) {
    const plans = planImport(parsed.records, await existingFor(ctx.db, parsed), await loadUnitLookup(ctx.db), { publishWith });
    return report(parsed, plans, true, false);
  }
  return inTransaction(ctx, async (trx, now) => {
    await lockCatalogue(trx);
    const units = await loadUnitLookup(trx);
    const plans = planImport(parsed.records, await existingFor(trx, parsed), units, { publishWith });
    const rejected = plans.some((p) => p.outcome === 'rejected');
    if (rejected && !opts.skipRejected) return report(parsed, plans, false, false);

    const rows = new Map<string, ProcedureRow>();
    const rowOf = async (code: string): Promise<ProcedureRow> => {
      const known = rows.get(code) ?? (await getProcedureRow(trx, code, { forUpdate: true }));
      if (!known) throw new Error(`import: procedure ${code} vanished while importing`);
      rows.set(code, known);
      return known;
    };
    const isRetirement = (a: PlanAction) => a.kind === 'replace' || a.kind === 'abolish';
    // Content first for every record, then replacements, which may point at procedures created further down.
    for (const phase of [false, true])
      for (const p of plans) {
        if (p.outcome === 'rejected') continue;
        for (const a of p.actions.filter((x) => isRetirement(x) === phase)) {
          switch (a.kind) {
            case 'create':
              rows.set(p.code, await opCreate(trx, a.body, actor, now));
              break;
            case 'update_draft':
              rows.set(p.code, await opUpdateDraft(trx, await rowOf(p.code), a.body, now));
              break;
            case 'publish':
              rows.set(p.code, (await opPublish(trx, await rowOf(p.code), a.body, a.status, actor, now)).procedure);
              break;
            case 'amend': {
              const before = await rowOf(p.code);
              const r = await opPublish(trx, before, a.body, 'amended', actor, now);
              rows.set(p.code, r.procedure);
              if (a.carryProcess) await opCarryProcess(trx, r.procedure, before.current_version_id!, r.version, a.body, units, actor, now);
              break;
            }
            case 'set_process': {
              const row = await rowOf(p.code);
              await opSetProcess(trx, row, row.current_version_id!, a.process, actor, now);
              break;
            }
            case 'replace':
              rows.set(p.code, await opRetire(trx, await rowOf(p.code), 'replaced', await rowOf(a.byCode), a.decision, actor, now));
              break;
            case 'abolish':
              rows.set(p.code, await opRetire(trx, await rowOf(p.code), 'abolished', null, a.decision, actor, now));
              break;
          }
        }
      }
    const result = report(parsed, plans, false, true);
    // Audit entries go last: they hold the chain head until commit.
    const entries: AuditInput[] = plans
      .filter((p) => p.outcome === 'created' || p.outcome === 'updated')
      .map((p) => ({
        action: 'procedure.import',
        targetType: 'procedure',
        targetId: p.code,
        details: { code: p.code, outcome: p.outcome, status: p.status, changes: p.changes, actions: p.actions.map((a) => a.kind) },
      }));
    entries.push({ action: 'catalogue.import', targetType: 'catalogue', targetId: null, details: { file: opts.fileName ?? null, format: parsed.format, ...result.summary } });
    for (const e of entries) await appendAudit(trx, actor, now, e);
    return result;
  });
}

/**
 * The catalogue's current state as our JSON or CSV. Drafts are included for catalogue managers (by default) and
 * never for anyone else.
 */
export async function exportCatalogue(ctx: AppContext, actor: Actor | null, opts: { format?: 'json' | 'csv'; includeDrafts?: boolean } = {}): Promise<string> {
  const manager = await canManageCatalogue(ctx.db, actor);
  const includeDrafts = opts.includeDrafts ?? manager;
  if (includeDrafts && !manager) await requireCatalogueManager(ctx.db, actor ?? { kind: 'anonymous', ip: null, requestId: null });
  const rows = await loadCatalogueStates(ctx.db, includeDrafts ? {} : { statuses: ['published', 'amended', 'replaced', 'abolished'] });
  const file = buildExport(rows.map(toExisting));
  return opts.format === 'csv' ? exportCsv(file) : exportJson(file);
}

/** A plain-text rendering of a report for the command line (English, with Vietnamese reasons alongside). */
export function formatImportReport(r: ImportReport, opts: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  if (r.fileProblems.length) {
    out.push('The file was rejected; nothing was imported:');
    for (const p of r.fileProblems) out.push(`  ${p.message.en}\n  (${p.message.vi})`);
    return out.join('\n');
  }
  const s = r.summary;
  out.push(`Format: ${r.format}. Records: ${s.total}. Created: ${s.created}, updated: ${s.updated}, unchanged: ${s.unchanged}, rejected: ${s.rejected}. Partially mapped: ${s.partiallyMapped}.`);
  for (const rec of r.records.filter((x) => x.outcome === 'rejected')) {
    out.push(`  #${rec.index} ${rec.code || '(no code)'} REJECTED:`);
    for (const p of rec.problems) out.push(`      ${p.path || '(record)'}: ${p.message.en} | ${p.message.vi}`);
  }
  const updated = r.records.filter((x) => x.outcome === 'updated');
  for (const rec of opts.verbose ? updated : updated.slice(0, 50)) out.push(`  #${rec.index} ${rec.code} updated: ${rec.changes.join(', ') || '(status)'}`);
  if (!opts.verbose && updated.length > 50) out.push(`  … and ${updated.length - 50} more updated records (use --verbose)`);
  if (r.noteCounts.length) {
    out.push('Mapping notes (records affected):');
    for (const n of r.noteCounts) out.push(`  ${String(n.count).padStart(4)} × ${n.code} [${n.kind}] e.g. ${n.example}`);
  }
  if (opts.verbose)
    for (const rec of r.records.filter((x) => x.notes.length || x.warnings.length)) {
      out.push(`  #${rec.index} ${rec.code}:`);
      for (const n of rec.notes) out.push(`      note ${n.code} at ${n.path}: ${n.message.en}`);
      for (const w of rec.warnings) out.push(`      warning at ${w.path}: ${w.message.en}`);
    }
  if (r.dryRun) out.push('Dry run: nothing was written.');
  else if (r.applied) out.push(s.rejected ? `Applied, skipping ${s.rejected} rejected record(s).` : 'Applied.');
  else out.push('Nothing was written: fix the rejected records, or run again with --skip-rejected.');
  return out.join('\n');
}

// Import planning: given the records of a file and the catalogue as it stands, decide for every record what would
// happen (created / updated with the changed fields / unchanged / rejected with reasons) and which lifecycle steps
// apply it. Pure, so a dry run is exactly the plan, and the real run executes the same plan in one transaction.
import { canonicalJson } from '../audit.js';
import type { Bilingual, FieldError } from '../errors.js';
import { F, says } from './labels.js';
import { decisionProblems } from './lifecycle.js';
import {
  CHANNELS,
  STATUS_LABELS,
  isInForce,
  isRetired,
  type Decision,
  type ProcedureBody,
  type ProcedureStatus,
  type PublicationDecision,
  type UnitLookup,
} from './model.js';
import { readDecision, readProcedure, validateProcedure } from './procedure.js';
import { readProcess, validateProcess, type ProcessBody } from './process.js';
import { Reader } from './read.js';
import type { ImportRecord, MappingNote, RecordOrigin } from './records.js';

/** The catalogue's current state of one procedure, as the planner needs it. */
export interface ExistingProcedure {
  code: string;
  status: ProcedureStatus;
  /** The current version's body, or the draft. */
  body: ProcedureBody;
  statusDecision: Decision | null;
  replacedBy: string | null;
  /** The current process of the current version. */
  process: ProcessBody | null;
}

export interface ImportOptions {
  /**
   * Records that carry no status (the national catalogue) are published — or amended when already published and
   * changed — by this provincial decision. Without it they are loaded as drafts.
   */
  publishWith?: PublicationDecision | null;
}

export type PlanAction =
  | { kind: 'create'; body: ProcedureBody }
  | { kind: 'update_draft'; body: ProcedureBody }
  | { kind: 'publish'; body: ProcedureBody; status: 'published' | 'amended' }
  | { kind: 'amend'; body: ProcedureBody; carryProcess: boolean }
  | { kind: 'set_process'; process: ProcessBody }
  | { kind: 'replace'; byCode: string; decision: Decision }
  | { kind: 'abolish'; decision: Decision };

export type Outcome = 'created' | 'updated' | 'unchanged' | 'rejected';

export interface RecordPlan {
  index: number;
  code: string;
  origin: RecordOrigin;
  outcome: Outcome;
  /** Status after the import (the current one when unchanged or rejected; null for a rejected new record). */
  status: ProcedureStatus | null;
  /** Changed fields of an update, as paths ('name', 'channels.counter.timeLimit', 'status', 'process'). */
  changes: string[];
  actions: PlanAction[];
  /** Why the record is rejected. */
  problems: FieldError[];
  warnings: FieldError[];
  notes: MappingNote[];
}

export interface ImportSummary {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Records with at least one source value the model could not take as it is. */
  partiallyMapped: number;
}

export function summarise(plans: readonly RecordPlan[]): ImportSummary {
  const count = (o: Outcome) => plans.filter((p) => p.outcome === o).length;
  return {
    total: plans.length,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    rejected: count('rejected'),
    partiallyMapped: plans.filter((p) => p.notes.some((n) => n.kind === 'unmapped')).length,
  };
}

export const sameJson = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/**
 * Paths where two values differ, down to `depth` levels (deeper differences are reported at that level; a list
 * whose length changed is reported as the list).
 */
export function diffPaths(a: unknown, b: unknown, depth = 3, path = ''): string[] {
  if (sameJson(a, b)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (depth === 0) return [path];
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => diffPaths(a[k], b[k], depth - 1, path ? `${path}.${k}` : k));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && path)
    return a.flatMap((x, i) => diffPaths(x, b[i], depth - 1, `${path}[${i}]`));
  return [path];
}

const problem = (path: string, label: Bilingual, why: Bilingual): FieldError => ({ path, message: says(label, why) });

/**
 * Fields the national catalogue does not carry but the province maintains: a re-import of national data must not
 * wipe them, so they are taken from the procedure as it stands.
 */
function keepLocalFields(existing: ProcedureBody, incoming: ProcedureBody, notes: readonly MappingNote[]): ProcedureBody {
  // A time the source lacks, or gives without a unit, does not override a limit the province already has.
  const doubtfulTime = new Set(notes.filter((n) => n.code === 'time_missing' || n.code === 'time_unit_assumed').map((n) => n.path));
  const out: ProcedureBody = structuredClone(incoming);
  out.competentUnits = [...existing.competentUnits];
  out.receivingUnit = existing.receivingUnit;
  if (out.steps.length === 0) out.steps = [...existing.steps];
  if (out.legalBasis.length === 0) out.legalBasis = [...existing.legalBasis];
  if (out.onlineLevel === null && out.channels.online) out.onlineLevel = existing.onlineLevel;
  if (out.onlineLevel === 'partial') {
    out.onlinePartialReason ??= existing.onlinePartialReason;
    out.onlinePartialLegalBasis ??= existing.onlinePartialLegalBasis;
  }
  out.publication = existing.publication;
  for (const c of CHANNELS) {
    const mine = out.channels[c];
    const theirs = existing.channels[c];
    if (mine && theirs) {
      if (theirs.timeLimit && doubtfulTime.has(`channels.${c}.timeLimit`)) mine.timeLimit = theirs.timeLimit;
      mine.reducedTimeLimit = theirs.reducedTimeLimit;
      mine.fees = mine.fees.map((f) => {
        const same = theirs.fees.find((x) => x.name === f.name && x.amountVnd === f.amountVnd);
        return same ? { ...f, collectedAt: same.collectedAt } : f;
      });
    }
  }
  out.documents = out.documents.map((d) => {
    const same = existing.documents.find((x) => x.name === d.name);
    return same ? { ...d, templateFile: same.templateFile, reusable: same.reusable } : d;
  });
  return out;
}

interface Pending {
  plan: RecordPlan;
  retire: { kind: 'replaced' | 'abolished'; byCode: string | null; decision: Decision | null; decisionPath: string } | null;
  /** Status after the content actions, before any retirement. */
  statusAfterContent: ProcedureStatus | null;
  publication: PublicationDecision | null;
  existing: ExistingProcedure | undefined;
}

/**
 * Plans every record. Records are independent except for replacements, which may point at procedures created or
 * published earlier or later in the same file (retirements are planned after all content changes).
 */
export function planImport(records: readonly ImportRecord[], existing: ReadonlyMap<string, ExistingProcedure>, units: UnitLookup, opts: ImportOptions = {}): RecordPlan[] {
  const firstAt = new Map<string, number>();
  const pending = records.map((rec) => {
    const dup = firstAt.get(rec.code);
    if (rec.code && dup === undefined) firstAt.set(rec.code, rec.index);
    return planContent(rec, existing.get(rec.code), units, opts, dup);
  });

  // Pass 2: retirements, against the state the content changes leave behind. Repeated until stable, because
  // rejecting a record can take away the procedure another record is replaced by.
  for (let round = 0; round < 10; round++) {
    const after = new Map<string, ProcedureStatus>();
    const replacedBy = new Map<string, string>();
    for (const [code, e] of existing) {
      after.set(code, e.status);
      if (e.replacedBy) replacedBy.set(code, e.replacedBy);
    }
    for (const p of pending) {
      if (p.plan.outcome === 'rejected') continue;
      if (p.statusAfterContent) after.set(p.plan.code, p.statusAfterContent);
      if (p.retire?.byCode) replacedBy.set(p.plan.code, p.retire.byCode);
    }
    let changed = false;
    for (const p of pending) {
      if (p.plan.outcome === 'rejected' || !p.retire) continue;
      const before = p.plan.problems.length;
      const actions = retirementActions(p, after, replacedBy);
      if (p.plan.problems.length > before) {
        reject(p.plan, p.existing);
        changed = true;
      } else if (round === 0) {
        p.plan.actions.push(...actions);
        if (actions.length) {
          p.plan.status = p.retire.kind;
          if (p.plan.outcome === 'unchanged') p.plan.outcome = 'updated';
          if (p.plan.outcome === 'updated' && p.existing) {
            if (p.existing.status !== p.retire.kind) p.plan.changes.push('status');
            if (p.existing.replacedBy !== p.retire.byCode) p.plan.changes.push('replacedBy');
            if (!sameJson(p.existing.statusDecision, p.retire.decision)) p.plan.changes.push('statusDecision');
          }
        }
      }
    }
    if (!changed) break;
  }
  for (const p of pending)
    if (p.plan.outcome === 'rejected' && p.plan.problems.length === 0)
      throw new Error(`import planning rejected record ${p.plan.index} (${p.plan.code}) without a reason`);
  return pending.map((p) => p.plan);
}

function reject(plan: RecordPlan, existing: ExistingProcedure | undefined): void {
  plan.outcome = 'rejected';
  plan.actions = [];
  plan.changes = [];
  plan.status = existing?.status ?? null;
}

function retirementActions(p: Pending, after: ReadonlyMap<string, ProcedureStatus>, replacedBy: ReadonlyMap<string, string>): PlanAction[] {
  const { plan, retire, existing } = p;
  if (!retire) return [];
  if (!retire.decision) {
    plan.problems.push(problem(retire.decisionPath, F.decision, { vi: 'thủ tục bị thay thế hoặc bãi bỏ phải có số và ngày của quyết định', en: 'a replaced or abolished procedure needs the number and date of the decision' }));
    return [];
  }
  if (existing && existing.status === retire.kind) {
    if (existing.replacedBy === retire.byCode && sameJson(existing.statusDecision, retire.decision)) return [];
    plan.problems.push(problem('status', F.status, { vi: 'thủ tục đã hết hiệu lực; không thể đổi quyết định hay thủ tục thay thế', en: 'the procedure is no longer in force; its decision or replacement cannot change' }));
    return [];
  }
  if (existing && isRetired(existing.status)) {
    plan.problems.push(problem('status', F.status, { vi: `thủ tục đã ở trạng thái "${STATUS_LABELS[existing.status].vi}"`, en: `the procedure is already "${STATUS_LABELS[existing.status].en}"` }));
    return [];
  }
  plan.problems.push(...decisionProblems(retire.kind === 'replaced' ? 'replace' : 'abolish', retire.decision, p.publication, retire.decisionPath));
  if (retire.kind === 'abolished') return [{ kind: 'abolish', decision: retire.decision }];
  const by = retire.byCode ?? '';
  if (!by) {
    plan.problems.push(problem('replacedBy', F.replacedBy, { vi: 'cần mã thủ tục thay thế', en: 'the code of the replacing procedure is required' }));
    return [];
  }
  if (by === plan.code) {
    plan.problems.push(problem('replacedBy', F.replacedBy, { vi: `thủ tục ${by} không thể được thay thế bởi chính nó`, en: `procedure ${by} cannot be replaced by itself` }));
    return [];
  }
  // The replacing procedure must have been published. An import carries current states, not the order of events,
  // so it may since have been replaced or abolished itself (a chain of replacements).
  const target = after.get(by);
  if (!target || target === 'draft') {
    plan.problems.push(
      problem('replacedBy', F.replacedBy, {
        vi: target ? `thủ tục ${by} chưa được công bố` : `không có thủ tục nào mang mã ${by}`,
        en: target ? `procedure ${by} has not been published` : `there is no procedure with the code ${by}`,
      }),
    );
    return [];
  }
  const seen = new Set([plan.code]);
  for (let c: string | undefined = by; c; c = replacedBy.get(c)) {
    if (seen.has(c)) {
      plan.problems.push(problem('replacedBy', F.replacedBy, { vi: `chuỗi thay thế quay vòng về ${c}`, en: `the chain of replacements loops back to ${c}` }));
      return [];
    }
    seen.add(c);
  }
  return [{ kind: 'replace', byCode: by, decision: retire.decision }];
}

function planContent(rec: ImportRecord, existing: ExistingProcedure | undefined, units: UnitLookup, opts: ImportOptions, duplicateOf: number | undefined): Pending {
  const plan: RecordPlan = {
    index: rec.index,
    code: rec.code,
    origin: rec.origin,
    outcome: 'unchanged',
    status: existing?.status ?? null,
    changes: [],
    actions: [],
    problems: [...rec.problems],
    warnings: [],
    notes: rec.notes,
  };
  const pend: Pending = { plan, retire: null, statusAfterContent: existing?.status ?? null, publication: existing?.body.publication ?? null, existing };
  const fail = () => {
    reject(plan, existing);
    return pend;
  };
  if (duplicateOf !== undefined)
    plan.problems.push(problem('code', F.code, { vi: `mã ${rec.code} đã xuất hiện ở bản ghi số ${duplicateOf} của tệp`, en: `code ${rec.code} already appears in record ${duplicateOf} of the file` }));
  if (rec.body === null || rec.body === undefined) return fail();

  const read = readProcedure(rec.body);
  plan.problems.push(...read.problems);
  let body = read.body;
  if (body.code !== rec.code)
    plan.problems.push(problem('code', F.code, { vi: `mã trong nội dung (${body.code}) khác mã của bản ghi (${rec.code})`, en: `the body's code (${body.code}) differs from the record's (${rec.code})` }));

  const r = new Reader();
  const statusDecision = readDecision(r, rec.statusDecision, 'statusDecision');
  const processGiven = rec.process !== undefined && rec.process !== null;
  const process = processGiven ? readProcess(rec.process) : null;
  plan.problems.push(...r.problems, ...(process?.problems.map((x) => ({ ...x, path: `process.${x.path}`.replace(/\.$/, '') })) ?? []));

  // What the record asks for: its own status, or for status-less records a publication when a decision is given.
  const asserted = rec.status;
  const statusless = asserted === undefined;
  if (statusless && existing) body = keepLocalFields(existing.body, body, rec.notes);
  let target: ProcedureStatus;
  if (!statusless) target = asserted;
  else if (existing && existing.status !== 'draft') target = existing.status;
  else target = opts.publishWith ? 'published' : 'draft';
  if (statusless && opts.publishWith && !(existing && isInForce(existing.status) && sameJson(body, existing.body)) && !(existing && isRetired(existing.status)))
    body.publication = opts.publishWith;

  const structural = validateProcedure(body, { units });
  plan.problems.push(...structural.errors);
  plan.warnings.push(...structural.warnings);
  if (plan.problems.length) return fail();

  const wantsInForce = target !== 'draft';
  const checkPublishable = (): boolean => {
    const v = validateProcedure(body, { units, forPublication: true });
    if (v.errors.length === 0) {
      plan.warnings.push(...v.warnings.filter((w) => !plan.warnings.some((x) => x.path === w.path && x.message.en === w.message.en)));
      return true;
    }
    if (statusless) {
      // A national record that cannot be published yet is still worth loading: it stays a draft, with the reasons.
      plan.notes = [
        ...plan.notes,
        ...v.errors.map((e) => ({ code: 'left_as_draft', kind: 'missing' as const, path: e.path, message: { vi: `Để ở dạng dự thảo: ${e.message.vi}`, en: `Left as a draft: ${e.message.en}` } })),
      ];
      return false;
    }
    plan.problems.push(...v.errors);
    return false;
  };

  const publishStatus: 'published' | 'amended' = target === 'amended' ? 'amended' : 'published';
  if (!existing) {
    plan.outcome = 'created';
    plan.actions.push({ kind: 'create', body });
    plan.status = 'draft';
    if (wantsInForce) {
      if (checkPublishable()) {
        plan.actions.push({ kind: 'publish', body, status: publishStatus });
        plan.status = publishStatus;
      } else if (!statusless) return fail();
      else body.publication = null;
    }
  } else if (existing.status === 'draft') {
    if (!wantsInForce || (statusless && !checkPublishable())) {
      if (statusless && wantsInForce) body.publication = existing.body.publication;
      if (!sameJson(body, existing.body)) {
        plan.outcome = 'updated';
        plan.changes = diffPaths(existing.body, body);
        plan.actions.push({ kind: 'update_draft', body });
      }
    } else {
      if (!statusless && !checkPublishable()) return fail();
      plan.outcome = 'updated';
      plan.changes = [...diffPaths(existing.body, body), 'status'];
      plan.actions.push({ kind: 'publish', body, status: publishStatus });
      plan.status = publishStatus;
    }
  } else if (isInForce(existing.status)) {
    if (!wantsInForce) {
      plan.problems.push(problem('status', F.status, { vi: 'thủ tục đã công bố không thể trở lại dạng dự thảo', en: 'a published procedure cannot go back to being a draft' }));
      return fail();
    }
    if (!sameJson(body, existing.body)) {
      if (statusless && !opts.publishWith) {
        plan.problems.push(
          problem('publication', F.publication, {
            vi: 'nội dung thủ tục đã công bố thay đổi; cần quyết định sửa đổi, bổ sung (nhập với quyết định công bố)',
            en: 'the content of a published procedure changed; that needs an amending decision (import with a publication decision)',
          }),
        );
        return fail();
      }
      plan.problems.push(...decisionProblems('amend', body.publication ?? { number: '', date: '', effectiveDate: '' }, existing.body.publication, 'publication'));
      // A procedure in force can only move to another publishable version, whatever the record's origin.
      const v = validateProcedure(body, { units, forPublication: true });
      plan.problems.push(...v.errors);
      if (plan.problems.length) return fail();
      plan.warnings.push(...v.warnings);
      plan.outcome = 'updated';
      plan.changes = diffPaths(existing.body, body);
      plan.actions.push({ kind: 'amend', body, carryProcess: !processGiven });
      plan.status = 'amended';
    }
  } else {
    // Replaced or abolished: nothing may change any more. A status-less record asserts nothing about the
    // procedure's life, so national data for a retired procedure is simply not applied.
    if (statusless) {
      if (!sameJson(body, existing.body))
        plan.warnings.push(problem('status', F.status, { vi: `thủ tục đã ở trạng thái "${STATUS_LABELS[existing.status].vi}"; dữ liệu mới không được áp dụng`, en: `the procedure is "${STATUS_LABELS[existing.status].en}"; the new data is not applied` }));
      return pend;
    }
    if (!sameJson(body, existing.body) || target !== existing.status) {
      plan.problems.push(
        problem('status', F.status, {
          vi: `thủ tục đã ở trạng thái "${STATUS_LABELS[existing.status].vi}", không còn hiệu lực; không thể thay đổi`,
          en: `the procedure is "${STATUS_LABELS[existing.status].en}" and no longer in force; it cannot change`,
        }),
      );
      return fail();
    }
  }
  pend.statusAfterContent = plan.status;
  pend.publication = body.publication;

  if (process && processGiven) {
    if (plan.status === 'draft') {
      plan.problems.push(problem('process', F.process, { vi: 'chỉ thủ tục đã công bố mới có quy trình nội bộ', en: 'only a published procedure has an internal process' }));
      return fail();
    }
    const unchangedProcess = !plan.actions.some((a) => a.kind === 'amend' || a.kind === 'publish') && existing?.process && sameJson(existing.process, process.body);
    if (!unchangedProcess) {
      if (existing && isRetired(existing.status)) {
        plan.problems.push(problem('process', F.process, { vi: 'thủ tục không còn hiệu lực; không thể đổi quy trình', en: 'the procedure is no longer in force; its process cannot change' }));
        return fail();
      }
      const check = validateProcess(process.body, body, units);
      plan.problems.push(...check.errors.map((e) => ({ ...e, path: `process.${e.path}` })));
      plan.warnings.push(...check.warnings.map((e) => ({ ...e, path: `process.${e.path}` })));
      if (plan.problems.length) return fail();
      plan.actions.push({ kind: 'set_process', process: process.body });
      if (!existing?.process || !sameJson(existing.process, process.body)) {
        if (plan.outcome === 'unchanged') plan.outcome = 'updated';
        if (plan.outcome === 'updated') plan.changes.push('process');
      }
    }
  }

  if (target === 'replaced' || target === 'abolished') {
    if (!statusless || !existing || existing.status !== target)
      pend.retire = { kind: target, byCode: target === 'replaced' ? (rec.replacedBy ?? null) : null, decision: statusDecision, decisionPath: 'statusDecision' };
  } else if (!statusless && (rec.replacedBy || statusDecision)) {
    plan.problems.push(problem('statusDecision', F.decision, { vi: 'chỉ thủ tục bị thay thế hoặc bãi bỏ mới có quyết định này', en: 'only a replaced or abolished procedure has this decision' }));
    return fail();
  }
  return pend;
}

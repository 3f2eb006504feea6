// The projection table is a cache of derivations: rebuilt from the actions at any time (`motcua dossiers rebuild`),
// and verifiable against a fresh derivation at each row's own as_of instant.
import { systemActor, type Actor } from '../actor.js';
import { appendAudit } from '../audit.js';
import type { AppContext } from '../context.js';
import { inTransaction } from '../tx.js';
import { dossierIdsAfter, getDossierRows, getProjectionRows, listActionsOf, upsertProjections, type DossierRow, type NewProjectionRow } from '../../store/dossiers.js';
import { actionFromRow, projectionDifferences, projectionRow, unitIdsInPayload } from './codec.js';
import { deriveLoaded, extrasOf } from './core.js';
import { resolveCalendars, unitSnapshot, unitsOfPinned, type UnitSnapshot } from './pinning.js';
import { procedureVersionNames } from '../../store/catalogue.js';

export interface RebuildResult {
  dossiers: number;
  actions: number;
  milliseconds: number;
}

export interface VerifyProjectionsResult {
  checked: number;
  /** Dossiers whose stored row differs from a fresh derivation at the row's as_of, with the differing columns. */
  mismatches: { dossierId: number; missing: boolean; differences: { column: string; stored: unknown; fresh: unknown }[] }[];
}

const clampBatch = (b: number | undefined) => Math.min(Math.max(Math.trunc(b ?? 500) || 500, 1), 10_000);

/** Procedure code and name of each row: its pinned data, or (drafts) its procedure version. */
async function proceduresOf(ctx: AppContext, rows: readonly DossierRow[]): Promise<Map<number, { code: string; name: string }>> {
  const out = new Map<number, { code: string; name: string }>();
  const drafts: DossierRow[] = [];
  for (const r of rows) {
    const d = r.pinned;
    if (d) out.set(r.id, { code: d.procedureCode, name: d.procedureName });
    else drafts.push(r);
  }
  if (drafts.length > 0) {
    const versions = await procedureVersionNames(ctx.db, [...new Set(drafts.map((r) => r.procedure_version_id))]);
    for (const r of drafts) {
      const v = versions.find((x) => x.id === r.procedure_version_id);
      out.set(r.id, { code: v?.code ?? '', name: v?.name ?? '' });
    }
  }
  return out;
}

/** Derives the projection rows of a batch, each at `at(row)`. */
async function deriveBatch(ctx: AppContext, units: UnitSnapshot, ids: number[], at: (id: number) => Date): Promise<{ rows: NewProjectionRow[]; actions: number }> {
  const [dossiers, actions] = await Promise.all([getDossierRows(ctx.db, ids), listActionsOf(ctx.db, ids)]);
  const procedures = await proceduresOf(ctx, dossiers);
  const unitIds = new Set<number>();
  for (const r of dossiers) {
    for (const u of unitsOfPinned(r.pinned)) unitIds.add(u);
    for (const a of actions.get(r.id) ?? []) {
      if (a.unit_id !== null) unitIds.add(a.unit_id);
      for (const u of unitIdsInPayload(a.payload)) unitIds.add(u);
    }
  }
  const calendars = await resolveCalendars(ctx, units, unitIds);
  const rows: NewProjectionRow[] = [];
  let count = 0;
  for (const r of dossiers) {
    const list = (actions.get(r.id) ?? []).map(actionFromRow);
    count += list.length;
    const l = await deriveLoaded(ctx, r, list, at(r.id), units, [], calendars);
    rows.push(projectionRow(r.id, l.state, l.pinned, extrasOf(r, procedures.get(r.id)!), at(r.id)));
  }
  return { rows, actions: count };
}

/** Re-derives every dossier from its actions and rewrites its projection row, in batches (one transaction each). */
export async function rebuildProjections(ctx: AppContext, opts: { batch?: number; actor?: Actor } = {}): Promise<RebuildResult> {
  const t0 = performance.now();
  const batch = clampBatch(opts.batch);
  const units = await unitSnapshot(ctx);
  let after = 0;
  let dossiers = 0;
  let actions = 0;
  for (;;) {
    const ids = await dossierIdsAfter(ctx.db, after, batch);
    if (ids.length === 0) break;
    const now = ctx.clock();
    const derived = await deriveBatch(ctx, units, ids, () => now);
    await inTransaction(ctx, (trx) => upsertProjections(trx, derived.rows));
    after = ids[ids.length - 1]!;
    dossiers += ids.length;
    actions += derived.actions;
  }
  const milliseconds = Math.round(performance.now() - t0);
  await inTransaction(ctx, (trx, now) =>
    appendAudit(trx, opts.actor ?? systemActor('rebuild'), now, { action: 'dossier.projections_rebuild', targetType: 'dossier_projection', targetId: null, details: { dossiers, actions, milliseconds } }),
  );
  return { dossiers, actions, milliseconds };
}

/** Compares every stored projection row with a fresh derivation at the row's own as_of (so the clocks agree). */
export async function verifyProjections(ctx: AppContext, opts: { batch?: number } = {}): Promise<VerifyProjectionsResult> {
  const batch = clampBatch(opts.batch);
  const units = await unitSnapshot(ctx);
  const result: VerifyProjectionsResult = { checked: 0, mismatches: [] };
  let after = 0;
  for (;;) {
    const ids = await dossierIdsAfter(ctx.db, after, batch);
    if (ids.length === 0) break;
    const stored = new Map((await getProjectionRows(ctx.db, ids)).map((r) => [r.dossier_id, r]));
    const now = ctx.clock();
    const fresh = await deriveBatch(ctx, units, ids, (id) => stored.get(id)?.as_of ?? now);
    for (const row of fresh.rows) {
      const s = stored.get(row.dossier_id);
      if (!s) result.mismatches.push({ dossierId: row.dossier_id, missing: true, differences: [] });
      else {
        const differences = projectionDifferences(s, row);
        if (differences.length > 0) result.mismatches.push({ dossierId: row.dossier_id, missing: false, differences });
      }
    }
    result.checked += ids.length;
    after = ids[ids.length - 1]!;
  }
  return result;
}

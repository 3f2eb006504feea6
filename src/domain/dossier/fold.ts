// The left fold over a dossier's actions. It only records facts (instants, units, who, clock events); every figure
// that needs a calendar is computed once at the end (derive.ts), so that applying one more action stays cheap and
// the accumulator can be carried in the state to continue later. What each action does to the fold is its spec's
// `evolve` (actions/<type>.ts); the bookkeeping common to all (timeline entry, order of instants) is here.
//
// The fold is lenient: an action that does not fit the state (a log the validator never saw) is kept on the timeline
// marked `ignored` and changes nothing else. That is what makes derivation total.
import { isActionType, specOf } from './actions/index.js';
import { NOT_APPLICABLE, OUT_OF_ORDER, type Fold } from './fold-steps.js';
import type { DossierAction, TimelineEntry } from './types.js';
import type { PinnedProcedure } from './types.js';

export * from './fold-steps.js';

/** Applies one action to the fold in place. Never throws. */
export function applyAction(f: Fold, a: DossierAction, pinned: PinnedProcedure): void {
  const at = a.at instanceof Date ? a.at.getTime() : Number.NaN;
  const entry: TimelineEntry = {
    seq: f.count + 1,
    type: a.type,
    at: a.at,
    actorId: a.actorId ?? null,
    actorRoles: a.actorRoles ?? [],
    unitId: a.unitId ?? null,
    delegation: a.delegation ?? null,
    comment: a.comment ?? null,
    originalComment: a.comment ?? null,
    attachments: a.attachments ?? [],
    correctedData: {},
    correctedBy: [],
    ignored: null,
  };
  f.count += 1;
  f.timeline.push(entry);
  if (!Number.isFinite(at) || (f.lastAt !== null && at < f.lastAt)) {
    entry.ignored = OUT_OF_ORDER;
    return;
  }
  f.lastAt = at;
  // A stored log may name a type this version no longer knows.
  const applied = isActionType(a.type) && specOf(a.type).evolve(f, a, { at, seq: entry.seq, by: a.actorId ?? null, pinned, processing: f.phase === 'processing' });
  if (!applied) entry.ignored = NOT_APPLICABLE;
}

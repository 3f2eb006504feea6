import { DEFAULT_RULES, type DossierRules, type PinnedProcedure } from './types.js';

/** The province's rules in force for a dossier: those pinned at reception over the defaults. */
export const rulesOf = (pinned: PinnedProcedure): DossierRules => ({ ...DEFAULT_RULES, ...(pinned.rules ?? {}) });

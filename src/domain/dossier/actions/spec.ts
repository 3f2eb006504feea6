// What one action type is, in one place: the shape of its payload (zod, the only definition), its labels, who may
// take it, when the state refuses it, how it changes the fold and what it tells the applicant. Each action type has
// its file in this folder; index.ts gathers them into ACTION_SPECS, which the fold, the rules, the messages, the
// labels, the API and the pages read.
import type { z } from 'zod';
import type { Bilingual, FieldError } from '../../errors.js';
import type { Role } from '../../org.js';
import type { Fold } from '../fold-steps.js';
import type { ActionInput, ActionOf, ActionType, DelegationScope, DossierRules, DossierState, PayloadOf, PinnedProcedure } from '../types.js';
import type { ApplicantMessage, MessageKit } from './message-kit.js';

/** The action as proposed, of one type. */
export type InputOf<K extends ActionType> = Extract<ActionInput, { type: K }>;

/** Who may sit in an action: these roles at these units. */
export interface Seat {
  roles: readonly Role[];
  units: readonly number[];
  /** Other units accepted for these roles (reception across boundaries). */
  unitOk?: (unitId: number) => boolean;
  /** When set, only this user may act in the seat (the step's assignee). */
  onlyUserId?: number | null;
}

export interface Requirement {
  seats: Seat[];
  applicant?: boolean;
  system?: boolean;
  /** Delegation scopes that let any staff member of the seat units act. */
  delegation?: readonly DelegationScope[];
  /** Corrections: the author of the corrected action may act whatever their role. */
  authorId?: number | null;
  forbidden: Bilingual;
}

/** What the rules of an action may read: the state, the pinned procedure, the province's rules and the instant. */
export interface StateContext {
  s: DossierState;
  pinned: PinnedProcedure;
  rules: DossierRules;
  /** The instant the action is (or would be) taken, in ms. */
  at: number;
  /** The state carried forward to `at` (clocks and lateness as of the action). */
  stateAt(at: Date): DossierState;
  /** The payload fields of another action type that a correction may supersede. */
  descriptiveFieldsOf(type: ActionType): readonly string[];
}

/** What evolve may read besides the fold: the action's instant (ms), its seq, its actor and the pinned procedure. */
export interface EvolveContext {
  at: number;
  seq: number;
  by: number | null;
  pinned: PinnedProcedure;
  processing: boolean;
}

export interface ActionSpec<K extends ActionType> {
  /** The payload; its output type is PayloadOf[K]. Messages are written "vi | en". */
  payload: z.ZodType<PayloadOf[K]>;
  label: Bilingual;
  /** Payload fields a correction may supersede (reasons, item lists, notes); never times, units or statuses. */
  descriptive?: readonly string[];
  /** Delegation scopes (ủy quyền) under which the action may ever be taken. */
  delegable?: readonly DelegationScope[];
  /** While a withdrawal waits for the unit's decision, the unit decides before it does this. */
  blockedByWithdrawal?: boolean;
  /** Why the state refuses the action now (409), whoever asks; null when it may happen. */
  refusal(c: StateContext): Bilingual | null;
  /** Who may take it now; `action` narrows the seats to the one it names (a consultation, a late unit…). */
  who(c: StateContext, action?: InputOf<K>): Requirement;
  /** Payload checks that need the state (400), run once the payload has its shape. */
  problems?(p: PayloadOf[K], a: InputOf<K>, c: StateContext): FieldError[];
  /** Rules that refuse a well-formed action from an allowed actor (409, with the field at fault). */
  ruleProblems?(p: PayloadOf[K], a: InputOf<K>, c: StateContext): FieldError[];
  /** Refusals that depend on the unit the actor acts for. */
  seatRefusal?(c: StateContext, unitId: number | null): Bilingual | null;
  /**
   * Applies the action to the fold in place; false when it does not fit the fold (the fold marks it ignored). The
   * payload comes from a stored log, which may predate any check: read it defensively.
   */
  evolve(f: Fold, a: ActionOf<K>, e: EvolveContext): boolean;
  /** What the applicant is told, or null (internal steps show on the tracking page instead). */
  message?(a: ActionOf<K>, k: MessageKit): ApplicantMessage | null;
}

export type ActionSpecs = { [K in ActionType]: ActionSpec<K> };

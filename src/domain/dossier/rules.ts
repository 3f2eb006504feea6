// What may happen next to a dossier, and who may do it. Three layers, each with its own error kind:
//   state   — the action makes no sense now (conflict): e.g. a second apology, a withdrawal after the result;
//   payload — the action's data is wrong (invalid), with the field at fault;
//   actor   — the action makes sense but not from this person at this unit (forbidden).
// allowedActions answers the first and the last for a user before they fill anything in (the buttons to show);
// validateAction checks all three on a concrete action; appendAction adds the version check and derives the result.
// What each rule says for one action type lives in its spec (actions/<type>.ts); this file runs them in order.
import type { z } from 'zod';
import { AppError, forbidden, staleVersion, type Bilingual, type FieldError } from '../errors.js';
import type { Role } from '../org.js';
import { localise } from '../zod-fields.js';
import { isActionType, specOf, type Requirement, type StateContext } from './actions/index.js';
import { isInstant, M, msg, pendingWithdrawal, STAFF_ROLES, bad, optionalText } from './actions/shared.js';
import { advanceDossier } from './derive.js';
import { rulesOf } from './rules-of.js';
import {
  ACTION_TYPES,
  DELEGATION_SCOPES,
  type ActionInput,
  type ActionType,
  type ActorRole,
  type Delegation,
  type DossierAction,
  type DossierState,
  type PinnedProcedure,
  type StopGround,
  type UncheckedAction,
} from './types.js';
import { isOneOf } from '../one-of.js';

export { lateUnitCandidates, newAppointmentBounds, NOT_RECEIVING_DESK, paymentAmountProblem } from './actions/index.js';

/** The person asking, as the application knows them. */
export interface ActorContext {
  userId: number | null;
  /** Acting as the dossier's own applicant (their account submitted it). */
  isApplicant?: boolean;
  /** The system itself: the national portal import, a payment gateway. */
  isSystem?: boolean;
  /** Jurisdiction: does the actor hold `role` over `unitId` (a membership on the unit or an ancestor)? */
  hasRole(role: Role, unitId: number): boolean;
  /** Units where the actor holds `role` directly; needed only before a dossier has a unit (a first reception). */
  unitsWithRole?(role: Role): readonly number[];
  /** A delegation (ủy quyền) in force for this procedure that the actor may use. */
  delegation?: Delegation | null;
}

export type ActionPermission =
  | { type: ActionType; allowed: true; unitId: number | null; role: ActorRole; delegation: Delegation | null }
  | { type: ActionType; allowed: false; kind: 'conflict' | 'forbidden'; reason: Bilingual };

/** The configured grounds for a stop, besides the applicant's withdrawal. */
export function stopGroundsOf(pinned: PinnedProcedure): StopGround[] {
  return rulesOf(pinned).stopGrounds;
}

function contextOf(s: DossierState, pinned: PinnedProcedure, at: number): StateContext {
  return {
    s,
    pinned,
    rules: rulesOf(pinned),
    at,
    stateAt: (when) => advanceDossier(s, [], pinned, when),
    descriptiveFieldsOf: (type) => specOf(type).descriptive ?? [],
  };
}

function stateRefusal(type: ActionType, c: StateContext): Bilingual | null {
  const spec = specOf(type);
  if (c.s.phase === 'processing' && pendingWithdrawal(c.s) && spec.blockedByWithdrawal) return M.withdrawal;
  return spec.refusal(c);
}

// ---------------------------------------------------------------------------------------------------------------
// allowedActions

/**
 * Every action type, allowed (with the unit and role to record it under) or refused with the reason. Payload rules
 * (e.g. the new appointment of an apology) are checked only by validateAction.
 */
export function allowedActions(state: DossierState, pinned: PinnedProcedure, actor: ActorContext, now: Date): ActionPermission[] {
  const c = contextOf(state, pinned, now.getTime());
  return ACTION_TYPES.map((type): ActionPermission => {
    const refusal = stateRefusal(type, c);
    if (refusal) return { type, allowed: false, kind: 'conflict', reason: refusal };
    const spec = specOf(type);
    const req = spec.who(c);
    const found = findSeatFor(type, state, req, actor);
    if (found) {
      const late = spec.seatRefusal?.(c, found.unitId) ?? null;
      return late ? { type, allowed: false, kind: 'conflict', reason: late } : { type, allowed: true, ...found };
    }
    return { type, allowed: false, kind: 'forbidden', reason: req.forbidden };
  });
}

function findSeatFor(type: ActionType, s: DossierState, req: Requirement, actor: ActorContext): { unitId: number | null; role: ActorRole; delegation: Delegation | null } | null {
  for (const seat of req.seats) {
    if (seat.onlyUserId != null && seat.onlyUserId !== actor.userId) continue;
    for (const role of seat.roles) {
      const unit = seat.units.find((u) => actor.hasRole(role, u));
      if (unit !== undefined) return { unitId: unit, role, delegation: null };
      if (seat.unitOk) {
        const own = (actor.unitsWithRole?.(role) ?? []).find((u) => seat.unitOk!(u));
        if (own !== undefined) return { unitId: own, role, delegation: null };
      }
    }
  }
  const del = actor.delegation;
  if (del && req.delegation?.includes(del.scope)) {
    for (const seat of req.seats)
      for (const u of seat.units)
        for (const role of STAFF_ROLES) if (actor.hasRole(role, u)) return { unitId: u, role, delegation: del };
  }
  if (type === 'correct' && actor.userId !== null) {
    const own = s.timeline.find((t) => t.type !== 'correct' && t.actorId === actor.userId);
    if (own) return { unitId: own.unitId, role: own.actorRoles[0] ?? 'applicant', delegation: null };
  }
  if (req.applicant && actor.isApplicant) return { unitId: null, role: 'applicant', delegation: null };
  if (req.system && actor.isSystem) return { unitId: null, role: 'system', delegation: null };
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// validateAction

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const invalidInput = (fields: FieldError[]) => new AppError('invalid', 'validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, fields);

/** zod's issues at the payload's own fields (payload.items, not payload.items.0), one per field. */
function payloadFields(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const out: FieldError[] = [];
  for (const i of issues) {
    const key = i.path[0];
    const path = key === undefined ? 'payload' : `payload.${String(key)}`;
    if (!out.some((f) => f.path === path)) out.push({ path, message: localise(i) });
  }
  return out;
}

/**
 * The action with its payload parsed by its type's schema (instants become Dates, unknown fields are dropped), or
 * the fields at fault.
 */
export function parseAction(a: UncheckedAction): { ok: true; action: ActionInput } | { ok: false; fields: FieldError[] } {
  const r = specOf(a.type).payload.safeParse(a.payload);
  if (!r.success) return { ok: false, fields: payloadFields(r.error.issues) };
  const { seq: _seq, ...common } = a;
  // The payload was parsed by the schema of `a.type`, which TypeScript cannot correlate through the generic lookup
  // (microsoft/TypeScript#30581); storedAction is the only other place.
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions
  return { ok: true, action: { ...common, payload: r.data } as ActionInput };
}

function commonProblems(a: UncheckedAction, s: DossierState, now: Date): FieldError[] {
  const out: FieldError[] = [];
  if (!isInstant(a.at)) out.push(bad('at', 'Thời điểm không hợp lệ', 'Invalid instant'));
  else {
    if (s.lastActionAt && a.at.getTime() < s.lastActionAt.getTime()) out.push(bad('at', 'Thời điểm sớm hơn thao tác trước đó', 'The instant is before the previous action'));
    if (now instanceof Date && a.at.getTime() > now.getTime()) out.push(bad('at', 'Thời điểm ở tương lai', 'The instant is in the future'));
  }
  if (a.actorId !== null && !isId(a.actorId)) out.push(bad('actorId', 'Người thực hiện không hợp lệ', 'Invalid actor'));
  if (!Array.isArray(a.actorRoles)) out.push(bad('actorRoles', 'Vai trò không hợp lệ', 'Invalid roles'));
  if (a.unitId !== null && !isId(a.unitId)) out.push(bad('unitId', 'Đơn vị không hợp lệ', 'Invalid unit'));
  if (!optionalText().safeParse(a.comment).success) out.push(bad('comment', 'Phải là văn bản tối đa 4000 ký tự', 'Must be text of at most 4000 characters'));
  if (a.attachments !== undefined && (!Array.isArray(a.attachments) || a.attachments.length > 200 || a.attachments.some((x) => typeof x !== 'string' || x === '')))
    out.push(bad('attachments', 'Danh sách tệp đính kèm không hợp lệ', 'Invalid attachments'));
  if (a.delegation != null) {
    const del = a.delegation;
    const scopes = specOf(a.type).delegable;
    if (!scopes) out.push(bad('delegation', 'Thao tác này không thực hiện theo ủy quyền', 'This action is not done under a delegation'));
    else if (!isId(del.fromUserId) || !isOneOf(DELEGATION_SCOPES, del.scope)) out.push(bad('delegation', 'Ủy quyền không hợp lệ', 'Invalid delegation'));
    else if (!scopes.includes(del.scope)) out.push(bad('delegation', 'Phạm vi ủy quyền không bao gồm thao tác này', 'The delegation does not cover this action'));
  }
  return out;
}

function actionFits(a: ActionInput, req: Requirement): boolean {
  const roles = a.actorRoles;
  const unit = a.unitId;
  if (req.authorId != null && a.actorId === req.authorId) return true;
  if (req.applicant && roles.includes('applicant')) return true;
  if (req.system && roles.includes('system')) return true;
  if (unit === null) return false;
  for (const seat of req.seats) {
    if (seat.onlyUserId != null && seat.onlyUserId !== a.actorId) continue;
    if (!seat.roles.some((r) => roles.includes(r))) continue;
    if (seat.units.includes(unit) || seat.unitOk?.(unit)) return true;
  }
  if (a.delegation && req.delegation?.includes(a.delegation.scope) && roles.some((r) => isOneOf(STAFF_ROLES, r))) {
    return req.seats.some((seat) => seat.units.includes(unit));
  }
  return false;
}

/**
 * Throws an AppError when `action` may not be appended to the dossier now: `conflict` (the state does not allow it,
 * or `seq` is not the next one), `invalid` (its data, with the fields at fault) or `forbidden` (not this actor, role
 * or unit). The application has already checked that the actor holds `actorRoles` over `unitId`. Returns the
 * action with its payload parsed.
 */
export function validateAction(state: DossierState, pinned: PinnedProcedure, action: UncheckedAction, now: Date): ActionInput {
  if (!action || typeof action !== 'object' || !isActionType(action.type))
    throw new AppError('invalid', 'validation_failed', { vi: 'Thao tác không xác định', en: 'Unknown action' }, [bad('type', 'Loại thao tác không xác định', 'Unknown action type')]);
  if (action.seq !== undefined && action.seq !== state.version + 1) throw staleVersion();
  const common = commonProblems(action, state, now);
  if (common.length > 0) throw invalidInput(common);
  const c = contextOf(state, pinned, action.at.getTime());
  const refusal = stateRefusal(action.type, c);
  if (refusal) throw new AppError('conflict', 'action_not_allowed', refusal);
  const parsed = parseAction(action);
  if (!parsed.ok) throw invalidInput(parsed.fields);
  const a = parsed.action;
  const spec = specOf(a.type);
  const problems = spec.problems?.(a.payload, a, c) ?? [];
  if (problems.length > 0) throw invalidInput(problems);
  const req = spec.who(c, a);
  if (a.delegation && !req.delegation?.includes(a.delegation.scope))
    throw forbidden(msg('Ủy quyền không áp dụng cho thao tác này ở bước hiện tại', 'The delegation does not cover this action at the current step'));
  if (!actionFits(a, req)) throw forbidden(req.forbidden);
  const broken = spec.ruleProblems?.(a.payload, a, c) ?? [];
  if (broken.length > 0) throw new AppError('conflict', 'action_not_allowed', broken[0]!.message, broken);
  const late = spec.seatRefusal?.(c, a.unitId) ?? null;
  if (late) throw new AppError('conflict', 'action_not_allowed', late);
  return a;
}

/**
 * Appends one action with optimistic concurrency: `expectedVersion` is the number of actions the caller saw. A stale
 * caller gets a conflict and nothing changes. Returns the numbered action to store (its payload as parsed) and the
 * new state.
 */
export function appendAction(
  state: DossierState,
  pinned: PinnedProcedure,
  action: UncheckedAction,
  expectedVersion: number,
  now: Date,
): { action: DossierAction; state: DossierState } {
  if (expectedVersion !== state.version) throw staleVersion();
  const valid = validateAction(state, pinned, action, now);
  const numbered: DossierAction = { ...valid, seq: state.version + 1 };
  return { action: numbered, state: advanceDossier(state, [numbered], pinned, now) };
}

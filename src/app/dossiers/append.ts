// The generic processing action: the domain decides whether the action fits the state and the actor; the
// application adds what the domain cannot know (jurisdiction over the unit tree, assignees' roles, files,
// delegations in force) and writes it with optimistic concurrency.
import {
  allowedActions,
  isActionType,
  applicantMessageFor,
  appendAction,
  paymentAmountProblem,
  type ActionPermission,
  type DossierState,
  type PinnedProcedure,
  type StepRole,
} from '../../domain/dossier/index.js';
import { AppError, forbidden, staleVersion, type FieldError } from '../../domain/errors.js';
import { hasRoleOver, type Role } from '../../domain/org.js';
import type { Actor } from '../actor.js';
import type { AppContext } from '../context.js';
import { inTransaction } from '../tx.js';
import { notifyApplicant, type NotifyInput } from './notify.js';
import {
  actorContextFor,
  actorUserId,
  appendInTransaction,
  buildView,
  checkFileIds,
  extrasOf,
  fileIdsOfAction,
  loadDossier,
  personIdsOf,
  requireAccess,
  type LoadedDossier,
  usePrepared,
} from './core.js';
import { delegationFor } from './delegations.js';
import type { UnitSnapshot } from './pinning.js';
import type { ActRequest, AllowedActionsView, DossierView, PersonRef } from './types.js';
import { applicantName, throwIfAny } from './validation.js';
import { activeStaffWithRoles, userWithMemberships } from '../../store/users.js';

const HANDLERS: readonly Role[] = ['specialist', 'leader'];

const recordOf = (v: unknown): Readonly<Record<string, unknown>> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v)) : {});

/** Whether notifyApplicant would queue anything for this action: a message for its type, and an address to send it to. */
function tellsApplicant(n: NotifyInput): boolean {
  if (!n.applicant?.email && !n.applicant?.phone) return false;
  const code = n.code ?? n.state.dossierCode ?? null;
  return (
    applicantMessageFor(n.action, {
      code,
      procedureName: n.procedureName,
      applicantName: applicantName(n.applicant),
      dueAt: n.state.clock && !n.state.clock.dueRecountedOnSupplement ? n.state.clock.currentDueAt : null,
      dueRecounted: n.state.clock?.dueRecountedOnSupplement === true,
      trackingUrl: null,
      deskName: n.deskName,
      withdrawn: n.state.status === 'withdrawn',
    }) !== null
  );
}

export function checkExpectedVersion(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw new AppError('invalid', 'validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, [
      { path: 'expectedVersion', message: { vi: 'Cần phiên bản hồ sơ đã xem (số nguyên)', en: 'The version you saw is required (a whole number)' } },
    ]);
  return v;
}

/** Throws the domain's refusal of a type for this actor, as the matching AppError. */
export function refusalError(p: Extract<ActionPermission, { allowed: false }>): AppError {
  return p.kind === 'conflict' ? new AppError('conflict', 'action_not_allowed', p.reason) : forbidden(p.reason);
}

/**
 * Who an assignment or a forward may name: the role and unit of the step the person will handle. At a leader's
 * step an assignment names the handler of the next step of the same unit; without steps, a handler of the unit.
 */
export function assigneeSeat(state: DossierState, pinned: PinnedProcedure, type: 'assign' | 'forward', toStepIndex?: number): { roles: readonly Role[]; unitId: number } | null {
  const steps = pinned.steps;
  if (type === 'forward') {
    const target = toStepIndex === undefined ? undefined : steps[toStepIndex];
    return target ? { roles: [target.role], unitId: target.unitId } : null;
  }
  const cur = state.currentStepIndex === null ? undefined : steps[state.currentStepIndex];
  if (!cur) return state.currentUnitId === null ? null : { roles: HANDLERS, unitId: state.currentUnitId };
  if (cur.role !== 'leader') return { roles: [cur.role as StepRole], unitId: cur.unitId };
  const next = steps.find((s) => s.index > cur.index && s.unitId === cur.unitId);
  return next ? { roles: [next.role], unitId: next.unitId } : { roles: HANDLERS, unitId: cur.unitId };
}

/** Active staff holding one of `roles` at `unitId` (a membership on it or above it). */
export async function staffHolding(ctx: AppContext, units: UnitSnapshot, roles: readonly Role[], unitId: number): Promise<PersonRef[]> {
  const chain: number[] = [];
  let cursor: number | null | undefined = unitId;
  while (cursor !== null && cursor !== undefined && !chain.includes(cursor)) {
    chain.push(cursor);
    cursor = units.parentOf.get(cursor);
  }
  const rows = await activeStaffWithRoles(ctx.db, chain, roles);
  return rows.map((r) => ({ id: r.id, username: r.username, fullName: r.full_name }));
}

async function checkAssignee(ctx: AppContext, l: LoadedDossier, type: 'assign' | 'forward', payload: Readonly<Record<string, unknown>>): Promise<void> {
  const id = payload.assigneeId;
  if (id === undefined || id === null || typeof id !== 'number' || !Number.isInteger(id) || id <= 0) return; // the domain reports a malformed id
  const seat = assigneeSeat(l.state, l.pinned, type, typeof payload.toStepIndex === 'number' ? payload.toStepIndex : undefined);
  if (!seat) return;
  // The person and their memberships in one query: one row per membership (or one with nulls).
  const rows = await userWithMemberships(ctx.db, id);
  const user = rows[0];
  const ms = rows.flatMap((m) => (m.unit_id !== null && m.role !== null ? [{ unitId: m.unit_id, role: m.role }] : []));
  const ok = user?.active && user.kind === 'staff' && hasRoleOver(ms, seat.roles, seat.unitId, l.units.parentOf);
  if (!ok) {
    const unit = l.units.byId.get(seat.unitId);
    const problems: FieldError[] = [
      {
        path: 'payload.assigneeId',
        message: {
          vi: `Người được giao phải là ${seat.roles.map((r) => ({ desk: 'cán bộ tiếp nhận', specialist: 'chuyên viên', leader: 'lãnh đạo' })[r as 'desk']).join(' hoặc ')} của ${unit?.name ?? 'đơn vị của bước'}`,
          en: `The assignee must be a ${seat.roles.join(' or ')} of ${unit?.name ?? 'the step’s unit'}`,
        },
      },
    ];
    throwIfAny(problems);
  }
}

/**
 * Appends one action to an existing dossier (everything but the first action and reception, which have their own
 * use cases). Returns the dossier as it is after the action.
 */
export async function performAction(ctx: AppContext, actor: Actor, dossierId: number, input: ActRequest): Promise<DossierView> {
  const now = ctx.clock();
  const expectedVersion = checkExpectedVersion(input?.expectedVersion);
  if (!isActionType(input.type)) throwIfAny([{ path: 'type', message: { vi: 'Loại thao tác không xác định', en: 'Unknown action type' } }]);
  // The domain parses the payload with its type's schema; before that only a few fields are peeked at, as they are.
  const payload = recordOf(input.payload ?? {});
  const idOf = (v: unknown) => (typeof v === 'number' ? v : null);
  const memberUnits = actor.kind === 'user' ? actor.memberships.map((m) => m.unitId) : [];
  const l = await loadDossier(ctx, dossierId, now, [idOf(payload.toUnitId), idOf(payload.lateUnitId), input.unitId, ...memberUnits]);
  const access = requireAccess(actor, l);
  if (expectedVersion !== l.state.version) throw staleVersion();

  // Only approval, signature and refusal (and, at the approval step, moving the dossier on from it) are ever done
  // under a delegation: other actions skip the lookup.
  const delegable = ['approve', 'sign', 'refuse_after_examination', 'forward', 'finish'].includes(input.type);
  const delegation = access === 'staff' && delegable ? await delegationFor(ctx, actor, l.state, l.data, l.units, now) : null;
  const actorCtx = actorContextFor(actor, l.units, { isApplicant: access === 'applicant', delegation });
  const perm = allowedActions(l.state, l.pinned, actorCtx, now).find((p) => p.type === input.type)!;
  if (!perm.allowed) throw refusalError(perm);
  // A payment other than the amount requested is well-formed but contradicts the record: 422, naming the amount.
  const amount = payload.amountVnd;
  if (input.type === 'payment_recorded' && typeof amount === 'number' && Number.isInteger(amount) && amount >= 0) {
    const wrong = paymentAmountProblem(l.state, amount);
    if (wrong) throw new AppError('unprocessable', 'amount_mismatch', { vi: 'Số tiền không khớp với số đã yêu cầu nộp', en: 'The amount does not match the amount requested' }, [wrong]);
  }

  let unitId = perm.unitId;
  let role = perm.role;
  if (input.unitId != null && input.unitId !== perm.unitId) {
    const candidates = [perm.role, 'specialist', 'leader', 'desk'].filter((r): r is Role => r !== 'applicant' && r !== 'system');
    const held = candidates.find((r) => actorCtx.hasRole(r, input.unitId!));
    if (!held) throw forbidden({ vi: 'Bạn không giữ vai trò nào tại đơn vị này', en: 'You hold no role at this unit' });
    unitId = input.unitId;
    role = held;
  }

  if (input.type === 'assign' || input.type === 'forward') await checkAssignee(ctx, l, input.type, payload);
  const files = fileIdsOfAction({ attachments: input.attachments, type: input.type, payload });
  await checkFileIds(ctx, actor, files, dossierId, 'attachments');

  const proposed = {
    type: input.type,
    at: now,
    actorId: actorUserId(actor),
    actorRoles: [role],
    unitId,
    delegation: perm.delegation,
    comment: typeof input.comment === 'string' && input.comment.trim() !== '' ? input.comment.trim() : null,
    attachments: input.attachments ?? [],
    payload: input.payload ?? {},
  };
  const { action, state } = appendAction(l.state, l.pinned, proposed, expectedVersion, now);

  const extras = extrasOf(l.row, { code: l.data?.procedureCode ?? '', name: l.data?.procedureName ?? '' });
  const after: LoadedDossier = { ...l, row: { ...l.row, version: action.seq, updated_at: now }, actions: [...l.actions, action], state };
  const write = {
    dossierId,
    expectedVersion,
    action,
    state,
    pinned: l.pinned,
    extras,
    now,
    fileIds: files,
    audit: {
      actor,
      entry: {
        action: `dossier.${action.type}`,
        targetType: 'dossier',
        targetId: dossierId,
        unitId: action.unitId,
        details: { code: l.row.code, seq: action.seq, ...(action.delegation ? { delegation: action.delegation } : {}) },
      },
    },
    peopleIds: personIdsOf(after),
    prepared: usePrepared(ctx),
  };
  const notice = {
    dossierId,
    code: l.row.code,
    procedureName: l.data?.procedureName ?? '',
    applicant: l.row.applicant,
    action,
    state,
    trackingToken: l.row.tracking_token,
    deskName: state.receivingUnitId === null ? null : (l.units.byId.get(state.receivingUnitId)?.name ?? null),
    publicBaseUrl: ctx.config.publicBaseUrl,
  };
  // Most steps tell the applicant nothing (notifyApplicant would write nothing): then the append is a single
  // statement that commits by itself, audit link included, without BEGIN and COMMIT round trips.
  const people = tellsApplicant(notice)
    ? await inTransaction(ctx, async (trx) => {
        const written = await appendInTransaction(trx, write);
        await notifyApplicant(trx, now, notice);
        return written.people;
      })
    : (await appendInTransaction(ctx.db, write)).people;
  return buildView(ctx, after, access, people);
}

/** The actions the actor may take on the dossier now, with the reasons for the others (for the page's buttons). */
export async function allowedActionsFor(ctx: AppContext, actor: Actor, dossierId: number): Promise<AllowedActionsView> {
  const now = ctx.clock();
  const memberUnits = actor.kind === 'user' ? actor.memberships.map((m) => m.unitId) : [];
  const l = await loadDossier(ctx, dossierId, now, memberUnits);
  const access = requireAccess(actor, l);
  const delegation = access === 'staff' ? await delegationFor(ctx, actor, l.state, l.data, l.units, now) : null;
  const actions = allowedActions(l.state, l.pinned, actorContextFor(actor, l.units, { isApplicant: access === 'applicant', delegation }), now).map((p) =>
    // Reception and online submission have their own use cases; a draft is only ever submitted by its applicant.
    l.state.phase === 'draft' && p.type !== 'submit_online' && p.allowed ? { type: p.type, allowed: false as const, kind: 'conflict' as const, reason: { vi: 'Hồ sơ chưa được nộp', en: 'The dossier has not been submitted' } } : p,
  );
  const allowed = (t: string) => actions.some((p) => p.type === t && p.allowed);
  const assignSeat = allowed('assign') ? assigneeSeat(l.state, l.pinned, 'assign') : null;
  const next = l.state.currentStepIndex === null ? undefined : l.state.currentStepIndex + 1;
  const forwardSeat = allowed('forward') ? assigneeSeat(l.state, l.pinned, 'forward', next) : null;
  return {
    dossierId,
    version: l.state.version,
    actions,
    assigneeCandidates: {
      assign: assignSeat ? await staffHolding(ctx, l.units, assignSeat.roles, assignSeat.unitId) : [],
      forward: forwardSeat ? await staffHolding(ctx, l.units, forwardSeat.roles, forwardSeat.unitId) : [],
    },
  };
}

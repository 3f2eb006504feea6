// Between stored rows and the domain: actions (jsonb payloads whose instants become strings), and the projection
// row (the domain's DossierProjection in snake_case plus what inboxes list).
import { z } from 'zod';
import type { ActionType, DossierAction, DossierState, PinnedProcedure } from '../../domain/dossier/index.js';
import { DELEGATION_SCOPES, isActionType, projectionOf, storedAction, warningThresholds } from '../../domain/dossier/index.js';
import { ROLES } from '../../domain/org.js';
import type { DossierActionRow, NewDossierAction, NewProjectionRow, ProjectionRow } from '../../store/dossiers.js';
import type { DossierSummary } from './types.js';
import { fieldOf } from '../../domain/one-of.js';

/** A row's time-dependent figures recomputed at read time (core.ts liveFigures). */
export interface LiveFigures {
  remaining: number | null;
  late: boolean;
  dueSoon: boolean;
  lateWithoutApology: boolean;
  lateApologisedLate: boolean;
  apologyDueSoon: boolean;
  /** An online submission still waiting at the desk one working day after it was made (desk's calendar). */
  receptionOverdue?: boolean;
}

// Stored rows are parsed here, once, on their way to the domain: a value the domain does not know is a broken
// store, not a user's mistake, and stops the read.
const storedRoles = z.array(z.enum([...ROLES, 'applicant', 'system']));
const storedDelegation = z.object({ fromUserId: z.number().int(), scope: z.enum(DELEGATION_SCOPES) }).nullable();

/** The ids in an action's payload that name units (consulted, late, competent), for loading their calendars. */
export function unitIdsInPayload(payload: unknown): number[] {
  const out: number[] = [];
  for (const k of ['toUnitId', 'lateUnitId', 'competentUnitId']) {
    const v = fieldOf(payload, k);
    if (typeof v === 'number') out.push(v);
  }
  return out;
}

export function actionFromRow(r: DossierActionRow): DossierAction {
  if (!isActionType(r.type)) throw new Error(`dossier_actions: dossier ${r.dossier_id} action ${r.seq} has an unknown type ${JSON.stringify(r.type)}`);
  return storedAction({
    seq: r.seq,
    type: r.type,
    at: r.at,
    actorId: r.actor_user_id,
    actorRoles: storedRoles.parse(r.actor_roles),
    unitId: r.unit_id,
    delegation: storedDelegation.parse(r.delegation ?? null),
    comment: r.comment,
    attachments: r.attachments ?? [],
    payload: r.payload ?? {},
  });
}

export function actionToRow(dossierId: number, a: DossierAction, recordedAt: Date): NewDossierAction {
  return {
    dossier_id: dossierId,
    seq: a.seq,
    type: a.type,
    at: a.at,
    actor_user_id: a.actorId,
    actor_roles: [...a.actorRoles],
    unit_id: a.unitId,
    delegation: a.delegation ? JSON.stringify(a.delegation) : null,
    comment: a.comment ?? null,
    attachments: [...(a.attachments ?? [])],
    payload: JSON.stringify(a.payload ?? {}),
    recorded_at: recordedAt,
  };
}

export interface ProjectionExtras {
  procedureCode: string;
  procedureName: string;
  applicantName: string;
  applicantUserId: number | null;
}

/** Units that owe an answer now: open consultations and inter-agency parts in progress. */
export function pendingUnitsOf(s: DossierState): number[] {
  return [...new Set([...s.consultations.filter((c) => c.state === 'open').map((c) => c.toUnitId), ...s.participants.filter((p) => p.state === 'in_progress').map((p) => p.unitId)])].sort(
    (a, b) => a - b,
  );
}

/** Every unit a dossier involves; staff of any of them (or above them) may read it. */
export function involvedUnitsOf(s: DossierState): number[] {
  const set = new Set<number>();
  for (const u of [s.receivingUnitId, s.competentUnitId, s.currentUnitId, s.submittedToUnitId]) if (u !== null) set.add(u);
  for (const r of s.steps) set.add(r.unitId);
  for (const p of s.participants) set.add(p.unitId);
  for (const c of s.consultations) set.add(c.toUnitId);
  return [...set].sort((a, b) => a - b);
}

/** The row of a dossier derived under `pinned`, whose rules and calendars give the warning thresholds. */
export function projectionRow(dossierId: number, state: DossierState, pinned: PinnedProcedure, extras: ProjectionExtras, now: Date): NewProjectionRow {
  const p = projectionOf(dossierId, state);
  const w = warningThresholds(state, pinned);
  return {
    dossier_id: dossierId,
    dossier_code: p.dossierCode,
    version: p.version,
    status: p.status,
    national_status: p.nationalStatus,
    phase: state.phase,
    channel: p.channel,
    receiving_unit_id: p.receivingUnitId,
    competent_unit_id: p.competentUnitId,
    current_unit_id: p.currentUnitId,
    current_step_index: p.currentStepIndex,
    assignee_id: p.assigneeId,
    waiting_for: p.waitingFor,
    clock_status: state.clock?.status ?? null,
    submitted_at: p.submittedAt,
    received_at: p.receivedAt,
    original_due_at: p.originalDueAt,
    current_due_at: p.currentDueAt,
    finished_at: p.finishedAt,
    returned_at: p.returnedAt,
    stopped_at: p.stoppedAt,
    stop_ground: p.stopGround,
    refused_at: p.refusedAt,
    result: p.result,
    outcome: p.outcome,
    outcome_against_original: p.outcomeAgainstOriginal,
    indicator1: p.indicator1,
    indicator2: p.indicator2,
    remaining_working_minutes: p.remainingWorkingMinutes,
    as_of: p.asOf,
    due_within_one_working_day: p.dueWithinOneWorkingDay,
    late: p.late,
    late_without_apology: p.lateWithoutApology,
    apology_allowed: p.apologyAllowed,
    apologised: p.apologised,
    apology_late: p.apologyLate,
    apologised_at: p.apologisedAt,
    late_apologised_late: p.lateApologisedLate,
    due_recounted: p.dueRecountedOnSupplement,
    late_for_service_index: p.lateForServiceIndex,
    due_soon_from: w.dueSoonFrom,
    apology_warning_from: w.apologyWarningFrom,
    supplement_request_count: p.supplementRequestCount,
    multiple_supplement_requests: p.multipleSupplementRequests,
    late_supplement_request: p.lateSupplementRequest,
    open_consultations: p.openConsultations,
    procedure_code: extras.procedureCode,
    procedure_name: extras.procedureName,
    applicant_name: extras.applicantName,
    applicant_user_id: extras.applicantUserId,
    pending_unit_ids: pendingUnitsOf(state),
    unit_ids: involvedUnitsOf(state),
    updated_at: now,
  };
}

/** Compares a stored projection row with a fresh one; returns the differing columns (updated_at aside). */
export function projectionDifferences(stored: ProjectionRow, fresh: NewProjectionRow): { column: string; stored: unknown; fresh: unknown }[] {
  const norm = (v: unknown): unknown => {
    if (v instanceof Date) return v.getTime();
    if (Array.isArray(v)) return v.map((x) => Number(x)).sort((a, b) => a - b);
    if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
    if (typeof v === 'number') return Math.round(v * 1e6) / 1e6;
    return v ?? null;
  };
  const out: { column: string; stored: unknown; fresh: unknown }[] = [];
  const was = new Map<string, unknown>(Object.entries(stored));
  for (const [k, v] of Object.entries(fresh)) {
    if (k === 'updated_at') continue;
    const a = norm(was.get(k));
    const b = norm(v);
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ column: k, stored: was.get(k), fresh: v });
  }
  return out;
}

/** The list item of a projection row, with the live figures a reader computed. */
export function summaryOf(r: ProjectionRow, live: LiveFigures): DossierSummary {
  return {
    id: r.dossier_id,
    code: r.dossier_code,
    version: r.version,
    procedureCode: r.procedure_code,
    procedureName: r.procedure_name,
    applicantName: r.applicant_name,
    status: r.status,
    nationalStatus: r.national_status as DossierSummary['nationalStatus'],
    channel: r.channel,
    receivingUnitId: r.receiving_unit_id,
    competentUnitId: r.competent_unit_id,
    currentUnitId: r.current_unit_id,
    currentStepIndex: r.current_step_index,
    assigneeId: r.assignee_id,
    waitingFor: r.waiting_for,
    submittedAt: r.submitted_at,
    receivedAt: r.received_at,
    originalDueAt: r.original_due_at,
    currentDueAt: r.current_due_at,
    finishedAt: r.finished_at,
    returnedAt: r.returned_at,
    remainingWorkingMinutes: live.remaining,
    late: live.late,
    dueSoon: live.dueSoon,
    lateWithoutApology: live.lateWithoutApology,
    lateApologisedLate: live.lateApologisedLate,
    apologyDueSoon: live.apologyDueSoon,
    dueRecounted: r.due_recounted,
    receptionOverdue: live.receptionOverdue ?? false,
    apologised: r.apologised,
    openConsultations: r.open_consultations,
    updatedAt: r.updated_at,
  };
}

// The flat row inboxes, dashboards and statistics read. It is a pure function of the derived state, so the table
// holding it can always be rebuilt from the actions. The time-dependent fields (remaining time and flags) are as of
// `state.asOf`; a stored row keeps the due instants, from which readers recompute them at read time.
import type { Outcome, Score } from '../calendar/index.js';
import type { Channel, DossierState, DossierStatus, NationalStatus } from './types.js';

export interface DossierProjection {
  dossierId: number;
  dossierCode: string | null;
  version: number;
  status: DossierStatus;
  nationalStatus: NationalStatus | null;
  channel: Channel | null;
  receivingUnitId: number | null;
  competentUnitId: number | null;
  currentUnitId: number | null;
  currentStepIndex: number | null;
  assigneeId: number | null;
  waitingFor: 'supplement' | 'payment' | null;
  submittedAt: Date | null;
  receivedAt: Date | null;
  /** Both null while the due is to be recounted when a supplement arrives (restart policy): never a made-up date. */
  originalDueAt: Date | null;
  currentDueAt: Date | null;
  dueRecountedOnSupplement: boolean;
  finishedAt: Date | null;
  returnedAt: Date | null;
  stoppedAt: Date | null;
  stopGround: string | null;
  refusedAt: Date | null;
  result: 'granted' | 'refused' | null;
  outcome: Outcome | null;
  outcomeAgainstOriginal: Outcome | null;
  indicator1: Score | null;
  indicator2: Score | null;
  /** Working minutes from `asOf` to the current due while processing; null once processing has ended. */
  remainingWorkingMinutes: number | null;
  asOf: Date | null;
  dueWithinOneWorkingDay: boolean;
  /** Against the original appointment. */
  late: boolean;
  lateWithoutApology: boolean;
  lateApologisedLate: boolean;
  apologyAllowed: boolean;
  apologyDueSoon: boolean;
  apologised: boolean;
  /** The apology came after its deadline. */
  apologyLate: boolean;
  /** When the apology (form 04) was issued: statistics count apologies on that day. */
  apologisedAt: Date | null;
  lateForServiceIndex: boolean;
  supplementRequestCount: number;
  multipleSupplementRequests: boolean;
  lateSupplementRequest: boolean;
  openConsultations: number;
}

export function projectionOf(dossierId: number, state: DossierState): DossierProjection {
  const c = state.clock;
  const recount = c?.dueRecountedOnSupplement === true;
  return {
    dossierId,
    dossierCode: state.dossierCode,
    version: state.version,
    status: state.status,
    nationalStatus: state.nationalStatus,
    channel: state.channel,
    receivingUnitId: state.receivingUnitId,
    competentUnitId: state.competentUnitId,
    currentUnitId: state.currentUnitId,
    currentStepIndex: state.currentStepIndex,
    assigneeId: state.assigneeId,
    waitingFor: state.waitingFor,
    submittedAt: state.submittedAt,
    receivedAt: state.receivedAt,
    originalDueAt: recount ? null : (c?.originalDueAt ?? null),
    currentDueAt: recount ? null : (c?.currentDueAt ?? null),
    dueRecountedOnSupplement: recount,
    finishedAt: state.finishedAt,
    returnedAt: state.returnedAt,
    stoppedAt: state.stoppedAt,
    stopGround: state.stopGround,
    refusedAt: state.refusedAt,
    result: state.result,
    outcome: state.outcome,
    outcomeAgainstOriginal: state.outcomeAgainstOriginal,
    indicator1: state.scores.indicator1,
    indicator2: state.scores.indicator2,
    remainingWorkingMinutes: state.phase === 'processing' && c && !recount ? c.remainingMinutes : null,
    asOf: state.asOf,
    dueWithinOneWorkingDay: state.flags.dueWithinOneWorkingDay,
    late: state.flags.late,
    lateWithoutApology: state.flags.lateWithoutApology,
    lateApologisedLate: state.flags.lateApologisedLate,
    apologyAllowed: state.flags.apologyAllowed,
    apologyDueSoon: state.flags.apologyDueSoon,
    apologised: state.apology !== null,
    apologyLate: state.apology?.late === true,
    apologisedAt: state.apology?.at ?? null,
    lateForServiceIndex: state.flags.lateForServiceIndex,
    supplementRequestCount: state.supplementRequestCount,
    multipleSupplementRequests: state.flags.multipleSupplementRequests,
    lateSupplementRequest: state.flags.lateSupplementRequest,
    openConsultations: state.consultations.filter((x) => x.state === 'open').length,
  };
}

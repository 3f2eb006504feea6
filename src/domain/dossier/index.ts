// Public API of the dossier domain: actions, derivation, rules, codes and the projection row.

export type {
  ActionInput,
  ActionOf,
  ActionType,
  ActorRole,
  ApologyRecord,
  Channel,
  ConsultationRecord,
  Delegation,
  DelegationScope,
  DossierAction,
  DossierClock,
  DossierFlags,
  DossierRules,
  DossierState,
  DossierStatus,
  FeeItem,
  NationalStatus,
  ParticipantRecord,
  PayloadOf,
  PaymentRecord,
  Phase,
  PinnedParticipant,
  PinnedProcedure,
  PinnedStep,
  PreReceptionSupplementRecord,
  ReturnMethod,
  StepRecord,
  StepRole,
  StopGround,
  SupplementRequestRecord,
  TimelineEntry,
  UncheckedAction,
  UnitScore,
  WithdrawalRecord,
} from './types.js';
export {
  ACTION_TYPES,
  CHANNELS,
  DEFAULT_RULES,
  DELEGATION_SCOPES,
  DOSSIER_STATUSES,
  NATIONAL_CHANNEL_CODES,
  RETURN_METHODS,
  STOP_GROUND_WITHDRAWAL,
} from './types.js';
export { ACTION_LABELS, DUE_RECOUNTED_LABEL, NATIONAL_STATUS_LABELS, OUTCOME_LABELS, RETURN_METHOD_LABELS, STATUS_LABELS, nationalStatusOf } from './labels.js';
export { advanceDossier, apologyDeadlineOf, apologyWarningFrom, deriveDossier, lateUnits, rulesOf } from './derive.js';
export { approvalStepIndex, finalDeskStepIndex, lastProcessingStepIndex, pinnedProblems } from './pinned.js';
export type { ActionPermission, ActorContext } from './rules.js';
export { allowedActions, appendAction, lateUnitCandidates, newAppointmentBounds, NOT_RECEIVING_DESK, parseAction, paymentAmountProblem, stopGroundsOf, validateAction } from './rules.js';
export { pendingWithdrawal } from './actions/shared.js';
export type { ActionSpec } from './actions/index.js';
export { ACTION_SPECS, PAYLOAD_SCHEMAS, isActionType, specOf, storedAction, storedPayload } from './actions/index.js';
export type { DossierCodeGenerator, DossierCodeParts, DossierCodeRequest } from './code.js';
export {
  MAX_DAILY_SEQUENCE,
  formatDossierCode,
  isIssuedDossierCode,
  normaliseDossierCode,
  parseDossierCode,
  standardDossierCodes,
} from './code.js';
export type { DossierProjection } from './projection.js';
export { projectionOf } from './projection.js';
export type { LiveFlags, LiveSnapshot } from './live.js';
export { dueSoonThreshold, liveFlags } from './live.js';
export type { WarningThresholds } from './thresholds.js';
export { warningThresholds } from './thresholds.js';
export * from './messages.js';
export { RECEPTION_WAIT_WORKING_DAYS, isReceptionOverdue, receptionDueAt } from './waiting.js';

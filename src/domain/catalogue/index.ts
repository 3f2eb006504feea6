// Public API of the procedure catalogue domain: the procedure model and its lifecycle, internal processes,
// search normalisation, import mapping and planning, and the file formats.

export * from './model.js';
export { F as FIELD_LABELS } from './labels.js';
export { normaliseSearchText, tidyText } from './text.js';
export { MINUTES_PER_WORKING_DAY, WORKING_HOURS_PER_DAY, compareLimits, formatLimit, formatWorkingMinutes, limitInWorkingMinutes, type LimitInMinutes } from './time.js';
export {
  COMPLETENESS_PARTS,
  MAX_FEE_VND,
  canonicalBody,
  completeness,
  effectiveLimit,
  readDecision,
  readProcedure,
  readPublication,
  readTimeLimit,
  unitCodesOf,
  validateProcedure,
  type Completeness,
  type CompletenessPart,
} from './procedure.js';
export { allowedActions, decisionProblems, replacementProblems, statusAfter, transitionProblem, type LifecycleAction } from './lifecycle.js';
export {
  PROCESS_ROLES,
  RECEIVING,
  STEP_TIME_UNITS,
  processBudgets,
  readProcess,
  stepMinutes,
  validateProcess,
  INTER_AGENCY_DISPATCHES,
  INTER_AGENCY_DISPATCH_LABELS,
  PAYMENT_POLICIES,
  PAYMENT_POLICY_LABELS,
  SUPPLEMENT_POLICIES,
  SUPPLEMENT_POLICY_LABELS,
  type ChannelBudget,
  type InterAgencyDispatch,
  type Participant,
  type ProcessBody,
  type ProcessCheck,
  type ProcessRole,
  type ProcessStep,
  type StepTime,
  type StepTimeUnit,
} from './process.js';
export type { ImportRecord, MappingNote, NoteKind, RecordOrigin } from './records.js';
export { TTHC_FORMAT, looksLikeTthcRecord, mapTthcRecord, splitApplicants } from './tthc.js';
export {
  diffPaths,
  planImport,
  sameJson,
  summarise,
  type ExistingProcedure,
  type ImportOptions,
  type ImportSummary,
  type Outcome,
  type PlanAction,
  type RecordPlan,
} from './plan.js';
export {
  CSV_COLUMNS,
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  buildExport,
  exportCsv,
  exportJson,
  parseCatalogueFile,
  parseCsvCatalogue,
  parseJsonCatalogue,
  type ExportFile,
  type ExportRecord,
  type ParsedFile,
} from './formats.js';
export { firstInvalidUtf8, parseCsv, utf8Problem, writeCsv } from './csv.js';

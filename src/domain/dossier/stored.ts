// The shapes of a dossier's jsonb columns (dossiers.pinned, applicant, documents), as zod schemas: the one
// definition of these types, used by the store to parse rows where they are read. They check structure only; the
// business rules were checked when the values were written (validation.ts, pinnedProblems), and re-checking them on
// every read would turn a later tightening of a rule into unreadable old dossiers.
import { z } from 'zod';
import { TIME_UNITS } from '../calendar/index.js';
import type { DayEnd, Limit } from '../calendar/index.js';
import { CHANNELS, DEFAULT_RULES } from './types.js';
import type { DossierRules, PinnedParticipant, PinnedStep, StopGround } from './types.js';

export const APPLICANT_KINDS = ['citizen', 'organisation'] as const;

/** The applicant as stored: every field present, blanks as null, phone as digits (with a leading + kept). */
export const applicantSchema = z.object({
  kind: z.enum(APPLICANT_KINDS),
  fullName: z.string(),
  idNumber: z.string().nullable(),
  organisationName: z.string().nullable(),
  taxCode: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});
export type Applicant = z.infer<typeof applicantSchema>;

/** One line of a dossier's checklist against its pinned procedure version. */
export const documentEntrySchema = z.object({
  name: z.string(),
  /** The heading it is listed under in the procedure ("Giấy tờ phải xuất trình"…), null for extras. */
  group: z.string().nullable(),
  /** What the procedure asks for. */
  requiredOriginals: z.number(),
  requiredCopies: z.number(),
  /** Conditional documents ("… (nếu có)", "khi nộp thay…", "Trường hợp …") may be missing. */
  optional: z.boolean(),
  /** Not in the procedure's list. */
  extra: z.boolean(),
  provided: z.boolean(),
  originals: z.number(),
  copies: z.number(),
  fileIds: z.array(z.string()),
});
export type DocumentEntry = z.infer<typeof documentEntrySchema>;
export const documentEntriesSchema = z.array(documentEntrySchema);

const limitSchema = z.object({ amount: z.number(), unit: z.enum(TIME_UNITS), dayEnd: z.enum(['end_of_day', 'closing'] as const satisfies readonly DayEnd[]).optional() }) satisfies z.ZodType<Limit>;
const stepSchema = z.object({
  index: z.number().int(),
  name: z.string().optional(),
  unitId: z.number().int(),
  role: z.enum(['desk', 'specialist', 'leader']),
  allottedWorkingMinutes: z.number(),
  maySendBack: z.boolean(),
}) satisfies z.ZodType<PinnedStep>;
const participantSchema = z.object({
  unitId: z.number().int(),
  task: z.string(),
  allottedWorkingMinutes: z.number(),
  lead: z.boolean(),
}) satisfies z.ZodType<PinnedParticipant>;
const stopGroundSchema = z.object({ code: z.string(), label: z.object({ vi: z.string(), en: z.string() }) }) satisfies z.ZodType<StopGround>;
const rulesSchema = z.object({
  supplementWindowWorkingDays: z.number(),
  lateSupplementRequest: z.enum(['flag', 'refuse']),
  supplementRequestsCountedOnTime: z.number(),
  apologyDeadline: z.enum(['before_due', 'day_before_due', 'working_days_before_due']),
  apologyLeadWorkingDays: z.number(),
  apologyWarningWorkingDays: z.number(),
  apologyMaxExtension: limitSchema.nullable(),
  stopGrounds: z.array(stopGroundSchema),
  refusalAfterExaminationStatus: z.union([z.literal(9), z.literal(4), z.literal(3)]),
  supplementBeforeReceptionStatus: z.union([z.literal(5), z.literal(1)]),
  dueSoonWorkingDays: z.number(),
}) satisfies z.ZodType<DossierRules>;
// A rule added later is missing from dossiers pinned before it: such a dossier keeps the default, as it did then.
const pinnedRulesSchema = z.preprocess((v) => (v === undefined ? DEFAULT_RULES : v !== null && typeof v === 'object' ? { ...DEFAULT_RULES, ...v } : v), rulesSchema);

/**
 * The serialisable part of a dossier's PinnedProcedure, stored in dossiers.pinned. Fixed at submission (online) or
 * reception (counter, post), so later catalogue edits never change the dossier's deadlines. Turned back into a
 * PinnedProcedure by `hydratePinned` with the units' calendars.
 */
export const pinnedDataSchema = z.object({
  format: z.literal(1),
  procedureCode: z.string(),
  procedureName: z.string(),
  procedureVersionId: z.number().int(),
  procedureVersionNumber: z.number().int(),
  processVersionId: z.number().int().nullable(),
  channel: z.enum(CHANNELS),
  /** The channel's limit: the province's reduced one when there is one. */
  limit: limitSchema,
  /** The legal limit before reduction (printed on form 01 next to the appointment). */
  legalLimit: limitSchema,
  reduced: z.boolean(),
  fees: z.array(z.object({ name: z.string(), amountVnd: z.number(), note: z.string().nullable() })),
  supplementPolicy: z.enum(['pause', 'restart']),
  paymentPolicy: z.enum(['pause', 'run']),
  /** The internal process with unit ids; "receiving" already resolved (see docs/dossier.md). */
  steps: z.array(stepSchema),
  /** Desk steps whose unit is the actual receiving desk: re-resolved if an online dossier is received elsewhere. */
  receivingDeskSteps: z.array(z.number().int()),
  interAgency: z.array(participantSchema).nullable(),
  interAgencyDispatch: z.enum(['parallel', 'sequential']),
  signatureRequired: z.boolean(),
  /** Absent in dossiers pinned before the setting existed: one request only. */
  repeatSupplementRequests: z.boolean().optional(),
  rules: pinnedRulesSchema,
  /** The units that may decide (the procedure's competent units). */
  competentUnitIds: z.array(z.number().int()),
  /** The procedure's own receiving desk (a service centre receiving for departments); empty = each competent unit. */
  designatedReceiverIds: z.array(z.number().int()),
  /** The procedure's document list and results, as published in the pinned version (forms 01 and 02 print them). */
  documents: z.array(z.object({ name: z.string(), originals: z.number(), copies: z.number(), group: z.string().nullable(), optional: z.boolean() })),
  results: z.array(z.string()),
});
export type PinnedData = z.infer<typeof pinnedDataSchema>;

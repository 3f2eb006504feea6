// The shapes the dossier use cases take and give. This file is the contract with the HTTP layer and the pages.
import type {
  ActionPermission,
  ActionType,
  Channel,
  DossierState,
  DossierStatus,
  NationalStatus,
  PayloadOf,
  ReturnMethod,
} from '../../domain/dossier/index.js';
import type { Applicant, DocumentEntry, PinnedData } from '../../domain/dossier/stored.js';
import type { Bilingual } from '../../domain/errors.js';

// The stored jsonb shapes: zod schemas in the domain, which the store parses rows with.
export type { Applicant, DocumentEntry, PinnedData };

// ---------------------------------------------------------------------------------------------------------------
// Applicant

export type ApplicantKind = 'citizen' | 'organisation';

/** The applicant as typed at the desk or prefilled from the account. */
export interface ApplicantInput {
  kind: ApplicantKind;
  /** The person: the citizen, or the organisation's representative who submits. */
  fullName: string;
  /** Personal identification number (CCCD, 12 digits): required for a citizen, optional for a representative. */
  idNumber?: string | null;
  /** Required for an organisation. */
  organisationName?: string | null;
  /** Enterprise / tax code (10 digits, or 10-3 for a branch), optional. */
  taxCode?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Documents (the checklist against the pinned procedure version)

/**
 * One line of the checklist. `name` must be one of the procedure version's documents (exactly as published), unless
 * `extra` is true (something the applicant brought that the list does not name). At the desk, `provided` says the
 * paper was checked; online, a document is provided when it has files.
 */
export interface DocumentInput {
  name: string;
  provided?: boolean;
  originals?: number;
  copies?: number;
  fileIds?: string[];
  extra?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Views

export interface UnitRef {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
}

export interface PersonRef {
  id: number;
  username: string;
  fullName: string;
}

/** Everything about one dossier, for its page and the forms. */
export interface DossierView {
  id: number;
  /** Null until received (and for drafts), unless the national portal issued one. */
  code: string | null;
  /** The number of actions: pass it back as `expectedVersion`. */
  version: number;
  channel: Channel;
  procedure: { code: string; name: string; versionId: number; processVersionId: number | null };
  applicant: Applicant;
  applicantUserId: number | null;
  /** The unit that decides, as chosen at the counter or online; known before the state has it (form 02 at the desk). */
  competentUnitId: number | null;
  documents: DocumentEntry[];
  /** Null for a draft. */
  pinned: PinnedData | null;
  /** The derived state at the moment of reading (status, clocks, steps, timeline…). */
  state: DossierState;
  /** Names of every unit and person the state mentions, keyed by id. */
  units: Record<number, UnitRef>;
  people: Record<number, PersonRef>;
  /** For the QR code of form 01: `…/tra-cuu/<code>?t=<trackingToken>` opens the public page without a verifier. */
  trackingToken: string;
  /** How the reader sees it: as staff with jurisdiction, or as the applicant's own account. */
  access: 'staff' | 'applicant';
  createdAt: Date;
  updatedAt: Date;
}

/** The result of a creating use case: `created` is false when an idempotent retry found the earlier dossier. */
export interface CreationResult {
  dossier: DossierView;
  created: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs

export type ExistingDossierRef = { dossierId: number; expectedVersion: number };

/** A dossier brought to the counter (or by post): the first action creates it. */
export interface CounterDossierInput {
  procedureCode: string;
  channel: 'counter' | 'postal';
  applicant: ApplicantInput;
  documents: DocumentInput[];
  /** Required when the procedure has several competent units (communes) and the desk is not one of them. */
  competentUnitCode?: string | null;
  /** The desk's unit, when the official sits at several desks; by default their only desk. */
  receivingUnitId?: number | null;
  /** A retry with the same key (per user) returns the dossier created the first time. 1–100 of [A-Za-z0-9._:-]. */
  idempotencyKey: string;
  comment?: string | null;
}

export interface ReceiveAtDeskInput extends CounterDossierInput {
  /** Number in the unit's tracking book (form 07); by default the next number of the unit's book for the year. */
  trackingBookNumber?: number | null;
  /** How the applicant gets the result (form 01): desk (counter), post or online. */
  resultDelivery?: ReturnMethod | null;
}

export type RequestSupplementBeforeReceptionInput = (CounterDossierInput | ExistingDossierRef) & { items: string[]; reason: string; comment?: string | null };

export type RefuseReceptionInput = (CounterDossierInput | ExistingDossierRef) & { reasons: string; comment?: string | null };

export interface ReceiveSubmittedInput {
  expectedVersion: number;
  /** A counter dossier coming back after form 02 is checked again: its full checklist. Online: optional. */
  documents?: DocumentInput[];
  receivingUnitId?: number | null;
  trackingBookNumber?: number | null;
  comment?: string | null;
  /** How the applicant gets the result (form 01): desk (counter), post or online; kept from submission when omitted. */
  resultDelivery?: ReturnMethod | null;
}

export interface DraftInput {
  /** Omit to create a draft; give it to update one (while it is still a draft). */
  draftId?: number | null;
  procedureCode: string;
  competentUnitCode?: string | null;
  /** Merged over the account's own data (name, ID number, phone, e-mail, organisation, tax code). */
  applicant?: Partial<ApplicantInput> | null;
  /** Online, a document is provided when it has files. */
  documents?: DocumentInput[];
}

export interface SubmitOnlineInput {
  draftId: number;
  idempotencyKey: string;
  /** How the applicant wants the result: at the desk (counter), by post or online. */
  resultDelivery?: ReturnMethod | null;
}

export interface SupplementAnswerInput {
  expectedVersion: number;
  note?: string | null;
  fileIds?: string[];
  comment?: string | null;
}

/**
 * A processing action, typed: `payload` is the domain's payload of that type (PayloadOf, inferred from the schema in
 * src/domain/dossier/actions/<type>.ts). `receive` is routed to receiveSubmitted; `submit_online` is refused (use
 * submitOnline).
 */
export type ActInput = {
  [K in ActionType]: {
    type: K;
    payload: PayloadOf[K];
    comment?: string | null;
    /** Ids of files the actor uploaded (or already linked to this dossier). */
    attachments?: string[];
    /** The version the actor saw; a stale one gets a 409 conflict and nothing is written. */
    expectedVersion: number;
    /** The unit to act for when the actor could act for several (e.g. two consulted units); by default the domain's choice. */
    unitId?: number | null;
  };
}[ActionType];

/**
 * A processing action as a client sends it (the API, a page's form): its payload is whatever arrived, parsed by the
 * domain with the schema of its type, which names the fields at fault (an apology's `newDueAt` may be an ISO 8601
 * string). A missing `expectedVersion` is refused with its field.
 */
export interface ActRequest {
  type: ActionType;
  payload?: unknown;
  comment?: string | null;
  attachments?: string[];
  expectedVersion: number | undefined;
  unitId?: number | null;
}

export interface AllowedActionsView {
  dossierId: number;
  version: number;
  actions: ActionPermission[];
  /** For `assign` and `forward`: who may be named (active staff holding the step's role at the step's unit). */
  assigneeCandidates: { assign: PersonRef[]; forward: PersonRef[] };
}

// ---------------------------------------------------------------------------------------------------------------
// Lists

export type InboxScope = 'mine' | 'unit';
/** `submitted`: online submissions waiting for reception at the unit (oldest first, whatever the sort). */
export type InboxFilter = 'todo' | 'submitted' | 'due_soon' | 'late' | 'waiting_supplement' | 'consulting' | 'all';

export interface InboxQuery {
  /** mine: assigned to me; unit: held by (or owed by) the unit. */
  scope: InboxScope;
  filter: InboxFilter;
  /** scope 'unit': the unit (in the actor's jurisdiction); default the units of the actor's own memberships. */
  unitId?: number | null;
  /** scope 'unit' with unitId: include every unit below it. */
  includeSubunits?: boolean;
  /** remaining: least remaining working time first (the default); received: newest reception first. */
  sort?: 'remaining' | 'received';
  /** From 1. */
  page?: number;
  /** Default 20, at most 100. */
  pageSize?: number;
  /** Code prefix, or part of the applicant's or the procedure's name. */
  q?: string | null;
}

export interface DossierSummary {
  id: number;
  code: string | null;
  version: number;
  procedureCode: string;
  procedureName: string;
  applicantName: string;
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
  originalDueAt: Date | null;
  currentDueAt: Date | null;
  finishedAt: Date | null;
  returnedAt: Date | null;
  /** Recomputed at read time on the receiving unit's calendar (a stored value goes stale); null once processing ended. */
  remainingWorkingMinutes: number | null;
  /** Against the original appointment (an apology's new one is `currentDueAt`, shown beside it). */
  late: boolean;
  dueSoon: boolean;
  lateWithoutApology: boolean;
  /** Late, and the apology came after its deadline. */
  lateApologisedLate: boolean;
  /** No apology yet and the apology deadline is near (from two working days before the due): warn the leader. */
  apologyDueSoon: boolean;
  /** Waiting for a supplement under the restart policy: the due dates are null, "recounted when the supplement arrives". */
  dueRecounted: boolean;
  /** Submitted online and still waiting at the desk one working day later (its calendar), recomputed at read time. */
  receptionOverdue: boolean;
  apologised: boolean;
  openConsultations: number;
  updatedAt: Date;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface InboxPage extends Page<DossierSummary> {
  /** The instant the remaining times were computed at. */
  asOf: Date;
  units: Record<number, UnitRef>;
}

// ---------------------------------------------------------------------------------------------------------------
// Public tracking

export interface PublicTrackingView {
  code: string;
  procedureName: string;
  /** "N.V.A." — no other personal data. */
  applicantInitials: string;
  status: DossierStatus;
  statusLabel: Bilingual;
  nationalStatus: NationalStatus | null;
  nationalStatusLabel: Bilingual | null;
  channel: Channel | null;
  receivedAt: Date | null;
  /** The appointment the applicant holds (after an apology, the new one); null while it is to be recounted. */
  dueAt: Date | null;
  /** Waiting for a supplement under the restart policy: the appointment is recounted when it arrives. */
  dueRecounted: boolean;
  /** Set when an apology moved the appointment. */
  previousDueAt: Date | null;
  finishedAt: Date | null;
  returnedAt: Date | null;
  refusedAt: Date | null;
  stoppedAt: Date | null;
  result: 'granted' | 'refused' | null;
  waitingFor: 'supplement' | 'payment' | null;
  late: boolean;
  currentUnitName: string | null;
  receivingUnitName: string | null;
  /** The hand-overs between units, with dates: no names of officials. */
  steps: { unitName: string; stepName: string | null; receivedAt: Date; handedOverAt: Date | null; outcome: 'early' | 'on_time' | 'late' | null }[];
}

// ---------------------------------------------------------------------------------------------------------------
// Reminders

export interface ReminderItem {
  id: number;
  code: string | null;
  procedureName: string;
  applicantName: string;
  currentDueAt: Date;
  remainingWorkingMinutes: number;
  apologised: boolean;
  /** Due within the due-soon window (one working day by default). */
  dueSoon: boolean;
  /** No apology yet and its deadline is near: the leader decides whether to issue form 04 in time. */
  apologyDueSoon: boolean;
}

/** An online submission waiting at the desk for more than one working day. */
export interface WaitingReceptionItem {
  id: number;
  procedureName: string;
  applicantName: string;
  submittedAt: Date;
}

export interface ReminderDigest {
  asOf: Date;
  /** Per unit holding the dossier; `waitingReception` only for the desk an online submission waits at. */
  units: { unit: UnitRef; dueSoon: ReminderItem[]; late: ReminderItem[]; waitingReception: WaitingReceptionItem[] }[];
  /** Per official the dossier is assigned to. */
  officials: { person: PersonRef; dueSoon: ReminderItem[]; late: ReminderItem[] }[];
}

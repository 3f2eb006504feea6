// Kysely table types. Keep in step with migrations/*.sql.
import type { ColumnType, Generated } from 'kysely';
import type { Outcome, Weekday } from '../domain/calendar/index.js';
import type { Channel, DossierStatus, Phase } from '../domain/dossier/index.js';
import type { Applicant, DocumentEntry, PinnedData } from '../domain/dossier/stored.js';
import type { Role, UnitKind } from '../domain/org.js';

export type { Role, UnitKind };

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A calendar date as 'YYYY-MM-DD' (Asia/Ho_Chi_Minh). */
type PlainDate = string;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface AppSettingsTable {
  key: string;
  value: string;
}

export interface UnitsTable {
  id: Generated<number>;
  parent_id: number | null;
  kind: UnitKind;
  code: string;
  name: string;
  short_name: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  valid_from: PlainDate;
  valid_to: PlainDate | null;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UnitCodesTable {
  id: Generated<number>;
  unit_id: number;
  code: string;
  valid_from: PlainDate;
  valid_to: PlainDate | null;
}

export type UserKind = 'staff' | 'citizen' | 'business';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  kind: UserKind;
  full_name: string;
  email: string | null;
  phone: string | null;
  id_number: string | null;
  organisation_name: string | null;
  tax_code: string | null;
  password_hash: string;
  active: Generated<boolean>;
  last_login_at: Timestamp | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembershipsTable {
  user_id: number;
  unit_id: number;
  role: Role;
  title: string | null;
  created_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  prefix: string;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AuditLogTable {
  seq: number;
  occurred_at: Timestamp;
  actor_user_id: number | null;
  actor_label: string;
  unit_id: number | null;
  ip: string | null;
  request_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
  /** The hash before the last entry (migration 0006): the trigger that links a pending entry reads it back. */
  prev_hash: string | null;
}

/** Entries queued by one-statement writes, linked into audit_log by a trigger (migration 0006); written in SQL only. */
export interface AuditPendingTable {
  id: Generated<number>;
  occurred_at: Timestamp;
  actor_user_id: number | null;
  actor_label: string;
  unit_id: number | null;
  ip: string | null;
  request_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Generated<Json<Record<string, unknown>>>;
  hash_prefix: string;
  hash_suffix: string;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'dead';

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  payload: Json<Record<string, unknown>>;
  status: Generated<JobStatus>;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  last_error: string | null;
  locked_by: string | null;
  locked_at: Timestamp | null;
  dedupe_key: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: Timestamp;
}

// ── Calendar (migration 0002) ──────────────────────────────────────────────
export type CalendarEntryKindColumn = 'holiday' | 'compensatory' | 'swapped_day_off' | 'working_saturday' | 'closure';

export interface CalendarEntriesTable {
  id: Generated<number>;
  unit_id: number | null;
  day: PlainDate;
  kind: CalendarEntryKindColumn;
  reason: string;
  source: 'law' | 'announcement' | 'local';
  version: Generated<number>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CalendarAnnouncementsTable {
  year: number;
  reference: string | null;
  body: Json<Record<string, unknown>>;
  version: Generated<number>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CalendarProfilesTable {
  unit_id: number;
  office_hours: Json<{ periods: { start: string; end: string }[] }> | null;
  same_day_cutoff: string | null;
  weekly_rest_days: Json<Weekday[]> | null;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface CalendarRevisionTable {
  id: number;
  revision: number;
}

// ── Notifications (migration 0005) ─────────────────────────────────────────
export interface NotificationOutboxTable {
  id: Generated<number>;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  body: string;
  kind: string;
  dossier_id: number | null;
  user_id: number | null;
  unit_id: number | null;
  dedupe_key: string | null;
  status: Generated<'queued' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  provider: string | null;
  provider_ref: string | null;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface RateLimitCountersTable {
  key: string;
  window_start: Date;
  hits: number;
  last_hit_at: Date;
  expires_at: Date;
}

export interface Database {
  app_settings: AppSettingsTable;
  units: UnitsTable;
  unit_codes: UnitCodesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  rate_limit_counters: RateLimitCountersTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  audit_pending: AuditPendingTable;
  jobs: JobsTable;
  schema_migrations: SchemaMigrationsTable;
  // notifications
  notification_outbox: NotificationOutboxTable;
  // calendar
  calendar_entries: CalendarEntriesTable;
  calendar_announcements: CalendarAnnouncementsTable;
  calendar_profiles: CalendarProfilesTable;
  calendar_revision: CalendarRevisionTable;
  // ── catalogue (migration 0003) ──
  procedures: ProceduresTable;
  procedure_versions: ProcedureVersionsTable;
  procedure_history: ProcedureHistoryTable;
  processes: ProcessesTable;
  process_versions: ProcessVersionsTable;
  // ── dossiers (migration 0004) ──
  dossiers: DossiersTable;
  dossier_actions: DossierActionsTable;
  dossier_files: DossierFilesTable;
  dossier_projection: DossierProjectionTable;
  dossier_code_counters: DossierCodeCountersTable;
  stored_files: StoredFilesTable;
  delegations: DelegationsTable;
  dossier_daily_stats: DossierDailyStatsTable;
}

/** Migration 0013: daily counters per competent unit, procedure and channel, kept by a trigger on the projection. */
export interface DossierDailyStatsTable {
  unit_id: number;
  procedure_code: string;
  channel: string;
  day: PlainDate;
  received: Generated<number>;
  completed: Generated<number>;
  completed_early: Generated<number>;
  completed_on_time: Generated<number>;
  completed_late: Generated<number>;
  refused: Generated<number>;
  stopped: Generated<number>;
  withdrawn: Generated<number>;
  late_without_apology: Generated<number>;
  due: Generated<number>;
  completed_by_due: Generated<number>;
  apologies_on_time: Generated<number>;
  apologies_late: Generated<number>;
  supplement_requests: Generated<number>;
  multiple_supplement_requests: Generated<number>;
  indicator1_sum: Generated<number>;
  indicator1_count: Generated<number>;
  indicator2_sum: Generated<number>;
  indicator2_count: Generated<number>;
}

// ── Catalogue (migration 0003) ─────────────────────────────────────────────
// Bodies are stored as jsonb and read back through the catalogue domain's readers, so they are typed loosely here.
export type ProcedureStatusColumn = 'draft' | 'published' | 'amended' | 'replaced' | 'abolished';

export interface ProceduresTable {
  id: Generated<number>;
  code: string;
  status: ProcedureStatusColumn;
  current_version_id: number | null;
  draft: Json<Record<string, unknown>> | null;
  replaced_by_id: number | null;
  status_decision: Json<{ number: string; date: string }> | null;
  name: string;
  search_name: string;
  field: string;
  level: 'province' | 'commune' | 'both' | 'inter_agency';
  online_level: 'full' | 'partial' | null;
  unit_codes: TextArray;
  revision: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProcedureVersionsTable {
  id: Generated<number>;
  procedure_id: number;
  number: number;
  body: Json<Record<string, unknown>>;
  code: string;
  name: string;
  field: string;
  level: string;
  online_level: string | null;
  decision_number: string;
  decision_date: PlainDate;
  effective_date: PlainDate;
  created_at: Timestamp;
  created_by: string;
}

export interface ProcedureHistoryTable {
  id: Generated<number>;
  procedure_id: number;
  kind: 'created' | 'published' | 'amended' | 'replaced' | 'abolished' | 'process_approved';
  version_id: number | null;
  process_version_id: number | null;
  decision_number: string | null;
  decision_date: PlainDate | null;
  effective_date: PlainDate | null;
  replaced_by_code: string | null;
  note: string | null;
  actor_label: string;
  occurred_at: Timestamp;
}

export interface ProcessesTable {
  id: Generated<number>;
  procedure_id: number;
  current_version_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProcessVersionsTable {
  id: Generated<number>;
  process_id: number;
  procedure_version_id: number;
  number: number;
  body: Json<Record<string, unknown>>;
  total_minutes: number;
  step_count: number;
  approval_number: string | null;
  approval_date: PlainDate | null;
  created_at: Timestamp;
  created_by: string;
}

// ── Dossiers (migration 0004) ──────────────────────────────────────────────
// pinned, applicant and documents carry the types of their zod schemas (domain/dossier/stored.ts): the store parses
// them where it reads a dossier row (dossierRowFrom), so a row typed DossierRow has been checked.
type IdArray = ColumnType<number[], number[] | undefined, number[]>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface DossiersTable {
  id: Generated<number>;
  code: string | null;
  procedure_version_id: number;
  process_version_id: number | null;
  channel: 'counter' | 'online' | 'postal';
  pinned: Json<PinnedData> | null;
  applicant: Json<Applicant>;
  applicant_user_id: number | null;
  documents: Json<DocumentEntry[]>;
  receiving_unit_id: number | null;
  competent_unit_id: number | null;
  tracking_token: string;
  creator_key: string;
  created_by_user_id: number | null;
  idempotency_key: string | null;
  /** SHA-256 of the creating request's content, checked when the key is replayed (migration 0009). */
  idempotency_fingerprint: ColumnType<string | null, string | null | undefined, string | null>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DossierActionsTable {
  dossier_id: number;
  seq: number;
  type: string;
  at: Timestamp;
  actor_user_id: number | null;
  actor_roles: TextArray;
  unit_id: number | null;
  delegation: Json<Record<string, unknown>> | null;
  comment: string | null;
  attachments: TextArray;
  payload: Json<Record<string, unknown>>;
  recorded_at: Timestamp;
}

export interface DossierFilesTable {
  dossier_id: number;
  file_id: string;
}

// Written only from the domain's projection (codec.ts projectionRow), so its enumerations carry the domain's types.
export interface DossierProjectionTable {
  dossier_id: number;
  dossier_code: string | null;
  version: number;
  status: DossierStatus;
  national_status: number | null;
  phase: Phase;
  channel: Channel | null;
  receiving_unit_id: number | null;
  competent_unit_id: number | null;
  current_unit_id: number | null;
  current_step_index: number | null;
  assignee_id: number | null;
  waiting_for: 'supplement' | 'payment' | null;
  clock_status: 'running' | 'paused' | 'stopped' | null;
  submitted_at: Timestamp | null;
  received_at: Timestamp | null;
  original_due_at: Timestamp | null;
  current_due_at: Timestamp | null;
  finished_at: Timestamp | null;
  returned_at: Timestamp | null;
  stopped_at: Timestamp | null;
  /** Migration 0013: the stop's ground (applicant_withdrawal or a configured code). */
  stop_ground: string | null;
  refused_at: Timestamp | null;
  result: 'granted' | 'refused' | null;
  outcome: Outcome | null;
  outcome_against_original: Outcome | null;
  indicator1: number | null;
  indicator2: number | null;
  remaining_working_minutes: number | null;
  as_of: Timestamp | null;
  due_within_one_working_day: boolean;
  late: boolean;
  late_without_apology: boolean;
  apology_allowed: boolean;
  apologised: boolean;
  apology_late: boolean;
  /** Migration 0013: when the apology was issued; statistics count apologies on that day. */
  apologised_at: Timestamp | null;
  late_apologised_late: boolean;
  due_recounted: boolean;
  late_for_service_index: boolean;
  /** Migration 0011: from when the dossier is due soon / its apology is near, under its pinned rules; null before. */
  due_soon_from: Timestamp | null;
  apology_warning_from: Timestamp | null;
  supplement_request_count: number;
  multiple_supplement_requests: boolean;
  late_supplement_request: boolean;
  open_consultations: number;
  procedure_code: string;
  procedure_name: string;
  applicant_name: string;
  applicant_user_id: number | null;
  pending_unit_ids: IdArray;
  unit_ids: IdArray;
  updated_at: Timestamp;
}

export interface DossierCodeCountersTable {
  sequence_key: string;
  last: number;
}

export interface StoredFilesTable {
  id: string;
  sha256: string;
  size_bytes: number;
  media_type: 'application/pdf' | 'image/jpeg' | 'image/png';
  original_name: string;
  storage_key: string;
  owner_user_id: number | null;
  created_at: Timestamp;
}

export interface DelegationsTable {
  id: Generated<number>;
  from_user_id: number;
  to_user_id: number;
  unit_id: number;
  scope: 'sign' | 'approve_and_sign';
  procedure_codes: TextArray;
  valid_from: Timestamp;
  valid_to: Timestamp;
  revoked_at: Timestamp | null;
  created_at: Timestamp;
}

// Kysely table types. Keep in step with migrations/*.sql.
import type { ColumnType, Generated } from 'kysely';
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
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
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
  day: string;
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
  weekly_rest_days: Json<number[]> | null;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface CalendarRevisionTable {
  id: number;
  revision: number;
}

export interface Database {
  app_settings: AppSettingsTable;
  units: UnitsTable;
  unit_codes: UnitCodesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  jobs: JobsTable;
  schema_migrations: SchemaMigrationsTable;
  // calendar
  calendar_entries: CalendarEntriesTable;
  calendar_announcements: CalendarAnnouncementsTable;
  calendar_profiles: CalendarProfilesTable;
  calendar_revision: CalendarRevisionTable;
}

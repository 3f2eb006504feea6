// Calendar rows: administrator-entered dated entries, announcements, per-unit office hours, and the revision
// counter that tells every process when its cached calendars are stale.
import { sql, type Kysely, type Selectable } from 'kysely';
import { z } from 'zod';
import type { Weekday } from '../domain/calendar/index.js';
import { parseColumn } from './json.js';
import type {
  CalendarAnnouncementsTable,
  CalendarEntriesTable,
  CalendarEntryKindColumn,
  CalendarProfilesTable,
  Database,
} from './schema.js';

type Db = Kysely<Database>;
export type CalendarEntryRow = Selectable<CalendarEntriesTable>;
export type CalendarAnnouncementRow = Selectable<CalendarAnnouncementsTable>;
export type CalendarProfileRow = Selectable<CalendarProfilesTable>;

export interface CalendarSnapshot {
  revision: number;
  entries: CalendarEntryRow[];
  announcements: CalendarAnnouncementRow[];
  profiles: CalendarProfileRow[];
}

export async function readCalendarRevision(db: Db): Promise<number> {
  const r = await db.selectFrom('calendar_revision').select('revision').where('id', '=', 1).executeTakeFirstOrThrow();
  return r.revision;
}

/** Everything calendars are built from, read at one revision (a repeatable-read snapshot would be stricter; the
 * revision is read first, so a concurrent edit at worst makes the cache refresh once more). */
export async function readCalendarSnapshot(db: Db): Promise<CalendarSnapshot> {
  const revision = await readCalendarRevision(db);
  const [entries, announcements, profiles] = await Promise.all([
    db.selectFrom('calendar_entries').selectAll().orderBy('day').execute(),
    db.selectFrom('calendar_announcements').selectAll().orderBy('year').execute(),
    db.selectFrom('calendar_profiles').selectAll().execute(),
  ]);
  return { revision, entries, announcements, profiles: profiles.map(profileFrom) };
}

/** Serialises calendar edits and invalidates every process's cache when the transaction commits. */
export async function bumpCalendarRevision(db: Db): Promise<number> {
  const r = await sql<{ revision: number }>`UPDATE calendar_revision SET revision = revision + 1 WHERE id = 1 RETURNING revision`.execute(db);
  return Number(r.rows[0]!.revision);
}

export async function listCalendarEntries(db: Db, unitId: number | null, from?: string, to?: string): Promise<CalendarEntryRow[]> {
  let q = db.selectFrom('calendar_entries').selectAll();
  q = unitId === null ? q.where('unit_id', 'is', null) : q.where('unit_id', '=', unitId);
  if (from) q = q.where('day', '>=', from);
  if (to) q = q.where('day', '<=', to);
  return q.orderBy('day').execute();
}

export async function getCalendarEntry(db: Db, id: number): Promise<CalendarEntryRow | undefined> {
  return db.selectFrom('calendar_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCalendarEntry(db: Db, unitId: number | null, day: string): Promise<CalendarEntryRow | undefined> {
  let q = db.selectFrom('calendar_entries').selectAll().where('day', '=', day);
  q = unitId === null ? q.where('unit_id', 'is', null) : q.where('unit_id', '=', unitId);
  return q.executeTakeFirst();
}

export interface NewCalendarEntry {
  unitId: number | null;
  day: string;
  kind: CalendarEntryKindColumn;
  reason: string;
  source: 'law' | 'announcement' | 'local';
  createdBy: number | null;
}

export async function insertCalendarEntry(db: Db, e: NewCalendarEntry, now: Date): Promise<CalendarEntryRow> {
  return db
    .insertInto('calendar_entries')
    .values({
      unit_id: e.unitId,
      day: e.day,
      kind: e.kind,
      reason: e.reason,
      source: e.source,
      created_by: e.createdBy,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Optimistic update: returns undefined when the row is gone or its version moved on. */
export async function updateCalendarEntry(
  db: Db,
  id: number,
  version: number,
  patch: { kind: CalendarEntryKindColumn; reason: string },
  now: Date,
): Promise<CalendarEntryRow | undefined> {
  return db
    .updateTable('calendar_entries')
    .set({ kind: patch.kind, reason: patch.reason, updated_at: now, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteCalendarEntry(db: Db, id: number, version: number): Promise<boolean> {
  const r = await db.deleteFrom('calendar_entries').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export async function getAnnouncement(db: Db, year: number): Promise<CalendarAnnouncementRow | undefined> {
  return db.selectFrom('calendar_announcements').selectAll().where('year', '=', year).executeTakeFirst();
}

export async function upsertAnnouncement(
  db: Db,
  a: { year: number; reference: string | null; body: unknown; createdBy: number | null },
  now: Date,
): Promise<CalendarAnnouncementRow> {
  return db
    .insertInto('calendar_announcements')
    .values({
      year: a.year,
      reference: a.reference,
      body: JSON.stringify(a.body),
      created_by: a.createdBy,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column('year').doUpdateSet({
        reference: a.reference,
        body: JSON.stringify(a.body),
        updated_at: now,
        version: sql`calendar_announcements.version + 1`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

const officeHoursSchema = z.object({ periods: z.array(z.object({ start: z.string(), end: z.string() })) });
const weekdaysSchema = z.array(z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)])) satisfies z.ZodType<Weekday[]>;

/** The profile with its jsonb columns parsed. */
function profileFrom(r: Omit<CalendarProfileRow, 'office_hours' | 'weekly_rest_days'> & { office_hours: unknown; weekly_rest_days: unknown }): CalendarProfileRow {
  const at = (column: string) => `calendar_profiles.${column} of unit ${r.unit_id}`;
  return {
    ...r,
    office_hours: r.office_hours === null ? null : parseColumn(officeHoursSchema, r.office_hours, at('office_hours')),
    weekly_rest_days: r.weekly_rest_days === null ? null : parseColumn(weekdaysSchema, r.weekly_rest_days, at('weekly_rest_days')),
  };
}

export async function getCalendarProfile(db: Db, unitId: number): Promise<CalendarProfileRow | undefined> {
  const r = await db.selectFrom('calendar_profiles').selectAll().where('unit_id', '=', unitId).executeTakeFirst();
  return r && profileFrom(r);
}

export async function upsertCalendarProfile(
  db: Db,
  unitId: number,
  p: { officeHours: { periods: { start: string; end: string }[] } | null; sameDayCutoff: string | null; weeklyRestDays: number[] | null },
  now: Date,
): Promise<CalendarProfileRow> {
  const values = {
    office_hours: p.officeHours ? JSON.stringify(p.officeHours) : null,
    same_day_cutoff: p.sameDayCutoff,
    weekly_rest_days: p.weeklyRestDays ? JSON.stringify(p.weeklyRestDays) : null,
    updated_at: now,
  };
  return db
    .insertInto('calendar_profiles')
    .values({ unit_id: unitId, ...values })
    .onConflict((oc) => oc.column('unit_id').doUpdateSet({ ...values, version: sql`calendar_profiles.version + 1` }))
    .returningAll()
    .executeTakeFirstOrThrow()
    .then(profileFrom);
}

// Working calendars as the application sees them: the pure calendar domain (Labour Code rules, built-in
// announcements) plus what administrators stored, resolved per unit along the unit tree, cached per process and
// invalidated by a revision counter that every edit bumps inside its transaction.
import {
  BUILT_IN_ANNOUNCEMENTS,
  CalendarError,
  ClockError,
  DEFAULT_OFFICE_HOURS,
  DEFAULT_SAME_DAY_CUTOFF,
  DEFAULT_WEEKLY_REST_DAYS,
  TIME_UNITS,
  days as calendarDays,
  deriveCalendar,
  entriesOfYear,
  explainDeadline,
  lunarYearName,
  formatVnInstant,
  nationalCalendar,
  parseAnnouncement,
  parseTimeOfDay,
  parseVnDate,
  solarToLunar,
  vnDateOf,
  withEntries,
  type Announcement,
  type Calendar,
  type CalendarEntry,
  type DayInfo,
  type DaySource,
  type EntryKind,
  type LunarDate,
  type OfficeHours,
  type TimeUnit,
  type Weekday,
} from '../domain/calendar/index.js';
import { AppError, fieldInvalid, forbidden, invalid, notFound, staleVersion, type Bilingual } from '../domain/errors.js';
import {
  bumpCalendarRevision,
  deleteCalendarEntry,
  findCalendarEntry,
  getAnnouncement,
  getCalendarEntry,
  getCalendarProfile,
  insertCalendarEntry,
  listCalendarEntries,
  readCalendarRevision,
  readCalendarSnapshot,
  updateCalendarEntry,
  upsertAnnouncement,
  upsertCalendarProfile,
  type CalendarEntryRow,
  type CalendarSnapshot,
} from '../store/calendar.js';
import { ancestorIds, getUnit, getUnitByCode, unitIdForCodeOn } from '../store/units.js';
import type { Actor } from './actor.js';
import { requireStaff } from './actor.js';
import { appendAudit } from './audit.js';
import { requireRoleOn } from './authz.js';
import type { AppContext } from './context.js';
import { inTransaction, isUniqueViolation } from './tx.js';
import { isOneOf } from '../domain/one-of.js';

// ---------------------------------------------------------------------------------------------------------------
// Errors: the calendar domain raises its own errors (it imports nothing from outside its folder); here they become
// the application's bilingual field errors.

export function asAppError(e: unknown, fieldNames: Record<string, string> = {}): unknown {
  if (e instanceof CalendarError) {
    const path = fieldNames[e.field ?? ''] ?? e.field ?? 'calendar';
    return new AppError('invalid', `calendar_${e.code}`, { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, [{ path, message: e.messages }]);
  }
  if (e instanceof ClockError) return new AppError('invalid', `clock_${e.code}`, e.messages);
  return e;
}

function mapped<T>(fn: () => T, fieldNames?: Record<string, string>): T {
  try {
    return fn();
  } catch (e) {
    throw asAppError(e, fieldNames);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Building and caching

interface CalendarCache {
  revision: number;
  national: Calendar;
  snapshot: CalendarSnapshot;
  /** Keyed by the unit's ancestor chain (root first), so moving a unit in the tree gives it the right calendar. */
  byChain: Map<string, Calendar>;
}

const caches = new WeakMap<AppContext, CalendarCache>();

function announcementsOf(snapshot: CalendarSnapshot): Announcement[] {
  return snapshot.announcements.map((a) => parseAnnouncement(a.body));
}

function entryInput(r: CalendarEntryRow) {
  return { date: r.day, kind: r.kind, reason: r.reason, source: r.source };
}

function buildNational(snapshot: CalendarSnapshot): Calendar {
  const base = nationalCalendar({ id: 'national', name: 'Lịch quốc gia', announcements: announcementsOf(snapshot) });
  const own = snapshot.entries.filter((e) => e.unit_id === null).map(entryInput);
  return own.length ? withEntries(base, own) : base;
}

async function cache(ctx: AppContext): Promise<CalendarCache> {
  const current = caches.get(ctx);
  const revision = await readCalendarRevision(ctx.db);
  if (current && current.revision === revision) return current;
  const snapshot = await readCalendarSnapshot(ctx.db);
  const fresh: CalendarCache = { revision: snapshot.revision, snapshot, national: buildNational(snapshot), byChain: new Map() };
  caches.set(ctx, fresh);
  return fresh;
}

/** Forget this process's calendars (after an edit made through it, so it need not wait for the revision check). */
function invalidate(ctx: AppContext): void {
  caches.delete(ctx);
}

function hasOverrides(c: CalendarCache, unitId: number): boolean {
  return c.snapshot.entries.some((e) => e.unit_id === unitId) || c.snapshot.profiles.some((p) => p.unit_id === unitId);
}

function deriveForUnit(c: CalendarCache, parent: Calendar, unitId: number): Calendar {
  const profile = c.snapshot.profiles.find((p) => p.unit_id === unitId);
  const entries = c.snapshot.entries.filter((e) => e.unit_id === unitId).map(entryInput);
  return deriveCalendar(parent, {
    id: `unit:${unitId}`,
    name: `unit:${unitId}`,
    officeHours: profile?.office_hours ?? undefined,
    sameDayCutoff: profile?.same_day_cutoff ?? undefined,
    weeklyRestDays: profile?.weekly_rest_days ?? undefined,
    entries,
  });
}

/** The calendar a unit works on: national, then each ancestor's and its own entries and hours (nearest wins). */
export async function calendarForUnit(ctx: AppContext, unitId: number | null): Promise<Calendar> {
  const c = await cache(ctx);
  if (unitId === null) return c.national;
  const chain = (await ancestorIds(ctx.db, unitId)).reverse();
  const relevant = chain.filter((id) => hasOverrides(c, id));
  const key = relevant.join('>');
  const hit = c.byChain.get(key);
  if (hit) return hit;
  let cal = c.national;
  const prefix: number[] = [];
  for (const id of relevant) {
    prefix.push(id);
    const k = prefix.join('>');
    cal = c.byChain.get(k) ?? deriveForUnit(c, cal, id);
    c.byChain.set(k, cal);
  }
  c.byChain.set(key, cal);
  return cal;
}

export interface CalendarScope {
  unitId: number | null;
  unitCode: string | null;
  unitName: string;
}

const NATIONAL_SCOPE: CalendarScope = { unitId: null, unitCode: null, unitName: 'Lịch quốc gia / National calendar' };

/** Resolves an agency code (current, or held on `onDate` by a unit that has since been recoded). */
export async function scopeForCode(ctx: AppContext, code: string | undefined | null, field = 'unit_code'): Promise<CalendarScope> {
  if (code === undefined || code === null || code.trim() === '') return NATIONAL_SCOPE;
  const trimmed = code.trim();
  let unit = await getUnitByCode(ctx.db, trimmed);
  if (!unit) {
    const id = await unitIdForCodeOn(ctx.db, trimmed, vnDateOf(ctx.clock()));
    if (id !== undefined) unit = await getUnit(ctx.db, id);
  }
  if (!unit)
    throw fieldInvalid(field, { vi: `Không có đơn vị nào mang mã ${trimmed}`, en: `No unit has the agency code ${trimmed}` });
  return { unitId: unit.id, unitCode: unit.code, unitName: unit.name };
}

// ---------------------------------------------------------------------------------------------------------------
// Public computations

/** Upper bounds that catch typing mistakes (an amount in minutes typed as hours) without limiting real procedures. */
export const MAX_AMOUNT: Record<TimeUnit, number> = {
  hours: 24 * 366 * 2,
  working_hours: 8 * 260 * 5,
  working_days: 260 * 5,
  days: 366 * 5,
  months: 60,
  same_day: 1,
};

const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseInstantWithOffset(text: string, field: string): Date {
  if (typeof text !== 'string' || !INSTANT_WITH_OFFSET.test(text.trim()))
    throw fieldInvalid(field, {
      vi: 'Thời điểm phải theo ISO-8601 có múi giờ, ví dụ 2026-01-05T09:30:00+07:00',
      en: 'The instant must be ISO-8601 with an offset, e.g. 2026-01-05T09:30:00+07:00',
    });
  const trimmed = text.trim();
  const d = new Date(trimmed);
  // Date() rolls 30 February over into March; a calendar date that does not exist is an error here.
  let realDate = true;
  try {
    parseVnDate(trimmed.slice(0, 10));
  } catch {
    realDate = false;
  }
  const [hh, mm] = [Number(trimmed.slice(11, 13)), Number(trimmed.slice(14, 16))];
  if (Number.isNaN(d.getTime()) || !realDate || hh > 23 || mm > 59)
    throw fieldInvalid(field, { vi: 'Ngày giờ không tồn tại', en: 'No such date or time' });
  const year = Number(vnDateOf(d).slice(0, 4));
  if (year < 1901 || year > 2099)
    throw fieldInvalid(field, { vi: 'Chỉ tính được cho các năm 1901–2099', en: 'Only years 1901–2099 are supported' });
  return d;
}

export function parseTimeUnit(text: string, field = 'unit'): TimeUnit {
  if (!isOneOf(TIME_UNITS, text))
    throw fieldInvalid(field, {
      vi: `Đơn vị thời hạn phải là một trong: ${TIME_UNITS.join(', ')}`,
      en: `The time unit must be one of: ${TIME_UNITS.join(', ')}`,
    });
  return text;
}

export function checkAmount(amount: number, unit: TimeUnit, field = 'amount'): number {
  if (!Number.isFinite(amount))
    throw fieldInvalid(field, { vi: 'Thời hạn phải là một số', en: 'The amount must be a number' });
  if (amount < 0 || (amount === 0 && unit !== 'same_day'))
    throw fieldInvalid(field, { vi: 'Thời hạn phải lớn hơn 0', en: 'The amount must be greater than 0' });
  if ((unit === 'days' || unit === 'months') && !Number.isInteger(amount))
    throw fieldInvalid(field, { vi: 'Số ngày, số tháng phải là số nguyên', en: 'Days and months must be whole numbers' });
  if (amount > MAX_AMOUNT[unit])
    throw fieldInvalid(field, {
      vi: `Thời hạn quá lớn (tối đa ${MAX_AMOUNT[unit]} với đơn vị ${unit})`,
      en: `The amount is too large (at most ${MAX_AMOUNT[unit]} ${unit})`,
    });
  return amount;
}

export interface DeadlineQuery {
  start: string;
  amount: number;
  unit: string;
  unitCode?: string | null;
}

export interface DeadlineResult {
  start: string;
  due: string;
  unit: TimeUnit;
  amount: number;
  rule: string;
  calendar: { unitCode: string | null; unitName: string };
  explanation: { date: string; counted: boolean; reason: string | null; source: DaySource | null; minutes: number | null }[];
}

export async function computeDeadline(ctx: AppContext, q: DeadlineQuery): Promise<DeadlineResult> {
  const start = parseInstantWithOffset(q.start, 'start');
  const unit = parseTimeUnit(q.unit);
  const amount = checkAmount(q.amount, unit);
  const scope = await scopeForCode(ctx, q.unitCode);
  const cal = await calendarForUnit(ctx, scope.unitId);
  const x = mapped(() => explainDeadline(start, amount, unit, cal), { start: 'start', amount: 'amount', unit: 'unit' });
  return {
    start: formatVnInstant(x.start),
    due: formatVnInstant(x.due),
    unit,
    amount,
    rule: x.rule,
    calendar: { unitCode: scope.unitCode, unitName: scope.unitName },
    explanation: x.days.map((d) => ({ date: d.date, counted: d.counted, reason: d.reason, source: d.source, minutes: d.minutes })),
  };
}

export const MAX_DAYS_RANGE = 400;

export async function listDays(ctx: AppContext, q: { from: string; to: string; unitCode?: string | null }): Promise<DayInfo[]> {
  const from = checkDate(q.from, 'from');
  const to = checkDate(q.to, 'to');
  if (to < from) throw fieldInvalid('to', { vi: 'Ngày kết thúc phải sau ngày bắt đầu', en: '"to" must not be before "from"' });
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (span > MAX_DAYS_RANGE)
    throw fieldInvalid('to', {
      vi: `Khoảng ngày tối đa ${MAX_DAYS_RANGE} ngày (đang là ${span})`,
      en: `The range may cover at most ${MAX_DAYS_RANGE} days (it covers ${span})`,
    });
  const scope = await scopeForCode(ctx, q.unitCode);
  const cal = await calendarForUnit(ctx, scope.unitId);
  return mapped(() => calendarDays(cal, from, to), { from: 'from', to: 'to' });
}

export function checkDate(text: string, field: string): string {
  try {
    const d = parseVnDate(text);
    if (d.year < 1901 || d.year > 2099) throw new Error('range');
    return text;
  } catch {
    throw fieldInvalid(field, {
      vi: 'Ngày phải có dạng YYYY-MM-DD, là ngày có thật, trong các năm 1901–2099',
      en: 'The date must be YYYY-MM-DD, a real date, in the years 1901–2099',
    });
  }
}

export function lunarOf(date: string, field = 'date'): LunarDate & { yearName: string } {
  const d = checkDate(date, field);
  const l = mapped(() => solarToLunar(d), { date: field });
  return { ...l, yearName: lunarYearNameSafe(l.year) };
}

function lunarYearNameSafe(year: number): string {
  try {
    return lunarYearName(year);
  } catch {
    return String(year);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Administration (audited). National entries and announcements belong to administrators of a root unit (the
// province's top unit, which runs this installation); a unit's entries and hours to administrators of that unit or
// above.

async function requireCalendarAdmin(ctx: AppContext, actor: Actor, unitId: number | null): Promise<void> {
  if (actor.kind === 'system') return;
  const user = requireStaff(actor);
  if (unitId !== null) return requireRoleOn(ctx.db, actor, ['admin'], unitId);
  for (const m of user.memberships) {
    if (m.role !== 'admin') continue;
    const u = await getUnit(ctx.db, m.unitId);
    if (u && u.parent_id === null) return;
  }
  throw forbidden({
    vi: 'Chỉ quản trị viên cấp tỉnh mới sửa được lịch quốc gia',
    en: 'Only a province-level administrator may edit the national calendar',
  });
}

export async function mayAdministerCalendar(ctx: AppContext, actor: Actor, unitId: number | null): Promise<boolean> {
  try {
    await requireCalendarAdmin(ctx, actor, unitId);
    return true;
  } catch (e) {
    if (e instanceof AppError) return false;
    throw e;
  }
}

const ENTRY_KINDS: readonly EntryKind[] = ['holiday', 'compensatory', 'swapped_day_off', 'working_saturday', 'closure'];
const ENTRY = { vi: 'ngày đặc biệt trong lịch', en: 'Calendar entry' };

export interface CalendarEntryView {
  id: number;
  unitId: number | null;
  date: string;
  kind: EntryKind;
  reason: string;
  source: 'law' | 'announcement' | 'local';
  version: number;
}

const toEntryView = (r: CalendarEntryRow): CalendarEntryView => ({
  id: r.id,
  unitId: r.unit_id,
  date: r.day,
  kind: r.kind,
  reason: r.reason,
  source: r.source,
  version: r.version,
});

export interface EntryDraft {
  unitId: number | null;
  date: string;
  kind: string;
  reason: string;
  source?: 'law' | 'announcement' | 'local';
}

function checkEntry(input: { kind: string; reason: string }): { kind: EntryKind; reason: string } {
  const kind = input.kind;
  if (!isOneOf(ENTRY_KINDS, kind))
    throw fieldInvalid('kind', { vi: `Loại ngày phải là một trong: ${ENTRY_KINDS.join(', ')}`, en: `Kind must be one of: ${ENTRY_KINDS.join(', ')}` });
  const reason = (input.reason ?? '').trim();
  if (reason.length < 2 || reason.length > 300)
    throw fieldInvalid('reason', { vi: 'Lý do gồm 2–300 ký tự', en: 'The reason needs 2–300 characters' });
  return { kind, reason };
}

async function requireUnitExists(ctx: AppContext, unitId: number | null): Promise<void> {
  if (unitId === null) return;
  const u = await getUnit(ctx.db, unitId);
  if (!u) throw fieldInvalid('unitId', { vi: 'Đơn vị không tồn tại', en: 'The unit does not exist' });
}

export async function addCalendarEntry(ctx: AppContext, actor: Actor, input: EntryDraft): Promise<CalendarEntryView> {
  const date = checkDate(input.date, 'date');
  const { kind, reason } = checkEntry(input);
  await requireUnitExists(ctx, input.unitId);
  await requireCalendarAdmin(ctx, actor, input.unitId);
  const source = input.source ?? (input.unitId === null ? 'announcement' : 'local');
  try {
    const row = await inTransaction(ctx, async (trx, now) => {
      await bumpCalendarRevision(trx);
      if (await findCalendarEntry(trx, input.unitId, date)) throw duplicateEntry(date);
      const r = await insertCalendarEntry(trx, { unitId: input.unitId, day: date, kind, reason, source, createdBy: actor.kind === 'user' ? actor.userId : null }, now);
      await appendAudit(trx, actor, now, {
        action: 'calendar.entry.create',
        targetType: 'calendar_entry',
        targetId: r.id,
        unitId: input.unitId,
        details: { date, kind, reason, source },
      });
      return r;
    });
    invalidate(ctx);
    return toEntryView(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateEntry(date);
    throw e;
  }
}

const duplicateEntry = (date: string) =>
  invalid('duplicate_entry', { vi: `Ngày ${date} đã có trong lịch này; hãy sửa mục đó`, en: `${date} already has an entry on this calendar; edit it instead` }, [
    { path: 'date', message: { vi: 'Ngày đã có mục', en: 'Date already has an entry' } },
  ]);

export async function updateCalendarEntryUseCase(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: { kind: string; reason: string; version: number },
): Promise<CalendarEntryView> {
  const { kind, reason } = checkEntry(input);
  const existing = await getCalendarEntry(ctx.db, id);
  if (!existing) throw notFound(ENTRY);
  await requireCalendarAdmin(ctx, actor, existing.unit_id);
  const row = await inTransaction(ctx, async (trx, now) => {
    await bumpCalendarRevision(trx);
    const r = await updateCalendarEntry(trx, id, input.version, { kind, reason }, now);
    if (!r) throw staleVersion();
    await appendAudit(trx, actor, now, {
      action: 'calendar.entry.update',
      targetType: 'calendar_entry',
      targetId: id,
      unitId: existing.unit_id,
      details: { date: existing.day, before: { kind: existing.kind, reason: existing.reason }, after: { kind, reason } },
    });
    return r;
  });
  invalidate(ctx);
  return toEntryView(row);
}

export async function removeCalendarEntry(ctx: AppContext, actor: Actor, id: number, version: number): Promise<void> {
  const existing = await getCalendarEntry(ctx.db, id);
  if (!existing) throw notFound(ENTRY);
  await requireCalendarAdmin(ctx, actor, existing.unit_id);
  await inTransaction(ctx, async (trx, now) => {
    await bumpCalendarRevision(trx);
    if (!(await deleteCalendarEntry(trx, id, version))) throw staleVersion();
    await appendAudit(trx, actor, now, {
      action: 'calendar.entry.delete',
      targetType: 'calendar_entry',
      targetId: id,
      unitId: existing.unit_id,
      details: { date: existing.day, kind: existing.kind, reason: existing.reason, source: existing.source },
    });
  });
  invalidate(ctx);
}

export async function listEntriesOf(ctx: AppContext, unitId: number | null, year?: number): Promise<CalendarEntryView[]> {
  const rows = await listCalendarEntries(ctx.db, unitId, year ? `${year}-01-01` : undefined, year ? `${year}-12-31` : undefined);
  return rows.map(toEntryView);
}

/** Stores (or replaces) a year's national announcement; the input is parsed by the domain's strict parser. */
export async function saveAnnouncement(ctx: AppContext, actor: Actor, input: unknown): Promise<{ year: number; reference: string | null; version: number }> {
  const a = mapped(() => parseAnnouncement(input));
  if (a.year < 1901 || a.year > 2099)
    throw fieldInvalid('year', { vi: 'Năm phải trong khoảng 1901–2099', en: 'The year must be within 1901–2099' });
  await requireCalendarAdmin(ctx, actor, null);
  const row = await inTransaction(ctx, async (trx, now) => {
    await bumpCalendarRevision(trx);
    const before = await getAnnouncement(trx, a.year);
    const r = await upsertAnnouncement(trx, { year: a.year, reference: a.reference ?? null, body: a, createdBy: actor.kind === 'user' ? actor.userId : null }, now);
    await appendAudit(trx, actor, now, {
      action: before ? 'calendar.announcement.replace' : 'calendar.announcement.create',
      targetType: 'calendar_announcement',
      targetId: a.year,
      details: { year: a.year, reference: a.reference ?? null, off: a.off.length, workingSaturdays: a.workingSaturdays.length },
    });
    return r;
  });
  invalidate(ctx);
  return { year: row.year, reference: row.reference, version: row.version };
}

/**
 * Parses the admin form's text: one day per line, "YYYY-MM-DD nghỉ|off <reason>" or "YYYY-MM-DD làm|work <reason>".
 * Every bad line is reported with its number, so an administrator can fix them all at once.
 */
export function parseAnnouncementText(year: number, reference: string | null, text: string): Announcement {
  const off: { date: string; reason: string }[] = [];
  const workingSaturdays: { date: string; reason: string }[] = [];
  const problems: { path: string; message: Bilingual }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^(\d{4}-\d{2}-\d{2})\s+(nghỉ|nghi|off|làm|lam|work)\s+(.{2,300})$/iu.exec(line);
    if (!m) {
      problems.push({
        path: `lines.${i + 1}`,
        message: { vi: `Dòng ${i + 1}: cần "YYYY-MM-DD nghỉ|làm lý do"`, en: `Line ${i + 1}: expected "YYYY-MM-DD off|work reason"` },
      });
      return;
    }
    const [, date, what, reason] = m;
    const bucket = /^(nghỉ|nghi|off)$/iu.test(what!) ? off : workingSaturdays;
    bucket.push({ date: date!, reason: reason!.trim() });
  });
  if (problems.length) throw invalid('validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, problems);
  return mapped(() => parseAnnouncement({ year, reference: reference ?? undefined, off, workingSaturdays }), { year: 'year' });
}

export interface ProfileInput {
  officeHours: { start: string; end: string }[] | null;
  sameDayCutoff: string | null;
  weeklyRestDays: number[] | null;
}

export async function saveCalendarProfile(ctx: AppContext, actor: Actor, unitId: number, input: ProfileInput): Promise<void> {
  await requireUnitExists(ctx, unitId);
  await requireCalendarAdmin(ctx, actor, unitId);
  const officeHours = input.officeHours?.length ? { periods: input.officeHours } : null;
  if (input.sameDayCutoff) mapped(() => parseTimeOfDay(input.sameDayCutoff!), { time: 'sameDayCutoff' });
  const rest = input.weeklyRestDays;
  if (rest && (rest.some((d) => !Number.isInteger(d) || d < 0 || d > 6) || new Set(rest).size !== rest.length || rest.length > 6))
    throw fieldInvalid('weeklyRestDays', { vi: 'Ngày nghỉ hằng tuần là các số 0–6 không trùng nhau', en: 'Weekly rest days are distinct numbers 0–6' });
  // Build it once to let the domain validate hours and cut-off together (periods ordered, not overlapping…).
  mapped(() => deriveCalendar(nationalCalendar(), { id: 'check', name: 'check', officeHours: officeHours ?? undefined, sameDayCutoff: input.sameDayCutoff ?? undefined, weeklyRestDays: (rest as Weekday[] | null) ?? undefined }), {
    officeHours: 'officeHours',
    sameDayCutoff: 'sameDayCutoff',
  });
  await inTransaction(ctx, async (trx, now) => {
    await bumpCalendarRevision(trx);
    const before = await getCalendarProfile(trx, unitId);
    await upsertCalendarProfile(trx, unitId, { officeHours, sameDayCutoff: input.sameDayCutoff, weeklyRestDays: rest }, now);
    await appendAudit(trx, actor, now, {
      action: 'calendar.profile.save',
      targetType: 'unit',
      targetId: unitId,
      unitId,
      details: {
        before: before ? { officeHours: before.office_hours, sameDayCutoff: before.same_day_cutoff, weeklyRestDays: before.weekly_rest_days } : null,
        after: { officeHours, sameDayCutoff: input.sameDayCutoff, weeklyRestDays: rest },
      },
    });
  });
  invalidate(ctx);
}

export interface YearView {
  year: number;
  scope: CalendarScope;
  days: DayInfo[];
  entries: CalendarEntry[];
  ownEntries: CalendarEntryView[];
  officeHours: OfficeHours;
  sameDayCutoff: string;
  weeklyRestDays: readonly Weekday[];
  announcement: { year: number; reference: string | null; stored: boolean; builtIn: boolean };
  mayEdit: boolean;
}

/** Everything the admin year page shows for a unit (or the national calendar). */
export async function calendarYear(ctx: AppContext, actor: Actor, unitId: number | null, year: number): Promise<YearView> {
  if (!Number.isInteger(year) || year < 1901 || year > 2099)
    throw fieldInvalid('year', { vi: 'Năm phải trong khoảng 1901–2099', en: 'The year must be within 1901–2099' });
  requireStaff(actor);
  let scope = NATIONAL_SCOPE;
  if (unitId !== null) {
    const u = await getUnit(ctx.db, unitId);
    if (!u) throw notFound({ vi: 'đơn vị', en: 'Unit' });
    scope = { unitId: u.id, unitCode: u.code, unitName: u.name };
  }
  const cal = await calendarForUnit(ctx, unitId);
  const stored = await getAnnouncement(ctx.db, year);
  return {
    year,
    scope,
    days: calendarDays(cal, `${year}-01-01`, `${year}-12-31`),
    entries: entriesOfYear(cal, year),
    ownEntries: await listEntriesOf(ctx, unitId, year),
    officeHours: cal.officeHours,
    sameDayCutoff: cal.sameDayCutoff,
    weeklyRestDays: cal.weeklyRestDays,
    announcement: {
      year,
      reference: stored?.reference ?? BUILT_IN_ANNOUNCEMENTS.find((a) => a.year === year)?.reference ?? null,
      stored: Boolean(stored),
      builtIn: BUILT_IN_ANNOUNCEMENTS.some((a) => a.year === year),
    },
    mayEdit: await mayAdministerCalendar(ctx, actor, unitId),
  };
}

/** Any administrator may open the calendar pages; what they may change is decided per calendar. */
export function mayViewCalendarAdmin(actor: Actor): boolean {
  return actor.kind === 'user' && actor.userKind === 'staff' && actor.memberships.some((m) => m.role === 'admin');
}

export const CALENDAR_DEFAULTS = {
  officeHours: DEFAULT_OFFICE_HOURS,
  sameDayCutoff: DEFAULT_SAME_DAY_CUTOFF,
  weeklyRestDays: DEFAULT_WEEKLY_REST_DAYS,
};

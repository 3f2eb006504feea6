// Announced public-sector schedules, kept as data in the project's own format. Add a year by appending an
// Announcement here, or at run time with withAnnouncement()/nationalCalendar({ announcements }).

import { CalendarError } from './errors.js';
import { parseVnDate } from './date.js';
import type { AnnouncedDay, Announcement, EntryKind } from './types.js';

export const ANNOUNCEMENT_2025: Announcement = {
  year: 2025,
  reference: 'Công văn 8726/VPCP-KGVX ngày 26/11/2024',
  off: [
    { date: '2025-01-01', reason: 'Tết Dương lịch', kind: 'holiday' },
    // The Tết break ran Sat 25 Jan – Sun 2 Feb; a reported swap of Mon 27 Jan with Sat 8 Feb was never confirmed,
    // so 8 Feb stays a rest day and 27 Jan is recorded as part of the announced break.
    { date: '2025-01-27', reason: 'Nghỉ Tết Nguyên đán Ất Tỵ', kind: 'holiday' },
    { date: '2025-01-28', reason: 'Tết Nguyên đán Ất Tỵ (29 tháng Chạp)', kind: 'holiday' },
    { date: '2025-01-29', reason: 'Tết Nguyên đán Ất Tỵ (mùng 1)', kind: 'holiday' },
    { date: '2025-01-30', reason: 'Tết Nguyên đán Ất Tỵ (mùng 2)', kind: 'holiday' },
    { date: '2025-01-31', reason: 'Tết Nguyên đán Ất Tỵ (mùng 3)', kind: 'holiday' },
    { date: '2025-04-07', reason: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', kind: 'holiday' },
    { date: '2025-04-30', reason: 'Ngày Chiến thắng (30/4)', kind: 'holiday' },
    { date: '2025-05-01', reason: 'Ngày Quốc tế Lao động (1/5)', kind: 'holiday' },
    { date: '2025-05-02', reason: 'Nghỉ hoán đổi, làm bù thứ Bảy 26/4', kind: 'swapped_day_off' },
    { date: '2025-09-01', reason: 'Quốc khánh (ngày liền kề)', kind: 'holiday' },
    { date: '2025-09-02', reason: 'Quốc khánh (2/9)', kind: 'holiday' },
  ],
  workingSaturdays: [{ date: '2025-04-26', reason: 'Làm bù cho thứ Sáu 2/5', kind: 'working_saturday' }],
};

export const ANNOUNCEMENT_2026: Announcement = {
  year: 2026,
  reference: 'Công văn 12729/VPCP-KGVX ngày 25/12/2025; Thông báo 9441/TB-BNV ngày 16/10/2025',
  off: [
    { date: '2026-01-01', reason: 'Tết Dương lịch', kind: 'holiday' },
    { date: '2026-01-02', reason: 'Nghỉ hoán đổi, làm bù thứ Bảy 10/1', kind: 'swapped_day_off' },
    { date: '2026-02-16', reason: 'Tết Nguyên đán Bính Ngọ (29 tháng Chạp)', kind: 'holiday' },
    { date: '2026-02-17', reason: 'Tết Nguyên đán Bính Ngọ (mùng 1)', kind: 'holiday' },
    { date: '2026-02-18', reason: 'Tết Nguyên đán Bính Ngọ (mùng 2)', kind: 'holiday' },
    { date: '2026-02-19', reason: 'Tết Nguyên đán Bính Ngọ (mùng 3)', kind: 'holiday' },
    { date: '2026-02-20', reason: 'Tết Nguyên đán Bính Ngọ (mùng 4)', kind: 'holiday' },
    { date: '2026-04-27', reason: 'Nghỉ bù Giỗ Tổ Hùng Vương (26/4 là Chủ nhật)', kind: 'compensatory' },
    { date: '2026-04-30', reason: 'Ngày Chiến thắng (30/4)', kind: 'holiday' },
    { date: '2026-05-01', reason: 'Ngày Quốc tế Lao động (1/5)', kind: 'holiday' },
    { date: '2026-08-31', reason: 'Nghỉ hoán đổi, làm bù thứ Bảy 22/8', kind: 'swapped_day_off' },
    { date: '2026-09-01', reason: 'Quốc khánh (ngày liền kề)', kind: 'holiday' },
    { date: '2026-09-02', reason: 'Quốc khánh (2/9)', kind: 'holiday' },
  ],
  workingSaturdays: [
    { date: '2026-01-10', reason: 'Làm bù cho thứ Sáu 2/1', kind: 'working_saturday' },
    { date: '2026-08-22', reason: 'Làm bù cho thứ Hai 31/8', kind: 'working_saturday' },
  ],
};

export const BUILT_IN_ANNOUNCEMENTS: readonly Announcement[] = [ANNOUNCEMENT_2025, ANNOUNCEMENT_2026];

const OFF_KINDS: readonly EntryKind[] = ['holiday', 'compensatory', 'swapped_day_off', 'closure'];

function bad(en: string, vi: string, field?: string): CalendarError {
  return new CalendarError('invalid_announcement', { vi, en }, field);
}

function parseDays(raw: unknown, year: number, list: 'off' | 'workingSaturdays'): AnnouncedDay[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw bad(`${list} must be a list`, `${list} phải là một danh sách`, list);
  return raw.map((item: unknown, i) => {
    const field = `${list}[${i}]`;
    if (typeof item !== 'object' || item === null) throw bad(`${field} must be an object`, `${field} phải là một đối tượng`, field);
    const { date, reason, kind } = item as Record<string, unknown>;
    if (typeof date !== 'string') throw bad(`${field}.date is required`, `Thiếu ${field}.date`, `${field}.date`);
    const parts = parseVnDate(date);
    if (parts.year !== year) {
      throw bad(`${date} is not in ${year}`, `Ngày ${date} không thuộc năm ${year}`, `${field}.date`);
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw bad(`${field}.reason is required`, `Thiếu lý do ở ${field}`, `${field}.reason`);
    }
    const allowed: readonly unknown[] = list === 'off' ? OFF_KINDS : ['working_saturday'];
    if (kind !== undefined && !allowed.includes(kind)) {
      throw bad(`${field}.kind ${String(kind)} is not allowed here`, `Loại ngày ${String(kind)} không hợp lệ ở ${field}`, `${field}.kind`);
    }
    const day: AnnouncedDay = { date, reason: reason.trim(), kind: (kind as EntryKind | undefined) ?? (list === 'off' ? 'holiday' : 'working_saturday') };
    return day;
  });
}

/**
 * Validates an announcement typed in by an administrator (e.g. decoded JSON with `year`, `off`, `workingSaturdays`,
 * optional `reference`) and returns it in canonical form. Throws CalendarError('invalid_announcement').
 */
export function parseAnnouncement(input: unknown): Announcement {
  if (typeof input !== 'object' || input === null) throw bad('An announcement must be an object', 'Thông báo lịch nghỉ phải là một đối tượng');
  const { year, reference, off, workingSaturdays } = input as Record<string, unknown>;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1900 || year > 2199) {
    throw bad('year must be an integer between 1900 and 2199', 'Năm phải là số nguyên từ 1900 đến 2199', 'year');
  }
  if (reference !== undefined && typeof reference !== 'string') throw bad('reference must be text', 'Số hiệu văn bản phải là chuỗi', 'reference');
  const offDays = parseDays(off, year, 'off');
  const worked = parseDays(workingSaturdays, year, 'workingSaturdays');
  const seen = new Set<string>();
  for (const d of [...offDays, ...worked]) {
    if (seen.has(d.date)) throw bad(`${d.date} is listed twice`, `Ngày ${d.date} bị khai báo hai lần`, 'off');
    seen.add(d.date);
  }
  const result: Announcement = {
    year,
    ...(typeof reference === 'string' && reference.trim() !== '' ? { reference: reference.trim() } : {}),
    off: offDays,
    workingSaturdays: worked,
  };
  return result;
}

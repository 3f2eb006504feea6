// Vietnamese local time (Asia/Ho_Chi_Minh, UTC+7 all year) as the pages show and read it: the one module in http that
// turns instants into wall-clock text and back. The arithmetic itself is the calendar domain's (vnDateOf,
// vnInstant, formatVnInstant); a test fails when the offset is rebuilt anywhere else in src/http.
import { formatVnInstant, vnDateOf, vnInstant } from '../domain/calendar/index.js';

/** "2026-12-01T07:30": the value a datetime-local control shows for an instant. */
export const localValue = (d: Date): string => formatVnInstant(d).slice(0, 16);

/** The Vietnamese date ("2026-12-01") and time of day ("07:30") of an instant. */
export function vnParts(d: Date): { date: string; time: string } {
  const s = formatVnInstant(d);
  return { date: s.slice(0, 10), time: s.slice(11, 16) };
}

/** The Vietnamese calendar year an instant falls in. */
export const vnYearOf = (d: Date): number => Number(vnDateOf(d).slice(0, 4));

/** "01/12/2026 07:30". */
export function vnDateTimeText(d: Date): string {
  const s = formatVnInstant(d);
  return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)} ${s.slice(11, 16)}`;
}

/**
 * An ISO 8601 instant with the Vietnamese offset from a date and a time as typed ("07:30" or "07:30:15"), for use
 * cases that parse and check it themselves: nothing is validated here.
 */
export const vnIsoText = (date: string, time: string): string => `${date}T${time.length === 5 ? `${time}:00` : time}+07:00`;

/**
 * A datetime-local value ("2026-12-01T07:30", seconds optional) as Vietnamese time. Empty → undefined; anything
 * else that is not a real date and time is returned as typed, for the use case's schema to refuse with its field.
 */
export function localInstant(v: string): Date | string | undefined {
  if (v === '') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?$/.exec(v);
  if (!m) return v;
  try {
    return vnInstant(m[1]!, m[2]!);
  } catch {
    return v;
  }
}

/**
 * A datetime-local value ("2026-12-01T07:30", seconds optional) or, where the browser shows a plain text box,
 * "01/12/2026 07:30", read as Vietnamese time. Null when it is not a real date and time.
 */
export function parseVnLocal(text: string): Date | null {
  const t = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  let parts: string[] | null = m ? [m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6] ?? '00'] : null;
  if (!parts) {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})$/.exec(t);
    if (m) parts = [m[3]!, m[2]!.padStart(2, '0'), m[1]!.padStart(2, '0'), m[4]!.padStart(2, '0'), m[5]!, '00'];
  }
  if (!parts) return null;
  const [y, mo, d, h, mi, s] = parts;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  const at = new Date(vnIsoText(`${y}-${mo}-${d}`, `${h}:${mi}:${s}`));
  // Date rolls 30 February over to March; the round trip catches it.
  if (!Number.isFinite(at.getTime()) || formatVnInstant(at).slice(0, 19) !== iso) return null;
  return at;
}

// What every desk page shares: who may use them, the desk's units, how dates are read out at the counter, and how
// the use cases' field paths and the posted form meet.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserActor } from '../../../app/actor.js';
import type { AllowedActionsView } from '../../../app/dossiers/index.js';
import type { UnitView } from '../../../app/units.js';
import { formatVnInstant } from '../../../domain/calendar/index.js';
import { AppError, forbidden, type Bilingual } from '../../../domain/errors.js';
import { pageUser } from '../../context.js';
import type { Lang } from '../../i18n.js';
import { intOrNull, lastValues, readPosted, type FormBody, type FormFailure, type PostedFile } from '../forms.js';

export const T = (vi: string, en: string): Bilingual => ({ vi, en });

/** "09:00 Thứ Tư, 25/11/2026": appointments are read out to applicants, so the weekday matters. */
export function formatAppointment(d: Date | null | undefined, lang: Lang): string {
  if (!d) return '—';
  return d.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    weekday: 'long',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export const shortWhen = (d: Date | null | undefined) => (d ? formatVnInstant(d).slice(0, 16).replace('T', ' ') : '—');

/** Desk pages are for desk officials; the use cases check again, this only keeps others out of forms they cannot use. */
export function deskUser(req: FastifyRequest, reply: FastifyReply): UserActor | null {
  const user = pageUser(req, reply);
  if (!user) return null;
  if (user.userKind !== 'staff' || !user.memberships.some((m) => m.role === 'desk'))
    throw forbidden(T('Chỉ cán bộ tiếp nhận và trả kết quả (Bộ phận Một cửa) mới dùng được trang này', 'Only desk officials of a one-stop desk may use this page'));
  return user;
}

export function deskUnitsOf(user: UserActor, units: UnitView[]): UnitView[] {
  const ids = new Set(user.memberships.filter((m) => m.role === 'desk').map((m) => m.unitId));
  return units.filter((u) => ids.has(u.id));
}

/** The action types the domain allows the official now. */
export const allowedOf = (v: AllowedActionsView): ReadonlySet<string> => new Set(v.actions.filter((a) => a.allowed).map((a) => a.type));

/** Whether the domain lets this official take any of the three reception decisions now. */
export const mayDecideReception = (can: ReadonlySet<string>) => can.has('receive') || can.has('request_supplement_before_reception') || can.has('refuse_reception');

/** The use cases name fields by their input paths; the form names them by its inputs (which the summary links to). */
export function formPath(path: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^applicant\.(\w+)/.exec(path))) return m[1]!;
  if ((m = /^documents\[(\d+)\]\.(originals|copies)/.exec(path))) return `doc${m[2] === 'originals' ? 'Originals' : 'Copies'}${m[1]}`;
  if ((m = /^documents\[(\d+)\]/.exec(path))) return `doc${m[1]}`;
  if (path.startsWith('documents')) return 'documents';
  if ((m = /^payload\.(items|reasons|reason)\b/.exec(path))) return m[1]!;
  return path;
}

export const mapFailure = (f: FormFailure): FormFailure => ({ ...f, fields: f.fields.map((x) => ({ ...x, path: formPath(x.path) })) });

/** A multipart body: text fields (the last value wins) and non-empty files. */
export async function multipartBody(body: unknown): Promise<{ fields: FormBody; uploads: PostedFile[] }> {
  const { fields, files } = await readPosted(body);
  return { fields: lastValues(fields), uploads: files };
}

export const linesOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*[-•*\d.)]*\s*/, '').trim())
    .filter(Boolean);

export const dossierIdOf = (raw: string) => {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError('not_found', 'not_found', T('Không tìm thấy hồ sơ', 'Dossier not found'));
  return id;
};

/** The version the official saw: a missing or malformed one is a stale form, not a guess. */
export const versionOf = (body: FormBody) => {
  const n = intOrNull(body, 'expectedVersion');
  return n === null || Number.isNaN(n) ? -1 : n;
};

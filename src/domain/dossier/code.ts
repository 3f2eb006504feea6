// Dossier codes: receiving agency's identifier, reception date YYMMDD (Asia/Ho_Chi_Minh), 4-digit daily sequence of
// that agency, e.g. 000.00.12.H53-250124-0007. The pure part only: the sequence itself comes from a counter the store
// increments atomically under the key `sequenceKey` gives, so that two desks receiving at once never collide.
import { normaliseAgencyCode } from '../agency-code.js';
import { vnDateOf } from '../calendar/index.js';
import { fieldInvalid } from '../errors.js';

export const MAX_DAILY_SEQUENCE = 9999;

const LOCAL_CODE = /^((?:\d{3}\.)?\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{2})(\d{2})(\d{2})-(\d{4})$/;
/** Codes issued elsewhere (e.g. the national portal's G09.20-20260609-0092637): kept verbatim, only their shape is checked. */
const ISSUED_CODE = /^[A-Z0-9](?:[A-Z0-9.\-]{0,62}[A-Z0-9])?$/;

export interface DossierCodeParts {
  /** The full form, with the leading `000.`. */
  code: string;
  agencyCode: string;
  /** Reception date, 'YYYY-MM-DD' in Asia/Ho_Chi_Minh (YY is read as 20YY). */
  receivedOn: string;
  sequence: number;
}

function yymmdd(receivedAt: Date): string {
  if (!(receivedAt instanceof Date) || !Number.isFinite(receivedAt.getTime()))
    throw fieldInvalid('receivedAt', { vi: 'Thời điểm tiếp nhận không hợp lệ', en: 'Invalid reception instant' });
  const date = vnDateOf(receivedAt);
  const year = Number(date.slice(0, 4));
  // Two-digit years are only unambiguous within one century.
  if (year < 2000 || year > 2099) throw fieldInvalid('receivedAt', { vi: 'Năm tiếp nhận phải từ 2000 đến 2099', en: 'The reception year must be 2000–2099' });
  return date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);
}

function agency(code: string): string {
  const full = typeof code === 'string' ? normaliseAgencyCode(code) : null;
  if (!full) throw fieldInvalid('agencyCode', { vi: `"${String(code)}" không phải mã định danh QCVN 102:2016`, en: `"${String(code)}" is not a QCVN 102:2016 agency code` });
  return full;
}

/** `000.00.12.H53`, 24 Jan 2025, 7 → `000.00.12.H53-250124-0007`. */
export function formatDossierCode(agencyCode: string, receivedAt: Date, sequence: number): string {
  const a = agency(agencyCode);
  const day = yymmdd(receivedAt);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DAILY_SEQUENCE)
    throw fieldInvalid('sequence', { vi: `Số thứ tự trong ngày phải từ 1 đến ${MAX_DAILY_SEQUENCE}`, en: `The daily sequence must be 1–${MAX_DAILY_SEQUENCE}` });
  return `${a}-${day}-${String(sequence).padStart(4, '0')}`;
}

const validDate = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};

/** Reads a local dossier code, with or without the leading `000.`; null when it is not one. */
export function parseDossierCode(text: string): DossierCodeParts | null {
  if (typeof text !== 'string') return null;
  const m = LOCAL_CODE.exec(text.trim().toUpperCase());
  if (!m) return null;
  const agencyCode = normaliseAgencyCode(m[1]!);
  const y = 2000 + Number(m[2]);
  const mo = Number(m[3]);
  const d = Number(m[4]);
  const sequence = Number(m[5]);
  if (!agencyCode || !validDate(y, mo, d) || sequence < 1) return null;
  return {
    code: `${agencyCode}-${m[2]}${m[3]}${m[4]}-${m[5]}`,
    agencyCode,
    receivedOn: `${y}-${m[3]}-${m[4]}`,
    sequence,
  };
}

/** A code this system issued, or one issued elsewhere that we keep verbatim (after trimming and upper-casing). */
export function isIssuedDossierCode(text: string): boolean {
  return typeof text === 'string' && text === text.trim() && (parseDossierCode(text) !== null || ISSUED_CODE.test(text));
}

/** The stored form of a code typed or scanned by someone: local codes in their full form, others upper-cased. */
export function normaliseDossierCode(text: string): string | null {
  if (typeof text !== 'string') return null;
  const local = parseDossierCode(text);
  if (local) return local.code;
  const s = text.trim().toUpperCase();
  return ISSUED_CODE.test(s) ? s : null;
}

export interface DossierCodeRequest {
  agencyCode: string;
  receivedAt: Date;
  /** The value the store's counter gave for `sequenceKey(agencyCode, receivedAt)`. */
  sequence: number;
}

/**
 * How dossier codes are made. The application asks for `sequenceKey`, increments that counter in the same
 * transaction as the reception, then formats. A dossier that arrives with a code issued by the national portal keeps
 * it and draws no sequence at all.
 */
export interface DossierCodeGenerator {
  readonly name: string;
  readonly maxSequence: number;
  sequenceKey(agencyCode: string, receivedAt: Date): string;
  format(request: DossierCodeRequest): string;
}

/** The national form: one counter per agency and Vietnamese calendar day. */
export const standardDossierCodes: DossierCodeGenerator = {
  name: 'agency-yymmdd-sequence',
  maxSequence: MAX_DAILY_SEQUENCE,
  sequenceKey: (agencyCode, receivedAt) => `${agency(agencyCode)}-${yymmdd(receivedAt)}`,
  format: (r) => formatDossierCode(r.agencyCode, r.receivedAt, r.sequence),
};

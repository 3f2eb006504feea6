// Input checks of the dossier use cases: the applicant, the documents checklist, idempotency keys, file ids.
// Every problem is collected with its field path and a reason in both languages.
import type { Bilingual, FieldError } from '../../domain/errors.js';
import { invalid } from '../../domain/errors.js';
import { idNumberProblem, taxCodeProblem } from '../../domain/identity.js';
import type { Applicant, ApplicantInput, DocumentEntry, DocumentInput, PinnedData } from './types.js';

const f = (path: string, vi: string, en: string): FieldError => ({ path, message: { vi, en } });
const said = (path: string, m: Bilingual): FieldError => ({ path, message: m });

export const validationFailed = (fields: FieldError[]) => invalid('validation_failed', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, fields);

export function throwIfAny(fields: FieldError[]): void {
  if (fields.length > 0) throw validationFailed(fields);
}

const clean = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.replace(/\s+/g, ' ').trim() : null);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks and normalises an applicant. `strict` (reception, submission) requires what forms 01–03 print: the name,
 * the ID number of a citizen, the name of an organisation. A draft is checked only for the shape of what is there.
 */
export function checkApplicant(input: Partial<ApplicantInput> | null | undefined, path: string, strict: boolean): { applicant: Applicant; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const a = (input ?? {}) as Partial<ApplicantInput>;
  const kind = a.kind === 'organisation' ? 'organisation' : 'citizen';
  if (a.kind !== undefined && a.kind !== 'citizen' && a.kind !== 'organisation')
    problems.push(f(`${path}.kind`, 'Người nộp là công dân hoặc tổ chức', 'The applicant is a citizen or an organisation'));
  const fullName = clean(a.fullName) ?? '';
  if (strict && !fullName) problems.push(f(`${path}.fullName`, 'Cần nhập họ và tên người nộp', 'The applicant’s full name is required'));
  if (fullName.length > 200) problems.push(f(`${path}.fullName`, 'Họ tên tối đa 200 ký tự', 'At most 200 characters'));
  const idNumber = clean(a.idNumber)?.replace(/\s/g, '') ?? null;
  if (idNumber) {
    const p = idNumberProblem(idNumber);
    if (p) problems.push(said(`${path}.idNumber`, p));
  } else if (strict && kind === 'citizen') problems.push(f(`${path}.idNumber`, 'Cần nhập số định danh cá nhân (CCCD)', 'The personal ID number is required'));
  const organisationName = clean(a.organisationName);
  if (kind === 'organisation' && strict && !organisationName)
    problems.push(f(`${path}.organisationName`, 'Cần nhập tên tổ chức', 'The organisation’s name is required'));
  if (organisationName && organisationName.length > 300) problems.push(f(`${path}.organisationName`, 'Tối đa 300 ký tự', 'At most 300 characters'));
  const taxCode = clean(a.taxCode)?.replace(/\s/g, '') ?? null;
  if (taxCode) {
    const p = taxCodeProblem(taxCode);
    if (p) problems.push(said(`${path}.taxCode`, p));
  }
  const address = clean(a.address);
  if (address && address.length > 500) problems.push(f(`${path}.address`, 'Địa chỉ tối đa 500 ký tự', 'At most 500 characters'));
  let phone = clean(a.phone);
  if (phone) {
    const digits = phone.replace(/[\s.()-]/g, '');
    if (!/^\+?\d{8,15}$/.test(digits)) problems.push(f(`${path}.phone`, 'Số điện thoại gồm 8–15 chữ số', 'A phone number has 8–15 digits'));
    phone = digits;
  }
  const email = clean(a.email)?.toLowerCase() ?? null;
  if (email && (!EMAIL.test(email) || email.length > 254)) problems.push(f(`${path}.email`, 'Địa chỉ thư điện tử không hợp lệ', 'Invalid e-mail address'));
  return {
    applicant: { kind, fullName, idNumber, organisationName: kind === 'organisation' ? organisationName : null, taxCode: kind === 'organisation' ? taxCode : null, address, phone, email },
    problems,
  };
}

/** The name lists and inboxes show: the organisation's, or the person's. */
export const applicantName = (a: Applicant): string => (a.kind === 'organisation' && a.organisationName ? a.organisationName : a.fullName) || '—';

const KEY = /^[A-Za-z0-9._:-]{1,100}$/;

export function checkIdempotencyKey(key: unknown, path = 'idempotencyKey'): FieldError[] {
  return typeof key === 'string' && KEY.test(key) ? [] : [f(path, 'Khóa chống gửi trùng gồm 1–100 ký tự chữ, số, . _ : -', 'The idempotency key is 1–100 characters of letters, digits, . _ : -')];
}

export type ChecklistMode =
  /** Reception: every document that is not conditional must be provided. */
  | 'complete'
  /** Online submission: likewise, and "provided" means "has files". */
  | 'complete_online'
  /** A draft, or a dossier sent back for a supplement: anything goes. */
  | 'loose'
  | 'loose_online';

const MAX_FILES_PER_DOCUMENT = 50;

/**
 * The checklist of a dossier against the pinned version's document list, in the list's order, extras last. Paths
 * of problems are `documents[i]` with i the position in the procedure's list (the order pages render it in), or
 * `documents.extra[j]` for extras.
 */
export function buildChecklist(
  procedureDocuments: PinnedData['documents'],
  input: readonly DocumentInput[] | null | undefined,
  mode: ChecklistMode,
): { entries: DocumentEntry[]; problems: FieldError[]; fileIds: string[] } {
  const problems: FieldError[] = [];
  const online = mode === 'complete_online' || mode === 'loose_online';
  const given = new Map<string, DocumentInput>();
  const extras: DocumentInput[] = [];
  (input ?? []).forEach((d, i) => {
    const name = clean(d?.name);
    if (!name) {
      problems.push(f(`documents.input[${i}].name`, 'Thiếu tên giấy tờ', 'The document’s name is missing'));
      return;
    }
    if (d.extra) {
      extras.push({ ...d, name });
      return;
    }
    if (!procedureDocuments.some((p) => p.name === name)) {
      problems.push(f(`documents.input[${i}].name`, `"${name}" không có trong thành phần hồ sơ của thủ tục`, `"${name}" is not a document of this procedure`));
      return;
    }
    if (given.has(name)) problems.push(f(`documents.input[${i}].name`, `"${name}" được khai hai lần`, `"${name}" is listed twice`));
    given.set(name, { ...d, name });
  });
  const fileIds: string[] = [];
  const entry = (d: DocumentInput | undefined, base: { name: string; group: string | null; originals: number; copies: number; optional: boolean; extra: boolean }, path: string): DocumentEntry => {
    const ids = Array.isArray(d?.fileIds) ? d!.fileIds : [];
    if (d?.fileIds !== undefined && (!Array.isArray(d.fileIds) || ids.some((x) => typeof x !== 'string' || x === '') || ids.length > MAX_FILES_PER_DOCUMENT))
      problems.push(f(`${path}.fileIds`, 'Danh sách tệp không hợp lệ', 'Invalid list of files'));
    const okIds = ids.filter((x) => typeof x === 'string' && x !== '');
    fileIds.push(...okIds);
    const count = (v: unknown, name: 'originals' | 'copies', dflt: number) => {
      if (v === undefined || v === null) return dflt;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100) {
        problems.push(f(`${path}.${name}`, 'Số bản phải là số nguyên từ 0 đến 100', 'The number of copies must be a whole number 0–100'));
        return dflt;
      }
      return v;
    };
    const provided = online ? okIds.length > 0 : d?.provided === true || (d?.provided === undefined && okIds.length > 0);
    return {
      name: base.name,
      group: base.group,
      requiredOriginals: base.originals,
      requiredCopies: base.copies,
      optional: base.optional,
      extra: base.extra,
      provided,
      originals: provided ? count(d?.originals, 'originals', base.originals) : 0,
      copies: provided ? count(d?.copies, 'copies', base.copies) : 0,
      fileIds: [...new Set(okIds)],
    };
  };
  const entries = procedureDocuments.map((p, i) => {
    const e = entry(given.get(p.name), { name: p.name, group: p.group, originals: p.originals, copies: p.copies, optional: p.optional, extra: false }, `documents[${i}]`);
    if ((mode === 'complete' || mode === 'complete_online') && !e.provided && !p.optional)
      problems.push(
        online
          ? f(`documents[${i}]`, `Cần tải lên "${p.name}"`, `Upload "${p.name}"`)
          : f(`documents[${i}]`, `Thiếu "${p.name}": hãy yêu cầu bổ sung (mẫu 02) thay vì tiếp nhận`, `"${p.name}" is missing: ask for a supplement (form 02) instead of receiving`),
      );
    return e;
  });
  extras.forEach((d, j) => {
    const name = d.name.length > 500 ? d.name.slice(0, 500) : d.name;
    entries.push(entry(d, { name, group: null, originals: 0, copies: 0, optional: true, extra: true }, `documents.extra[${j}]`));
  });
  return { entries, problems, fileIds: [...new Set(fileIds)] };
}

// Reading, validating and checking the completeness of a procedure body.
import { isAgencyCode, normaliseAgencyCode } from '../agency-code.js';
import { DAY_ENDS, TIME_UNITS, isVnDate } from '../calendar/index.js';
import type { Bilingual, FieldError } from '../errors.js';
import { F, says } from './labels.js';
import {
  CHANNELS,
  FEE_COLLECTION,
  ONLINE_LEVELS,
  PROCEDURE_CODE_PATTERN,
  PROCEDURE_LEVELS,
  emptyBody,
  offeredChannels,
  type Channel,
  type ChannelTerms,
  type Decision,
  type Fee,
  type ProcedureBody,
  type Problems,
  type PublicationDecision,
  type RequiredDocument,
  type ResultDocument,
  type TimeLimit,
  type UnitLookup,
} from './model.js';
import { Reader, join, sortedJson } from './read.js';
import { compareLimits, formatLimit } from './time.js';

const BODY_KEYS = Object.keys(emptyBody()) as (keyof ProcedureBody)[];
const CHANNEL_KEYS = ['timeLimit', 'reducedTimeLimit', 'timeNote', 'fees'];
const FEE_KEYS = ['name', 'amountVnd', 'collectedAt', 'note'];
const DOCUMENT_KEYS = ['name', 'originals', 'copies', 'templateFile', 'reusable', 'group'];
const RESULT_KEYS = ['name', 'code'];
/** Largest fee we accept: catches a misplaced decimal separator long before it matters. */
export const MAX_FEE_VND = 1_000_000_000_000;
/** Upper bound on any amount of time: a typing mistake guard, far above real limits. */
export const MAX_TIME_AMOUNT = 10_000;
const MAX_NAME = 1000;
const MAX_TEXT = 4000;

export function readDecision(r: Reader, v: unknown, path: string, label: Bilingual = F.decision): Decision | null {
  if (v === undefined || v === null) return null;
  const o = r.object(v, path, label, ['number', 'date']);
  if (!o) return null;
  return { number: r.text(o.number, join(path, 'number'), F.decisionNumber, { max: 100 }), date: readDate(r, o.date, join(path, 'date'), F.decisionDate) };
}

export function readPublication(r: Reader, v: unknown, path: string): PublicationDecision | null {
  if (v === undefined || v === null) return null;
  const o = r.object(v, path, F.publication, ['number', 'date', 'effectiveDate']);
  if (!o) return null;
  return {
    number: r.text(o.number, join(path, 'number'), F.decisionNumber, { max: 100 }),
    date: readDate(r, o.date, join(path, 'date'), F.decisionDate),
    effectiveDate: readDate(r, o.effectiveDate, join(path, 'effectiveDate'), F.effectiveDate),
  };
}

function readDate(r: Reader, v: unknown, path: string, label: Bilingual): string {
  const s = r.text(v, path, label);
  if (s && !isVnDate(s)) r.fail(path, label, { vi: `"${s}" không phải là ngày hợp lệ dạng YYYY-MM-DD`, en: `"${s}" is not a valid date in the form YYYY-MM-DD` });
  return s;
}

export function readTimeLimit(r: Reader, v: unknown, path: string, label: Bilingual): TimeLimit | null {
  if (v === undefined || v === null) return null;
  const o = r.object(v, path, label, ['amount', 'unit', 'dayEnd']);
  if (!o) return null;
  const unit = r.oneOf(o.unit, join(path, 'unit'), F.timeUnit, TIME_UNITS);
  const amount = r.number(o.amount, join(path, 'amount'), F.amount, { min: 0, exclusiveMin: true, max: MAX_TIME_AMOUNT });
  if (unit === 'same_day' && amount !== 1)
    r.fail(join(path, 'amount'), F.amount, { vi: 'thời hạn "trong ngày" phải có số lượng là 1', en: 'a same-day limit has the amount 1' });
  // Civil Code Art. 148 ends a period in days at the end of its last day; a procedure whose law says "closing time" says so.
  if (o.dayEnd === undefined || o.dayEnd === null) return { amount, unit: unit ?? 'working_days' };
  const dayEnd = r.oneOf(o.dayEnd, join(path, 'dayEnd'), F.timeUnit, DAY_ENDS);
  if (dayEnd && unit !== 'days' && unit !== 'months')
    r.fail(join(path, 'dayEnd'), F.timeUnit, { vi: 'chỉ thời hạn tính theo ngày, tháng mới có giờ kết thúc', en: 'only limits in days or months have a day end' });
  return dayEnd ? { amount, unit: unit ?? 'working_days', dayEnd } : { amount, unit: unit ?? 'working_days' };
}

function readAgencyCode(r: Reader, v: unknown, path: string, label: Bilingual): string {
  const s = r.text(v, path, label);
  if (!s) return '';
  const code = normaliseAgencyCode(s);
  if (!code) {
    r.fail(path, label, { vi: `"${s}" không đúng dạng mã định danh QCVN 102:2016 (ví dụ 000.00.05.H99)`, en: `"${s}" is not an agency code in QCVN 102:2016 form (e.g. 000.00.05.H99)` });
    return s;
  }
  return code;
}

function readFee(r: Reader, v: unknown, path: string): Fee {
  const o = r.object(v, path, F.fees, FEE_KEYS) ?? {};
  const amount = r.number(o.amountVnd, join(path, 'amountVnd'), F.amountVnd, { integer: true, min: 0, max: MAX_FEE_VND });
  return {
    name: r.text(o.name, join(path, 'name'), F.feeName, { max: MAX_NAME }),
    amountVnd: amount,
    collectedAt: o.collectedAt === undefined || o.collectedAt === null ? 'unspecified' : (r.oneOf(o.collectedAt, join(path, 'collectedAt'), F.collectedAt, FEE_COLLECTION) ?? 'unspecified'),
    note: r.optText(o.note, join(path, 'note'), F.note, { max: MAX_TEXT }),
  };
}

function readChannel(r: Reader, v: unknown, path: string): ChannelTerms | null {
  if (v === undefined || v === null) return null;
  const o = r.object(v, path, F.channel, CHANNEL_KEYS);
  if (!o) return null;
  return {
    timeLimit: readTimeLimit(r, o.timeLimit, join(path, 'timeLimit'), F.timeLimit),
    reducedTimeLimit: readTimeLimit(r, o.reducedTimeLimit, join(path, 'reducedTimeLimit'), F.reducedTimeLimit),
    timeNote: r.optText(o.timeNote, join(path, 'timeNote'), F.timeNote, { max: MAX_TEXT }),
    fees: r.list(o.fees, join(path, 'fees'), F.fees, (x, p) => readFee(r, x, p)),
  };
}

function readDocument(r: Reader, v: unknown, path: string): RequiredDocument {
  const o = r.object(v, path, F.documents, DOCUMENT_KEYS) ?? {};
  const templateFile = r.optText(o.templateFile, join(path, 'templateFile'), F.templateFile, { max: 255 });
  if (templateFile && /[/\\]/.test(templateFile))
    r.fail(join(path, 'templateFile'), F.templateFile, { vi: 'chỉ ghi tên tệp, không kèm đường dẫn', en: 'give a file name only, without a path' });
  return {
    name: r.text(o.name, join(path, 'name'), F.documentName, { max: MAX_TEXT }),
    originals: o.originals === undefined ? 0 : r.number(o.originals, join(path, 'originals'), F.originals, { integer: true, min: 0, max: 1_000_000 }),
    copies: o.copies === undefined ? 0 : r.number(o.copies, join(path, 'copies'), F.copies, { integer: true, min: 0, max: 1_000_000 }),
    templateFile,
    reusable: r.boolean(o.reusable, join(path, 'reusable'), F.reusable, false),
    group: r.optText(o.group, join(path, 'group'), F.group, { max: MAX_TEXT }),
  };
}

function readResult(r: Reader, v: unknown, path: string): ResultDocument {
  const o = r.object(v, path, F.results, RESULT_KEYS) ?? {};
  return { name: r.text(o.name, join(path, 'name'), F.resultName, { max: MAX_TEXT }), code: r.optText(o.code, join(path, 'code'), F.resultCode, { max: 100 }) };
}

const textList = (r: Reader, v: unknown, path: string, label: Bilingual, itemLabel: Bilingual, max = MAX_TEXT) =>
  r.list(v, path, label, (x, p) => r.text(x, p, itemLabel, { max, keepLines: true }));

/**
 * Reads a procedure body from untrusted input into the canonical shape (every key present, in canonical order,
 * text trimmed, agency codes in full form). Type and shape problems are returned, never thrown.
 */
export function readProcedure(input: unknown): { body: ProcedureBody; problems: FieldError[] } {
  const r = new Reader();
  const body = emptyBody();
  const o = r.object(input, '', { vi: 'Thủ tục', en: 'Procedure' }, BODY_KEYS);
  if (!o) return { body, problems: r.problems };
  body.code = r.text(o.code, 'code', F.code);
  body.name = r.text(o.name, 'name', F.name, { max: MAX_NAME });
  body.field = r.text(o.field, 'field', F.field, { max: 300, allowEmpty: true });
  body.level = r.oneOf(o.level, 'level', F.level, PROCEDURE_LEVELS) ?? 'province';
  body.competentUnits = r.list(o.competentUnits, 'competentUnits', F.competentUnits, (x, p) => readAgencyCode(r, x, p, F.competentUnit));
  body.receivingUnit = o.receivingUnit === undefined || o.receivingUnit === null || o.receivingUnit === '' ? null : readAgencyCode(r, o.receivingUnit, 'receivingUnit', F.receivingUnit);
  body.agencyText = r.optText(o.agencyText, 'agencyText', F.agencyText, { max: MAX_TEXT });
  body.applicants = textList(r, o.applicants, 'applicants', F.applicants, F.applicant, 300);
  body.steps = textList(r, o.steps, 'steps', F.steps, F.step);
  if (o.channels !== undefined && o.channels !== null) {
    const ch = r.object(o.channels, 'channels', F.channels, CHANNELS);
    if (ch) for (const c of CHANNELS) body.channels[c] = readChannel(r, ch[c], `channels.${c}`);
  }
  body.documents = r.list(o.documents, 'documents', F.documents, (x, p) => readDocument(r, x, p));
  body.results = r.list(o.results, 'results', F.results, (x, p) => readResult(r, x, p));
  body.onlineLevel = o.onlineLevel === undefined || o.onlineLevel === null ? null : r.oneOf(o.onlineLevel, 'onlineLevel', F.onlineLevel, ONLINE_LEVELS);
  body.onlinePartialReason = r.optText(o.onlinePartialReason, 'onlinePartialReason', F.onlinePartialReason, { max: MAX_TEXT, keepLines: true });
  body.onlinePartialLegalBasis = r.optText(o.onlinePartialLegalBasis, 'onlinePartialLegalBasis', F.onlinePartialLegalBasis, { max: MAX_TEXT, keepLines: true });
  body.legalBasis = textList(r, o.legalBasis, 'legalBasis', F.legalBasis, F.legalBasis);
  body.nationalDecision = r.optText(o.nationalDecision, 'nationalDecision', F.nationalDecision, { max: 200 });
  body.publication = readPublication(r, o.publication, 'publication');
  if (o.source !== undefined && o.source !== null) {
    const s = r.object(o.source, 'source', F.source, null);
    body.source = s ? (sortedJson(s) as Record<string, unknown>) : null;
  }
  return { body, problems: r.problems };
}

/** A stored body read back: already valid, only re-shaped into canonical key order. */
export function canonicalBody(stored: unknown): ProcedureBody {
  return readProcedure(stored).body;
}

const problem = (path: string, label: Bilingual, why: Bilingual): FieldError => ({ path, message: says(label, why) });

/**
 * Every rule a procedure must meet. Drafts only need to be well formed; `forPublication` adds what a published
 * procedure must state. With `units`, agency codes must name existing, active units.
 */
export function validateProcedure(body: ProcedureBody, opts: { forPublication?: boolean; units?: UnitLookup } = {}): Problems {
  const errors: FieldError[] = [];
  const warnings: FieldError[] = [];
  if (body.code && !PROCEDURE_CODE_PATTERN.test(body.code))
    errors.push(problem('code', F.code, { vi: `"${body.code}" không đúng dạng mã thủ tục quốc gia (một chữ số, dấu chấm và sáu chữ số, ví dụ 1.001193)`, en: `"${body.code}" is not a national procedure code (a digit, a dot and six digits, e.g. 1.001193)` }));

  const seenUnits = new Set<string>();
  body.competentUnits.forEach((c, i) => {
    if (seenUnits.has(c)) errors.push(problem(`competentUnits[${i}]`, F.competentUnit, { vi: `${c} bị lặp lại`, en: `${c} is listed twice` }));
    seenUnits.add(c);
  });
  if (opts.units) {
    const check = (code: string, path: string, label: Bilingual) => {
      if (!isAgencyCode(code)) return; // the reader already said it is malformed
      const u = opts.units!(code);
      if (!u) errors.push(problem(path, label, { vi: `không có đơn vị nào mang mã ${code}`, en: `no unit has the code ${code}` }));
      else if (!u.active) errors.push(problem(path, label, { vi: `đơn vị ${code} (${u.name}) đã ngừng hoạt động`, en: `unit ${code} (${u.name}) is inactive` }));
    };
    body.competentUnits.forEach((c, i) => check(c, `competentUnits[${i}]`, F.competentUnit));
    if (body.receivingUnit) check(body.receivingUnit, 'receivingUnit', F.receivingUnit);
  }

  const seenApplicants = new Set<string>();
  body.applicants.forEach((a, i) => {
    if (seenApplicants.has(a)) errors.push(problem(`applicants[${i}]`, F.applicant, { vi: `"${a}" bị lặp lại`, en: `"${a}" is listed twice` }));
    seenApplicants.add(a);
  });

  for (const c of CHANNELS) {
    const ch = body.channels[c];
    if (!ch) continue;
    const path = `channels.${c}`;
    if (ch.reducedTimeLimit && !ch.timeLimit)
      errors.push(problem(`${path}.reducedTimeLimit`, F.reducedTimeLimit, { vi: 'cần có thời hạn theo luật định trước khi ghi thời hạn cắt giảm', en: 'needs the legal time limit it reduces' }));
    if (ch.reducedTimeLimit && ch.timeLimit) {
      const cmp = compareLimits(ch.reducedTimeLimit, ch.timeLimit);
      const reduced = formatLimit(ch.reducedTimeLimit);
      const legal = formatLimit(ch.timeLimit);
      if (cmp === 1)
        errors.push(problem(`${path}.reducedTimeLimit`, F.reducedTimeLimit, { vi: `${reduced.vi} dài hơn thời hạn luật định ${legal.vi}`, en: `${reduced.en} is longer than the legal limit of ${legal.en}` }));
      else if (cmp === null)
        warnings.push(problem(`${path}.reducedTimeLimit`, F.reducedTimeLimit, { vi: `không so sánh được ${reduced.vi} với ${legal.vi} nếu không có lịch làm việc; hãy kiểm tra lại`, en: `${reduced.en} cannot be compared with ${legal.en} without a calendar; check it by hand` }));
    }
  }

  if (body.onlineLevel && !body.channels.online)
    errors.push(problem('onlineLevel', F.onlineLevel, { vi: 'đã ghi mức độ trực tuyến nhưng kênh trực tuyến không được cung cấp', en: 'an online level is set but the online channel is not offered' }));
  if (body.onlineLevel !== 'partial' && (body.onlinePartialReason || body.onlinePartialLegalBasis))
    warnings.push(problem('onlinePartialReason', F.onlinePartialReason, { vi: 'chỉ dịch vụ trực tuyến một phần mới cần lý do và căn cứ', en: 'only a partial online service needs a reason and legal basis' }));

  if (body.publication && body.publication.effectiveDate && body.publication.date && body.publication.effectiveDate < body.publication.date)
    warnings.push(problem('publication.effectiveDate', F.effectiveDate, { vi: 'ngày có hiệu lực trước ngày ký quyết định công bố (công bố muộn)', en: 'takes effect before the publication decision was signed (late publication)' }));

  if (opts.forPublication) {
    if (!body.publication) errors.push(problem('publication', F.publication, { vi: 'cần số, ngày ký và ngày có hiệu lực của quyết định công bố', en: 'needs the number, date and effective date of the publication decision' }));
    if (!body.field) errors.push(problem('field', F.field, { vi: 'bắt buộc khi công bố', en: 'is required to publish' }));
    if (body.applicants.length === 0) errors.push(problem('applicants', F.applicants, { vi: 'cần ít nhất một đối tượng thực hiện', en: 'at least one applicant type is required to publish' }));
    const offered = offeredChannels(body);
    if (offered.length === 0) errors.push(problem('channels', F.channels, { vi: 'cần ít nhất một cách thức thực hiện (trực tiếp, trực tuyến hoặc bưu chính)', en: 'at least one channel (counter, online or postal) is required to publish' }));
    for (const c of offered)
      if (!body.channels[c]!.timeLimit)
        errors.push(problem(`channels.${c}.timeLimit`, F.timeLimit, { vi: 'mỗi cách thức được cung cấp phải có thời hạn giải quyết', en: 'every offered channel needs a time limit to publish' }));
    if (body.competentUnits.length === 0 && !body.agencyText)
      errors.push(problem('competentUnits', F.competentUnits, { vi: 'cần mã cơ quan có thẩm quyền hoặc mô tả cơ quan thực hiện', en: 'needs competent unit codes or a description of the performing agency to publish' }));
    if (body.onlineLevel === 'partial') {
      if (!body.onlinePartialReason)
        errors.push(problem('onlinePartialReason', F.onlinePartialReason, { vi: 'dịch vụ trực tuyến một phần phải công khai lý do', en: 'a partial online service must publish its reason' }));
      if (!body.onlinePartialLegalBasis)
        errors.push(problem('onlinePartialLegalBasis', F.onlinePartialLegalBasis, { vi: 'dịch vụ trực tuyến một phần phải công khai căn cứ pháp lý', en: 'a partial online service must publish its legal basis' }));
    }
    if (body.channels.online && !body.onlineLevel)
      warnings.push(problem('onlineLevel', F.onlineLevel, { vi: 'kênh trực tuyến được cung cấp nhưng chưa ghi mức độ (toàn trình hay một phần)', en: 'the online channel is offered but its level (full or partial) is not stated' }));
    for (const part of completeness(body).missing)
      if (!['name', 'time', 'applicants', 'agency', 'method'].includes(part.part))
        warnings.push({ path: part.path, message: { vi: `Thiếu bộ phận bắt buộc khi công khai: ${part.label.vi}`, en: `Missing a part required for publication (Decision 766, 1.3): ${part.label.en}` } });
  }
  return { errors, warnings };
}

export const COMPLETENESS_PARTS = ['name', 'steps', 'method', 'documents', 'time', 'applicants', 'agency'] as const;
export type CompletenessPart = (typeof COMPLETENESS_PARTS)[number];

const PART_LABELS: Record<CompletenessPart, Bilingual> = {
  name: { vi: 'Tên thủ tục', en: 'Name' },
  steps: { vi: 'Trình tự thực hiện', en: 'Steps' },
  method: { vi: 'Cách thức thực hiện', en: 'Method (channels)' },
  documents: { vi: 'Thành phần, số lượng hồ sơ', en: 'Required documents' },
  time: { vi: 'Thời hạn giải quyết', en: 'Time limit' },
  applicants: { vi: 'Đối tượng thực hiện', en: 'Applicants' },
  agency: { vi: 'Cơ quan thực hiện', en: 'Performing agency' },
};
const PART_PATHS: Record<CompletenessPart, string> = {
  name: 'name',
  steps: 'steps',
  method: 'channels',
  documents: 'documents',
  time: 'channels',
  applicants: 'applicants',
  agency: 'competentUnits',
};

export interface Completeness {
  complete: boolean;
  missing: { part: CompletenessPart; path: string; label: Bilingual }[];
}

/** Decision 766/QĐ-TTg indicator 1.3: a procedure is published with all its required parts. */
export function completeness(body: ProcedureBody): Completeness {
  const offered = offeredChannels(body);
  const has: Record<CompletenessPart, boolean> = {
    name: body.name.length > 0,
    steps: body.steps.length > 0,
    method: offered.length > 0,
    documents: body.documents.length > 0,
    time: offered.length > 0 && offered.every((c) => body.channels[c]!.timeLimit !== null),
    applicants: body.applicants.length > 0,
    agency: body.competentUnits.length > 0 || !!body.agencyText,
  };
  const missing = COMPLETENESS_PARTS.filter((p) => !has[p]).map((part) => ({ part, path: PART_PATHS[part], label: PART_LABELS[part] }));
  return { complete: missing.length === 0, missing };
}

/** The limit that binds a channel: the province's reduced limit when it has one. */
export function effectiveLimit(body: ProcedureBody, channel: Channel): TimeLimit | null {
  const ch = body.channels[channel];
  return ch ? (ch.reducedTimeLimit ?? ch.timeLimit) : null;
}

/** The agency codes a procedure is filed under (competent and receiving), for the unit filter. */
export function unitCodesOf(body: ProcedureBody): string[] {
  return [...new Set([...body.competentUnits, ...(body.receivingUnit ? [body.receivingUnit] : [])])];
}

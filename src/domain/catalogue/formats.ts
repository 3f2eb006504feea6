// File formats: our own JSON export (exact: import then export gives the same bytes), a CSV with one procedure
// per row, and the national catalogue crawl (import only). Reading returns records for the planner; every
// problem with the file itself is a bilingual message with the exact reason.
import { TIME_UNITS } from '../calendar/index.js';
import type { Bilingual, FieldError } from '../errors.js';
import { CsvError, decodeUtf8, parseCsv, utf8Problem, writeCsv } from './csv.js';
import { CHANNELS, PROCEDURE_STATUSES, type Channel, type Decision, type ProcedureBody, type ProcedureStatus, type TimeLimit } from './model.js';
import type { ExistingProcedure } from './plan.js';
import { canonicalBody } from './procedure.js';
import { readProcess, type ProcessBody } from './process.js';
import type { ImportRecord, RecordOrigin } from './records.js';
import { looksLikeTthcRecord, mapTthcRecord } from './tthc.js';
import { isOneOf } from '../one-of.js';
import { messageOf } from '../errors.js';

export const EXPORT_FORMAT = 'motcua-catalogue';
export const EXPORT_FORMAT_VERSION = 1;

export interface ExportRecord {
  code: string;
  status: ProcedureStatus;
  statusDecision: Decision | null;
  replacedBy: string | null;
  procedure: ProcedureBody;
  process: ProcessBody | null;
}

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  formatVersion: typeof EXPORT_FORMAT_VERSION;
  procedures: ExportRecord[];
}

/** The export of the catalogue's current state, in canonical key order and sorted by code. */
export function buildExport(states: readonly ExistingProcedure[]): ExportFile {
  const procedures = [...states]
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((s) => ({
      code: s.code,
      status: s.status,
      statusDecision: s.statusDecision ? { number: s.statusDecision.number, date: s.statusDecision.date } : null,
      replacedBy: s.replacedBy,
      procedure: canonicalBody(s.body),
      process: s.process ? readProcess(s.process).body : null,
    }));
  return { format: EXPORT_FORMAT, formatVersion: EXPORT_FORMAT_VERSION, procedures };
}

export function exportJson(file: ExportFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The CSV header, in order. Lists and nested values are JSON inside their cell; see docs/catalogue.md. */
export const CSV_COLUMNS = [
  'code',
  'status',
  'name',
  'field',
  'level',
  'competent_units',
  'receiving_unit',
  'agency_text',
  'applicants',
  'steps',
  'channels',
  'counter_time_limit',
  'counter_reduced_time_limit',
  'counter_time_note',
  'counter_fees',
  'online_time_limit',
  'online_reduced_time_limit',
  'online_time_note',
  'online_fees',
  'postal_time_limit',
  'postal_reduced_time_limit',
  'postal_time_note',
  'postal_fees',
  'documents',
  'results',
  'online_level',
  'online_partial_reason',
  'online_partial_legal_basis',
  'legal_basis',
  'national_decision',
  'publication_number',
  'publication_date',
  'publication_effective_date',
  'status_decision_number',
  'status_decision_date',
  'replaced_by',
  'process',
  'source',
] as const;
type Column = (typeof CSV_COLUMNS)[number];

const limitCell = (l: TimeLimit | null) => (l ? `${l.amount} ${l.unit}` : '');
const jsonCell = (v: unknown, empty: unknown) => (JSON.stringify(v) === JSON.stringify(empty) ? '' : JSON.stringify(v));

export function exportCsv(file: ExportFile): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const r of file.procedures) {
    const b = r.procedure;
    // The per-channel columns are named from the channel, so the cells are looked up by name (a missing one is empty).
    const cells = new Map<string, string>(
      Object.entries({
        code: r.code,
        status: r.status,
        name: b.name,
        field: b.field,
        level: b.level,
        competent_units: b.competentUnits.join('; '),
        receiving_unit: b.receivingUnit ?? '',
        agency_text: b.agencyText ?? '',
        applicants: jsonCell(b.applicants, []),
        steps: jsonCell(b.steps, []),
        channels: CHANNELS.filter((c) => b.channels[c]).join('; '),
        documents: jsonCell(b.documents, []),
        results: jsonCell(b.results, []),
        online_level: b.onlineLevel ?? '',
        online_partial_reason: b.onlinePartialReason ?? '',
        online_partial_legal_basis: b.onlinePartialLegalBasis ?? '',
        legal_basis: jsonCell(b.legalBasis, []),
        national_decision: b.nationalDecision ?? '',
        publication_number: b.publication?.number ?? '',
        publication_date: b.publication?.date ?? '',
        publication_effective_date: b.publication?.effectiveDate ?? '',
        status_decision_number: r.statusDecision?.number ?? '',
        status_decision_date: r.statusDecision?.date ?? '',
        replaced_by: r.replacedBy ?? '',
        process: r.process ? JSON.stringify(r.process) : '',
        source: b.source ? JSON.stringify(b.source) : '',
      }),
    );
    for (const c of CHANNELS) {
      const ch = b.channels[c];
      cells.set(`${c}_time_limit`, limitCell(ch?.timeLimit ?? null));
      cells.set(`${c}_reduced_time_limit`, limitCell(ch?.reducedTimeLimit ?? null));
      cells.set(`${c}_time_note`, ch?.timeNote ?? '');
      cells.set(`${c}_fees`, ch ? jsonCell(ch.fees, []) : '');
    }
    rows.push(CSV_COLUMNS.map((c) => cells.get(c) ?? ''));
  }
  return writeCsv(rows);
}

export interface ParsedFile {
  format: RecordOrigin | null;
  records: ImportRecord[];
  /** Problems with the file as a whole: nothing in it can be imported. */
  problems: FieldError[];
}

const fileProblem = (message: Bilingual): ParsedFile => ({ format: null, records: [], problems: [{ path: 'file', message }] });

/** Reads an import file: `.json` (our export, or the national catalogue crawl) or `.csv` (our CSV). */
export function parseCatalogueFile(bytes: Uint8Array, fileName: string): ParsedFile {
  const ext = fileName.toLowerCase().split('.').pop();
  if (ext !== 'json' && ext !== 'csv')
    return fileProblem({ vi: `Không hỗ trợ loại tệp "${fileName}"; hãy dùng tệp .json hoặc .csv`, en: `Unsupported file type "${fileName}"; use a .json or .csv file` });
  const enc = utf8Problem(bytes);
  if (enc) return fileProblem(enc);
  const text = decodeUtf8(bytes);
  return ext === 'json' ? parseJsonCatalogue(text) : parseCsvCatalogue(text);
}

export function parseJsonCatalogue(text: string): ParsedFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const msg = messageOf(e);
    return fileProblem({ vi: `Tệp JSON không đọc được: ${msg}`, en: `The JSON file cannot be read: ${msg}` });
  }
  if (Array.isArray(data)) {
    if (data.length > 0 && !data.every(looksLikeTthcRecord))
      return fileProblem({
        vi: 'Danh sách JSON không phải dữ liệu danh mục TTHC quốc gia (mỗi phần tử cần có code, name, channels, agency…)',
        en: 'The JSON list is not national TTHC catalogue data (every item needs code, name, channels, agency…)',
      });
    return { format: 'tthc-catalog', records: data.map((x, i) => mapTthcRecord(x, i + 1)), problems: [] };
  }
  const o = data as Record<string, unknown> | null;
  if (!o || typeof o !== 'object' || o.format !== EXPORT_FORMAT)
    return fileProblem({
      vi: `Tệp JSON không phải định dạng xuất danh mục của Một Cửa (cần "format": "${EXPORT_FORMAT}") hay danh sách TTHC quốc gia`,
      en: `The JSON file is neither a Một Cửa catalogue export ("format": "${EXPORT_FORMAT}") nor a national TTHC list`,
    });
  if (o.formatVersion !== EXPORT_FORMAT_VERSION)
    return fileProblem({ vi: `Phiên bản định dạng ${String(o.formatVersion)} không được hỗ trợ (cần ${EXPORT_FORMAT_VERSION})`, en: `Format version ${String(o.formatVersion)} is not supported (expected ${EXPORT_FORMAT_VERSION})` });
  if (!Array.isArray(o.procedures)) return fileProblem({ vi: 'Thiếu danh sách "procedures"', en: 'The "procedures" list is missing' });
  const records = o.procedures.map((x, i) => jsonRecord(x, i + 1));
  return { format: 'motcua-json', records, problems: [] };
}

const RECORD_KEYS = ['code', 'status', 'statusDecision', 'replacedBy', 'procedure', 'process'];

function jsonRecord(x: unknown, index: number): ImportRecord {
  const problems: FieldError[] = [];
  if (!x || typeof x !== 'object' || Array.isArray(x))
    return { index, code: '', origin: 'motcua-json', body: null, notes: [], problems: [{ path: '', message: { vi: 'Bản ghi không phải đối tượng JSON', en: 'The record is not a JSON object' } }] };
  const o = x as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!RECORD_KEYS.includes(k)) problems.push({ path: k, message: { vi: `${k}: không phải là trường được hỗ trợ`, en: `${k}: is not a supported field` } });
  const code = typeof o.code === 'string' ? o.code.trim() : '';
  if (!code) problems.push({ path: 'code', message: { vi: 'Mã thủ tục: bắt buộc phải có', en: 'Procedure code: is required' } });
  const status = statusOf(o.status, problems);
  if (o.replacedBy !== undefined && o.replacedBy !== null && typeof o.replacedBy !== 'string')
    problems.push({ path: 'replacedBy', message: { vi: 'Thủ tục thay thế: phải là mã thủ tục', en: 'Replacing procedure: must be a procedure code' } });
  return {
    index,
    code,
    origin: 'motcua-json',
    body: o.procedure ?? null,
    status,
    statusDecision: o.statusDecision ?? null,
    replacedBy: typeof o.replacedBy === 'string' ? o.replacedBy.trim() || null : null,
    process: o.process ?? null,
    notes: [],
    problems: o.procedure === undefined ? [...problems, { path: 'procedure', message: { vi: 'Nội dung thủ tục: bắt buộc phải có', en: 'Procedure body: is required' } }] : problems,
  };
}

function statusOf(v: unknown, problems: FieldError[], path = 'status'): ProcedureStatus {
  if (v === undefined || v === null || v === '') return 'draft';
  if (isOneOf(PROCEDURE_STATUSES, v)) return v;
  problems.push({ path, message: { vi: `Trạng thái: phải là một trong ${PROCEDURE_STATUSES.join(', ')}`, en: `Status: must be one of ${PROCEDURE_STATUSES.join(', ')}` } });
  return 'draft';
}

export function parseCsvCatalogue(text: string): ParsedFile {
  let table;
  try {
    table = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) return fileProblem({ vi: `CSV sai cú pháp ở dòng ${e.line}: ${e.reason.vi}`, en: `Malformed CSV at line ${e.line}: ${e.reason.en}` });
    throw e;
  }
  const [header, ...rows] = table.rows;
  if (!header) return fileProblem({ vi: 'Tệp CSV trống: thiếu dòng tiêu đề', en: 'The CSV file is empty: the header row is missing' });
  const names = header.map((h) => h.trim());
  const missing = CSV_COLUMNS.filter((c) => !names.includes(c));
  const unknown = names.filter((c) => !isOneOf(CSV_COLUMNS, c));
  const repeated = names.filter((c, i) => names.indexOf(c) !== i);
  if (missing.length || unknown.length || repeated.length) {
    const parts: Bilingual[] = [];
    if (missing.length) parts.push({ vi: `thiếu cột ${missing.join(', ')}`, en: `missing column(s) ${missing.join(', ')}` });
    if (unknown.length) parts.push({ vi: `cột không được hỗ trợ ${unknown.map((u) => `"${u}"`).join(', ')}`, en: `unsupported column(s) ${unknown.map((u) => `"${u}"`).join(', ')}` });
    if (repeated.length) parts.push({ vi: `cột bị lặp ${repeated.join(', ')}`, en: `repeated column(s) ${repeated.join(', ')}` });
    return fileProblem({
      vi: `Dòng tiêu đề CSV không đúng: ${parts.map((p) => p.vi).join('; ')}. Tiêu đề cần có: ${CSV_COLUMNS.join(',')}`,
      en: `Wrong CSV header: ${parts.map((p) => p.en).join('; ')}. The header must be: ${CSV_COLUMNS.join(',')}`,
    });
  }
  const records: ImportRecord[] = [];
  rows.forEach((cells, i) => {
    if (cells.length === 1 && cells[0] === '') return; // a blank line
    records.push(csvRecord(names, cells, i + 1, table.lines[i + 1]!));
  });
  return { format: 'motcua-csv', records, problems: [] };
}

function csvRecord(names: string[], cells: string[], index: number, line: number): ImportRecord {
  const problems: FieldError[] = [];
  const get = (c: Column): string => cells[names.indexOf(c)] ?? '';
  const at = (c: Column, why: Bilingual) => problems.push({ path: c, message: { vi: `Dòng ${line}, cột ${c}: ${why.vi}`, en: `Line ${line}, column ${c}: ${why.en}` } });
  if (cells.length !== names.length)
    problems.push({ path: '', message: { vi: `Dòng ${line} có ${cells.length} ô, tiêu đề có ${names.length} cột`, en: `Line ${line} has ${cells.length} cells but the header has ${names.length} columns` } });
  const json = (c: Column, empty: unknown): unknown => {
    const s = get(c).trim();
    if (!s) return empty;
    try {
      return JSON.parse(s);
    } catch (e) {
      at(c, { vi: `không phải JSON hợp lệ (${messageOf(e)})`, en: `is not valid JSON (${messageOf(e)})` });
      return empty;
    }
  };
  const opt = (c: Column) => get(c).trim() || null;
  const limit = (c: Column): TimeLimit | null => {
    const s = get(c).trim();
    if (!s) return null;
    const m = /^(\d+(?:\.\d+)?)\s+([a-z_]+)$/.exec(s);
    const unit = m?.[2];
    if (!m || !isOneOf(TIME_UNITS, unit)) {
      at(c, { vi: `"${s}" không đúng dạng "<số> <đơn vị>" với đơn vị là ${TIME_UNITS.join(', ')}`, en: `"${s}" is not "<amount> <unit>" with unit one of ${TIME_UNITS.join(', ')}` });
      return null;
    }
    return { amount: Number(m[1]), unit };
  };
  const offered = get('channels')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const c of offered) if (!isOneOf(CHANNELS, c)) at('channels', { vi: `kênh "${c}" không có (dùng ${CHANNELS.join('; ')})`, en: `unknown channel "${c}" (use ${CHANNELS.join('; ')})` });
  const channels: Record<Channel, unknown> = { counter: null, online: null, postal: null };
  for (const c of CHANNELS) {
    if (!offered.includes(c)) continue;
    channels[c] = {
      timeLimit: limit(`${c}_time_limit` as const),
      reducedTimeLimit: limit(`${c}_reduced_time_limit` as const),
      timeNote: opt(`${c}_time_note` as const),
      fees: json(`${c}_fees` as const, []),
    };
  }
  const pubNumber = opt('publication_number');
  const pubDate = opt('publication_date');
  const pubEffective = opt('publication_effective_date');
  const sdNumber = opt('status_decision_number');
  const sdDate = opt('status_decision_date');
  const code = get('code').trim();
  const body = {
    code,
    name: get('name'),
    field: get('field'),
    level: get('level').trim(),
    competentUnits: get('competent_units')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean),
    receivingUnit: opt('receiving_unit'),
    agencyText: opt('agency_text'),
    applicants: json('applicants', []),
    steps: json('steps', []),
    channels,
    documents: json('documents', []),
    results: json('results', []),
    onlineLevel: opt('online_level'),
    onlinePartialReason: opt('online_partial_reason'),
    onlinePartialLegalBasis: opt('online_partial_legal_basis'),
    legalBasis: json('legal_basis', []),
    nationalDecision: opt('national_decision'),
    publication: pubNumber || pubDate || pubEffective ? { number: pubNumber, date: pubDate, effectiveDate: pubEffective } : null,
    source: json('source', null),
  };
  return {
    index,
    code,
    origin: 'motcua-csv',
    body,
    status: statusOf(get('status').trim(), problems),
    statusDecision: sdNumber || sdDate ? { number: sdNumber, date: sdDate } : null,
    replacedBy: opt('replaced_by'),
    process: json('process', null),
    notes: [],
    problems,
  };
}

// Mapping from the national TTHC catalogue crawl (the shape of ../shared/data/tthc-catalog.json) to our model.
// Nothing is dropped: a source field leaves the record only when the model holds it verbatim; everything else,
// including the raw per-channel entries behind every interpretation, stays under body.source.record. Each
// interpretation (a time without a unit read as working days, a fee that is not in đồng) is noted for the report.
import type { Bilingual, FieldError } from '../errors.js';
import { sortedJson } from './read.js';
import type { ImportRecord, MappingNote, NoteKind } from './records.js';
import { tidyText } from './text.js';
import type { Channel, ProcedureLevel, TimeUnit } from './model.js';
import { TIME_UNITS } from '../calendar/index.js';
import { isOneOf } from '../one-of.js';

export const TTHC_FORMAT = 'tthc-catalog';

const CHANNEL_NAMES: Record<string, Channel> = {
  'Trực tiếp': 'counter',
  'Trực tuyến': 'online',
  'Dịch vụ bưu chính': 'postal',
};

const LEVEL_NAMES: Record<string, ProcedureLevel> = {
  'cấp xã': 'commune',
  'cấp tỉnh': 'province',
  'cấp tỉnh, cấp xã': 'both',
  'liên thông': 'inter_agency',
};

const ONLINE_NAMES: Record<string, 'full' | 'partial'> = { 'toàn trình': 'full', 'một phần': 'partial' };

/** Document counts above this are almost certainly data-entry slips on the source page. */
const PLAUSIBLE_COUNT = 50;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Does this look like a record of the national crawl (as opposed to our own export)? */
export function looksLikeTthcRecord(v: unknown): boolean {
  return isObj(v) && typeof v.code === 'string' && ('levels_raw' in v || 'channels' in v || 'agency' in v) && !('procedure' in v);
}

/**
 * Splits the national applicant list. Commas separate types, except inside parentheses ("Tổ chức (không bao gồm
 * doanh nghiệp, HTX)") and before a lower-case word, which continues the type ("Cán bộ, công chức, viên chức").
 */
export function splitApplicants(text: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      pieces.push(cur);
      cur = '';
    } else cur += ch;
  }
  pieces.push(cur);
  const out: string[] = [];
  for (const raw of pieces) {
    const piece = raw.trim();
    if (!piece) continue;
    const first = piece[0]!;
    const continues = first === first.toLowerCase() && first !== first.toUpperCase();
    if (continues && out.length > 0) out[out.length - 1] = `${out[out.length - 1]}, ${piece}`;
    else out.push(piece);
  }
  return out;
}

interface SourceChannel {
  channel: string;
  time: Obj | null;
  description: string | null;
}

export function mapTthcRecord(raw: unknown, index: number): ImportRecord {
  const notes: MappingNote[] = [];
  const problems: FieldError[] = [];
  const note = (code: string, kind: NoteKind, path: string, message: Bilingual) => notes.push({ code, kind, path, message });
  if (!isObj(raw)) {
    return {
      index,
      code: '',
      origin: 'tthc-catalog',
      body: null,
      notes,
      problems: [{ path: '', message: { vi: 'Bản ghi không phải là một đối tượng JSON', en: 'The record is not a JSON object' } }],
    };
  }
  // Keys taken over verbatim are removed from this copy at the end; the rest becomes body.source.record.
  const rest: Obj = { ...raw };
  const code = str(raw.code) ?? '';
  const name = str(raw.name) ?? '';
  const field = str(raw.field) ?? '';
  if (tidyText(code) === code) delete rest.code;
  if (tidyText(name) === name && name) delete rest.name;
  if (tidyText(field) === field) delete rest.field;

  const levelText = str(raw.level) ?? '';
  const level: ProcedureLevel = LEVEL_NAMES[levelText] ?? 'province';
  if (!(levelText in LEVEL_NAMES))
    problems.push({ path: 'level', message: { vi: `Cấp thực hiện "${levelText}" không nhận diện được`, en: `The level "${levelText}" is not recognised` } });
  if (raw.inter_agency === true && level !== 'inter_agency') {
    const coordinating = str(raw.agency_coordinating);
    note('inter_agency_flag', 'unmapped', 'level', {
      vi: `Nguồn đánh dấu liên thông${coordinating ? ` (phối hợp: ${coordinating})` : ''} nhưng cấp thực hiện là "${levelText}"; giữ cấp "${levelText}", cờ liên thông lưu trong dữ liệu nguồn`,
      en: `The source marks it inter-agency${coordinating ? ` (coordinating: ${coordinating})` : ''} at level "${levelText}"; the level is kept, the flag stays in the source data`,
    });
  }

  const agencies = Array.isArray(raw.agency) ? raw.agency.filter((a): a is string => typeof a === 'string') : [];
  const agencyText = agencies.length ? agencies.map(tidyText).join('; ') : null;
  note('agency_codes_missing', 'missing', 'competentUnits', {
    vi: `Nguồn chỉ ghi tên cơ quan (${agencyText ?? 'không có'}); cần gán mã định danh đơn vị của tỉnh`,
    en: `The source names agencies only (${agencyText ?? 'none'}); assign the province's agency codes`,
  });

  const applicantsText = str(raw.applicants) ?? '';
  const split = splitApplicants(applicantsText);
  const applicants = [...new Set(split)];
  if (applicants.join(', ') === applicantsText) delete rest.applicants;
  else if (applicantsText)
    note('applicants_split', 'unmapped', 'applicants', {
      vi: 'Danh sách đối tượng thực hiện được tách theo dấu phẩy; nguyên văn lưu trong dữ liệu nguồn',
      en: 'The applicant list was split at commas; the original text stays in the source data',
    });

  // Channels: the first entry of each channel gives its time; later entries are variants kept in the source.
  const channels: Record<Channel, { timeLimit: { amount: number; unit: TimeUnit } | null; reducedTimeLimit: null; timeNote: null; fees: unknown[] } | null> = {
    counter: null,
    online: null,
    postal: null,
  };
  const sourceChannels: SourceChannel[] = Array.isArray(raw.channels)
    ? raw.channels.filter(isObj).map((c) => ({ channel: str(c.channel) ?? '', time: isObj(c.time) ? c.time : null, description: str(c.description) }))
    : [];
  const seenTime = new Map<Channel, string>();
  for (const sc of sourceChannels) {
    const ch = CHANNEL_NAMES[sc.channel];
    if (!ch) {
      note('channel_unknown', 'unmapped', 'channels', { vi: `Kênh "${sc.channel}" không nhận diện được; lưu trong dữ liệu nguồn`, en: `Channel "${sc.channel}" is not recognised; kept in the source data` });
      continue;
    }
    const amount = num(sc.time?.amount);
    const unitText = str(sc.time?.unit);
    const text = str(sc.time?.text) ?? '';
    const key = `${amount}|${unitText}`;
    if (channels[ch]) {
      if (seenTime.get(ch) !== key)
        note('time_variants', 'unmapped', `channels.${ch}.timeLimit`, {
          vi: `Kênh ${sc.channel} có nhiều thời hạn theo trường hợp; lấy thời hạn đầu tiên, các trường hợp khác ("${text}") lưu trong dữ liệu nguồn`,
          en: `Channel ${sc.channel} lists several time limits by case; the first is used, the others ("${text}") stay in the source data`,
        });
      continue;
    }
    seenTime.set(ch, key);
    let timeLimit: { amount: number; unit: TimeUnit } | null = null;
    if (amount !== null && amount > 0) {
      if (isOneOf(TIME_UNITS, unitText)) timeLimit = { amount, unit: unitText };
      else {
        timeLimit = { amount, unit: 'working_days' };
        note('time_unit_assumed', 'unmapped', `channels.${ch}.timeLimit`, {
          vi: `Thời hạn "${text}" không có đơn vị; hiểu là ${amount} ngày làm việc — cần kiểm tra`,
          en: `The time limit "${text}" has no unit; read as ${amount} working day${amount === 1 ? '' : 's'} — check it`,
        });
      }
    } else {
      note('time_missing', 'unmapped', `channels.${ch}.timeLimit`, {
        vi: `Kênh ${sc.channel} không có thời hạn dùng được ("${text}")`,
        en: `Channel ${sc.channel} has no usable time limit ("${text}")`,
      });
    }
    channels[ch] = { timeLimit, reducedTimeLimit: null, timeNote: null, fees: [] };
  }

  const fees = Array.isArray(raw.fees) ? raw.fees.filter(isObj) : [];
  fees.forEach((f, i) => {
    const chName = str(f.channel) ?? '';
    const ch = CHANNEL_NAMES[chName];
    const text = str(f.text) ?? '';
    if (!ch) {
      note('fee_unmapped', 'unmapped', `fees[${i}]`, { vi: `Phí "${text}" thuộc kênh không nhận diện được ("${chName}")`, en: `Fee "${text}" belongs to an unrecognised channel ("${chName}")` });
      return;
    }
    const amount = num(f.amount_vnd);
    if (amount === null || !Number.isInteger(amount) || amount < 0) {
      note('fee_unmapped', 'unmapped', `channels.${ch}.fees`, {
        vi: `Phí "${text}" không có số tiền bằng đồng rõ ràng; không đưa vào danh sách phí, lưu trong dữ liệu nguồn`,
        en: `Fee "${text}" has no clear amount in đồng; left out of the fee list and kept in the source data`,
      });
      return;
    }
    const warning = str(f.warning);
    if (warning)
      note('fee_doubtful', 'unmapped', `channels.${ch}.fees`, {
        vi: `Phí "${text}" được giữ như nguồn ghi nhưng đáng ngờ: ${warning}`,
        en: `Fee "${text}" is kept as the source gives it but looks wrong: ${warning}`,
      });
    channels[ch] ??= { timeLimit: null, reducedTimeLimit: null, timeNote: null, fees: [] };
    channels[ch]!.fees.push({ name: tidyText(str(f.name) ?? 'Phí, lệ phí'), amountVnd: amount, collectedAt: 'unspecified', note: str(f.note) ? tidyText(str(f.note)!) : null });
  });

  const documents: Obj[] = [];
  let documentsVerbatim = Array.isArray(raw.documents);
  (Array.isArray(raw.documents) ? raw.documents : []).forEach((d, i) => {
    if (!isObj(d)) {
      documentsVerbatim = false;
      return;
    }
    const dn = str(d.name) ?? '';
    const originals = num(d.original) ?? 0;
    const copies = num(d.copies) ?? 0;
    const group = str(d.group_as_displayed);
    if (Object.keys(d).some((k) => !['name', 'original', 'copies', 'group_as_displayed'].includes(k))) documentsVerbatim = false;
    if (tidyText(dn) !== dn || (group !== null && tidyText(group) !== group) || num(d.original) === null || num(d.copies) === null) documentsVerbatim = false;
    if (originals > PLAUSIBLE_COUNT || copies > PLAUSIBLE_COUNT)
      note('document_count_doubtful', 'unmapped', `documents[${i}]`, {
        vi: `Số bản (${originals} bản chính, ${copies} bản sao) của "${dn.slice(0, 60)}" khó tin; giữ như nguồn ghi`,
        en: `The counts (${originals} originals, ${copies} copies) of "${dn.slice(0, 60)}" look implausible; kept as the source gives them`,
      });
    documents.push({ name: dn, originals, copies, templateFile: null, reusable: false, group });
  });
  if (documentsVerbatim) delete rest.documents;

  const results: Obj[] = [];
  let resultsVerbatim = Array.isArray(raw.result);
  for (const x of Array.isArray(raw.result) ? raw.result : []) {
    if (!isObj(x) || Object.keys(x).some((k) => k !== 'name' && k !== 'result_code') || tidyText(str(x.name) ?? '') !== x.name) resultsVerbatim = false;
    if (isObj(x)) results.push({ name: str(x.name) ?? '', code: str(x.result_code) });
  }
  if (resultsVerbatim) delete rest.result;

  const onlineText = str(raw.online_level);
  const onlineLevel = onlineText ? (ONLINE_NAMES[onlineText] ?? null) : null;
  if (onlineText && !onlineLevel)
    note('online_level_unknown', 'unmapped', 'onlineLevel', { vi: `Mức độ trực tuyến "${onlineText}" không nhận diện được`, en: `Online level "${onlineText}" is not recognised` });
  if (onlineLevel && !channels.online) {
    channels.online = { timeLimit: null, reducedTimeLimit: null, timeNote: null, fees: [] };
    note('online_channel_added', 'unmapped', 'channels.online', {
      vi: 'Nguồn ghi mức độ trực tuyến nhưng không liệt kê kênh trực tuyến; đã thêm kênh trực tuyến chưa có thời hạn',
      en: 'The source gives an online level but lists no online channel; an online channel without a time limit was added',
    });
  }
  if (!onlineText && channels.online)
    note('online_level_missing', 'missing', 'onlineLevel', { vi: 'Nguồn không ghi mức độ trực tuyến (toàn trình hay một phần)', en: 'The source does not say whether the online service is full or partial' });
  if (onlineLevel === 'partial')
    note('online_partial_basis_missing', 'missing', 'onlinePartialReason', {
      vi: 'Dịch vụ trực tuyến một phần: nguồn không có lý do và căn cứ pháp lý cần công khai',
      en: 'Partial online service: the source lacks the reason and legal basis that must be published',
    });
  note('steps_missing', 'missing', 'steps', { vi: 'Nguồn không có trình tự thực hiện', en: 'The source has no steps (trình tự thực hiện)' });
  note('legal_basis_missing', 'missing', 'legalBasis', { vi: 'Nguồn không có căn cứ pháp lý', en: 'The source has no legal basis' });

  const decision = str(raw.decision);
  if (decision !== null && tidyText(decision) === decision) delete rest.decision;

  const body = {
    code,
    name,
    field,
    level,
    competentUnits: [],
    receivingUnit: null,
    agencyText,
    applicants,
    steps: [],
    channels,
    documents,
    results,
    onlineLevel,
    onlinePartialReason: null,
    onlinePartialLegalBasis: null,
    legalBasis: [],
    nationalDecision: decision,
    publication: null,
    source: { format: TTHC_FORMAT, record: sortedJson(rest) },
  };
  return { index, code, origin: 'tthc-catalog', body, notes, problems };
}

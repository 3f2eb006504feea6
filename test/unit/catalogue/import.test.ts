import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CSV_COLUMNS,
  buildExport,
  diffPaths,
  exportCsv,
  exportJson,
  firstInvalidUtf8,
  mapTthcRecord,
  parseCatalogueFile,
  parseCsv,
  parseJsonCatalogue,
  planImport,
  readProcedure,
  readProcess,
  splitApplicants,
  summarise,
  writeCsv,
  type ExistingProcedure,
  type ImportRecord,
  type UnitLookup,
} from '../../../src/domain/catalogue/index.js';

const units: UnitLookup = (code) => (code.endsWith('.H99') ? { code, name: code, active: true, roles: new Set(['desk', 'specialist', 'leader']) } : undefined);
const utf8 = (s: string) => new TextEncoder().encode(s);

const body = (code: string, patch: Record<string, unknown> = {}) =>
  readProcedure({
    code,
    name: `Thủ tục ${code}`,
    field: 'Hộ tịch',
    level: 'commune',
    competentUnits: ['000.00.43.H99'],
    applicants: ['Công dân Việt Nam'],
    channels: { counter: { timeLimit: { amount: 2, unit: 'working_days' } } },
    documents: [{ name: 'Tờ khai', originals: 1 }],
    publication: { number: '1/QĐ-UBND', date: '2026-01-05', effectiveDate: '2026-01-05' },
    ...patch,
  }).body;

const existing = (code: string, status: ExistingProcedure['status'], patch: Record<string, unknown> = {}, more: Partial<ExistingProcedure> = {}): ExistingProcedure => ({
  code,
  status,
  body: body(code, patch),
  statusDecision: null,
  replacedBy: null,
  process: null,
  ...more,
});

let n = 0;
const record = (code: string, status: ImportRecord['status'], patch: Record<string, unknown> = {}, more: Partial<ImportRecord> = {}): ImportRecord => ({
  index: ++n,
  code,
  origin: 'motcua-json',
  body: body(code, patch),
  status,
  notes: [],
  problems: [],
  ...more,
});
const map = (...xs: ExistingProcedure[]) => new Map(xs.map((x) => [x.code, x]));
const outcomes = (ps: ReturnType<typeof planImport>) => ps.map((p) => [p.code, p.outcome, p.status]);

describe('planning an import', () => {
  it('creates, updates with the changed fields, and leaves equal records alone', () => {
    const plans = planImport(
      [record('1.000001', 'published'), record('1.000002', 'published', { name: 'Tên mới', publication: { number: '2/QĐ-UBND', date: '2026-02-01', effectiveDate: '2026-02-01' } }), record('1.000003', 'published'), record('1.000004', 'draft', { steps: ['Bước 1'] })],
      map(existing('1.000002', 'published'), existing('1.000003', 'published'), existing('1.000004', 'draft')),
      units,
    );
    expect(outcomes(plans)).toEqual([
      ['1.000001', 'created', 'published'],
      ['1.000002', 'updated', 'amended'],
      ['1.000003', 'unchanged', 'published'],
      ['1.000004', 'updated', 'draft'],
    ]);
    expect(plans[1]!.changes).toEqual(['name', 'publication.number', 'publication.date', 'publication.effectiveDate']);
    expect(plans[1]!.actions.map((a) => a.kind)).toEqual(['amend']);
    expect(plans[3]!.changes).toEqual(['steps']);
    expect(summarise(plans)).toEqual({ total: 4, created: 1, updated: 2, unchanged: 1, rejected: 0, partiallyMapped: 0 });
  });

  it('property: planning the current state against itself changes nothing', () => {
    const status = fc.constantFrom<ExistingProcedure['status']>('draft', 'published', 'amended', 'abolished');
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 999_999 }), { minLength: 1, maxLength: 12 }), fc.array(status, { minLength: 12, maxLength: 12 }), (codes, statuses) => {
        const states = codes.map((c, i) => {
          const code = `1.${String(c).padStart(6, '0')}`;
          const s = statuses[i]!;
          return existing(code, s, {}, s === 'abolished' ? { statusDecision: { number: '9/QĐ-UBND', date: '2026-05-01' } } : {});
        });
        const parsed = parseJsonCatalogue(exportJson(buildExport(states)));
        const plans = planImport(parsed.records, map(...states), units);
        expect(plans.map((p) => p.outcome)).toEqual(states.map(() => 'unchanged'));
        expect(plans.flatMap((p) => p.actions)).toEqual([]);
      }),
    );
  });

  it('rejects with reasons: a duplicate code in the file, going back to draft, a retired procedure changing, an amendment without a new decision', () => {
    const plans = planImport(
      [
        record('1.000010', 'published'),
        record('1.000010', 'published'),
        record('1.000011', 'draft'),
        record('1.000012', 'abolished', { name: 'Đổi tên' }, { statusDecision: { number: '5/QĐ', date: '2026-03-01' } }),
        record('1.000013', 'published', { name: 'Đổi tên' }),
      ],
      map(existing('1.000011', 'published'), existing('1.000012', 'abolished', {}, { statusDecision: { number: '5/QĐ', date: '2026-03-01' } }), existing('1.000013', 'published')),
      units,
    );
    expect(outcomes(plans)).toEqual([
      ['1.000010', 'created', 'published'],
      ['1.000010', 'rejected', null],
      ['1.000011', 'rejected', 'published'],
      ['1.000012', 'rejected', 'abolished'],
      ['1.000013', 'rejected', 'published'],
    ]);
    expect(plans.slice(1).map((p) => p.problems.map((x) => x.message.en))).toEqual([
      [`Procedure code: code 1.000010 already appears in record ${plans[0]!.index} of the file`],
      ['Status: a published procedure cannot go back to being a draft'],
      ['Status: the procedure is "Abolished" and no longer in force; it cannot change'],
      ['Decision number: an amendment needs a decision of its own; 1/QĐ-UBND of 2026-01-05 already published the current version'],
    ]);
  });

  it('replaces by a procedure further down the file, and refuses loops and drafts as replacements', () => {
    const dec = { number: '7/QĐ-UBND', date: '2026-04-01' };
    const ok = planImport([record('1.000020', 'replaced', {}, { replacedBy: '1.000021', statusDecision: dec }), record('1.000021', 'published')], new Map(), units);
    expect(outcomes(ok)).toEqual([
      ['1.000020', 'created', 'replaced'],
      ['1.000021', 'created', 'published'],
    ]);
    expect(ok[0]!.actions.map((a) => a.kind)).toEqual(['create', 'publish', 'replace']);
    const loop = planImport(
      [record('1.000030', 'replaced', {}, { replacedBy: '1.000031', statusDecision: dec }), record('1.000031', 'replaced', {}, { replacedBy: '1.000030', statusDecision: dec })],
      new Map(),
      units,
    );
    expect(loop.map((p) => p.problems[0]?.message.en)).toEqual(['Replacing procedure: the chain of replacements loops back to 1.000030', 'Replacing procedure: the chain of replacements loops back to 1.000031']);
    const toDraft = planImport([record('1.000040', 'replaced', {}, { replacedBy: '1.000041', statusDecision: dec }), record('1.000041', 'draft')], new Map(), units);
    expect(toDraft[0]!.problems[0]!.message.en).toBe('Replacing procedure: procedure 1.000041 has not been published');
    // When the replacing record itself is rejected, the replaced one cannot stand either.
    const cascade = planImport([record('1.000050', 'replaced', {}, { replacedBy: '1.000051', statusDecision: dec }), record('1.000051', 'published', { code: '1.000052' })], new Map(), units);
    expect(cascade.map((p) => p.outcome)).toEqual(['rejected', 'rejected']);
    expect(cascade[0]!.problems[0]!.message.en).toBe('Replacing procedure: there is no procedure with the code 1.000051');
  });

  it('national records without a status load as drafts, or are published by the decision given, keeping the province’s own fields', () => {
    const national = (patch: Record<string, unknown> = {}): ImportRecord => ({ ...record('1.000060', undefined, { competentUnits: [], publication: null, steps: [], ...patch }), origin: 'tthc-catalog' });
    expect(outcomes(planImport([national()], new Map(), units))).toEqual([['1.000060', 'created', 'draft']]);
    const publishWith = { number: '300/QĐ-UBND', date: '2026-08-03', effectiveDate: '2026-08-10' };
    const published = planImport([national({ agencyText: 'Ủy ban nhân dân cấp xã' })], new Map(), units, { publishWith });
    expect(outcomes(published)).toEqual([['1.000060', 'created', 'published']]);
    // Already published locally with unit codes and steps: same national content → unchanged.
    const local = existing('1.000060', 'published', { steps: ['Bước 1'], agencyText: 'Ủy ban nhân dân cấp xã' });
    expect(outcomes(planImport([national({ agencyText: 'Ủy ban nhân dân cấp xã' })], map(local), units, { publishWith }))).toEqual([['1.000060', 'unchanged', 'published']]);
    // Changed national content amends it, keeping units and steps.
    const amended = planImport([national({ agencyText: 'Ủy ban nhân dân cấp xã', name: 'Tên quốc gia' })], map(local), units, { publishWith });
    expect(outcomes(amended)).toEqual([['1.000060', 'updated', 'amended']]);
    const a = amended[0]!.actions[0]!;
    expect(a.kind === 'amend' && [a.body.competentUnits, a.body.steps, a.body.publication]).toEqual([['000.00.43.H99'], ['Bước 1'], publishWith]);
    // Without a decision, a change to a published procedure is refused with the reason.
    expect(planImport([national({ agencyText: 'Ủy ban nhân dân cấp xã', name: 'Tên quốc gia' })], map(local), units)[0]!.problems[0]!.message.en).toBe(
      'Publication decision: the content of a published procedure changed; that needs an amending decision (import with a publication decision)',
    );
  });

  it('reports changed paths down to three levels', () => {
    expect(diffPaths({ a: 1, b: { c: [1, 2], d: { e: 1, f: 2 } } }, { a: 1, b: { c: [1, 3], d: { e: 1, f: 3 } } })).toEqual(['b.c[1]', 'b.d.f']);
    expect(diffPaths({ a: [1] }, { a: [1, 2] })).toEqual(['a']);
    expect(diffPaths({ a: { b: { c: { d: 1 } } } }, { a: { b: { c: { d: 2 } } } })).toEqual(['a.b.c']);
  });
});

describe('file formats', () => {
  const states = [
    existing('1.000070', 'published', { documents: [{ name: 'Tờ khai, "mẫu 01"', originals: 1, templateFile: 'to-khai.docx', reusable: true }], steps: ['Bước 1:\nnộp hồ sơ', 'Bước 2'] }, {
      process: readProcess({ steps: [{ name: 'Tiếp nhận', unit: 'receiving', role: 'desk', time: { amount: 1, unit: 'half_days' } }], approval: { number: '3/QĐ', date: '2026-01-06' } }).body,
    }),
    existing('1.000071', 'replaced', { channels: { counter: { timeLimit: { amount: 20, unit: 'days' }, reducedTimeLimit: { amount: 15, unit: 'days' }, timeNote: 'Không kể thời gian niêm yết', fees: [{ name: 'Lệ phí', amountVnd: 75000, collectedAt: 'on_submission' }] }, postal: {} }, source: { format: 'x', record: { b: 1, a: [2] } } }, {
      statusDecision: { number: '4/QĐ', date: '2026-02-02' },
      replacedBy: '1.000070',
    }),
    existing('1.000072', 'draft', { publication: null, onlineLevel: 'partial', channels: { online: { timeLimit: { amount: 0.5, unit: 'working_days' } } }, onlinePartialReason: 'Phải ký trực tiếp', onlinePartialLegalBasis: 'Điều 18' }),
  ];

  it('JSON export and import round-trip exactly', () => {
    const json = exportJson(buildExport(states));
    const parsed = parseCatalogueFile(utf8(json), 'catalogue.json');
    expect(parsed.problems).toEqual([]);
    const again = parsed.records.map<ExistingProcedure>((r) => ({
      code: r.code,
      status: r.status!,
      body: readProcedure(r.body).body,
      statusDecision: (r.statusDecision as ExistingProcedure['statusDecision']) ?? null,
      replacedBy: r.replacedBy ?? null,
      process: r.process ? readProcess(r.process).body : null,
    }));
    expect(exportJson(buildExport(again))).toBe(json);
  });

  it('CSV has the documented header and reads back to the same records as JSON', () => {
    const csv = exportCsv(buildExport(states));
    expect(csv.split('\r\n')[0]).toBe(`\ufeff${CSV_COLUMNS.join(',')}`);
    const fromCsv = parseCatalogueFile(utf8(csv), 'c.csv');
    const fromJson = parseCatalogueFile(utf8(exportJson(buildExport(states))), 'c.json');
    expect(fromCsv.problems).toEqual([]);
    const norm = (rs: ImportRecord[]) => rs.map((r) => ({ code: r.code, status: r.status, body: readProcedure(r.body).body, sd: r.statusDecision ?? null, by: r.replacedBy ?? null, process: r.process ? readProcess(r.process).body : null, problems: r.problems }));
    expect(norm(fromCsv.records)).toEqual(norm(fromJson.records));
  });

  it('rejects a wrong CSV header, a bad cell and malformed quoting with the exact place', () => {
    const header = CSV_COLUMNS.join(',');
    expect(parseCatalogueFile(utf8(`${header.replace('name', 'ten')}\n`), 'c.csv').problems[0]!.message.en).toBe(`Wrong CSV header: missing column(s) name; unsupported column(s) "ten". The header must be: ${header}`);
    const row = CSV_COLUMNS.map((c) => ({ code: '1.000080', status: 'draft', name: 'X', level: 'commune', channels: 'counter', counter_time_limit: '3 weeks', documents: '[{"name": ' })[c as 'code'] ?? '');
    const bad = parseCatalogueFile(utf8(writeCsv([[...CSV_COLUMNS], row])), 'c.csv');
    expect(bad.records[0]!.problems.map((p) => p.message.en)).toEqual([
      'Line 2, column counter_time_limit: "3 weeks" is not "<amount> <unit>" with unit one of hours, working_hours, working_days, days, months, same_day',
      expect.stringMatching(/^Line 2, column documents: is not valid JSON \(/),
    ]);
    expect(parseCatalogueFile(utf8(`${header}\n"1.000080,draft\n`), 'c.csv').problems[0]!.message.en).toBe('Malformed CSV at line 2: a quoted cell is never closed');
    expect(parseCatalogueFile(utf8('{}'), 'c.xlsx').problems[0]!.message.en).toBe('Unsupported file type "c.xlsx"; use a .json or .csv file');
    expect(parseCatalogueFile(new Uint8Array([0xff, 0xfe, 0x63, 0x00]), 'c.csv').problems[0]!.message.en).toBe('The file is encoded as UTF-16; save it again as UTF-8');
    expect(parseCatalogueFile(utf8('{"format": "other"}'), 'c.json').problems[0]!.message.en).toBe('The JSON file is neither a Một Cửa catalogue export ("format": "motcua-catalogue") nor a national TTHC list');
  });

  it('property: CSV cells of any text survive writing and reading', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', 'đ', ',', '"', '\n', '\r\n', ' ', 'Ư') }), { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = writeCsv(rows).slice(1);
        expect(parseCsv(text).rows).toEqual(rows);
      }),
    );
  });

  it('property: the UTF-8 check agrees with a strict decoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        let strict = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          strict = false;
        }
        expect(firstInvalidUtf8(bytes) === -1).toBe(strict);
      }),
      { numRuns: 2000 },
    );
    expect(firstInvalidUtf8(utf8('Đăng ký'))).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xc3]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0); // an encoded surrogate
  });
});

describe('national catalogue mapping', () => {
  it('splits applicant lists at the right commas', () => {
    expect(splitApplicants('Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân Việt Nam, Cán bộ, công chức, viên chức')).toEqual([
      'Tổ chức (không bao gồm doanh nghiệp, HTX)',
      'Công dân Việt Nam',
      'Cán bộ, công chức, viên chức',
    ]);
    expect(splitApplicants('')).toEqual([]);
  });

  it('maps a record, noting every interpretation and keeping what the model does not hold', () => {
    const raw = {
      code: '1.000090',
      name: 'Thủ tục mẫu',
      field: 'Hộ tịch',
      level: 'cấp xã',
      agency: ['Ủy ban nhân dân cấp xã'],
      inter_agency: true,
      agency_coordinating: 'Công an cấp xã',
      applicants: 'Công dân Việt Nam',
      decision: '1/QĐ-BTP',
      channels: [
        { channel: 'Trực tiếp', time: { amount: 5, unit: null, text: '5' }, fee: null, description: null },
        { channel: 'Trực tiếp', time: { amount: 10, unit: 'working_days', text: '10 Ngày làm việc' }, fee: null, description: 'phức tạp' },
        { channel: 'Trực tuyến', time: { amount: null, unit: null, text: 'Không có thông tin' }, fee: null, description: null },
      ],
      fees: [
        { name: 'Lệ phí', channel: 'Trực tiếp', amount_vnd: 5000, text: '5.000 đồng' },
        { name: 'Lệ phí', channel: 'Trực tiếp', amount_vnd: null, text: '10 USD', currency: 'USD', amount: 10 },
        { name: 'Lệ phí', channel: 'Trực tuyến', amount_vnd: 50, text: '50 VNĐ', warning: 'implausibly small' },
      ],
      documents: [{ name: 'Tờ khai', original: 1, copies: 0, group_as_displayed: null }],
      result: [{ name: 'Giấy xác nhận', result_code: 'KQ.1' }],
      online_level: null,
      source: { repo: 'x' },
    };
    const r = mapTthcRecord(raw, 7);
    expect(r.problems).toEqual([]);
    expect(r.notes.map((x) => `${x.kind}:${x.code}@${x.path}`)).toEqual([
      'unmapped:inter_agency_flag@level',
      'missing:agency_codes_missing@competentUnits',
      'unmapped:time_unit_assumed@channels.counter.timeLimit',
      'unmapped:time_variants@channels.counter.timeLimit',
      'unmapped:time_missing@channels.online.timeLimit',
      'unmapped:fee_unmapped@channels.counter.fees',
      'unmapped:fee_doubtful@channels.online.fees',
      'missing:online_level_missing@onlineLevel',
      'missing:steps_missing@steps',
      'missing:legal_basis_missing@legalBasis',
    ]);
    const { body, problems } = readProcedure(r.body);
    expect(problems).toEqual([]);
    expect(body.channels.counter).toEqual({ timeLimit: { amount: 5, unit: 'working_days' }, reducedTimeLimit: null, timeNote: null, fees: [{ name: 'Lệ phí', amountVnd: 5000, collectedAt: 'unspecified', note: null }] });
    expect(body.channels.online!.fees.map((f) => f.amountVnd)).toEqual([50]);
    expect(body.level).toBe('commune');
    expect(Object.keys(body.source!.record as object)).toEqual(['agency', 'agency_coordinating', 'channels', 'fees', 'inter_agency', 'level', 'online_level', 'source']);
  });

  const NATIONAL = new URL('../../../../shared/data/tthc-catalog.json', import.meta.url);
  it.skipIf(!existsSync(NATIONAL))('maps all 165 national records into readable bodies', () => {
    const parsed = parseCatalogueFile(new Uint8Array(readFileSync(NATIONAL)), 'tthc-catalog.json');
    expect(parsed.format).toBe('tthc-catalog');
    expect(parsed.records).toHaveLength(165);
    for (const r of parsed.records) expect(readProcedure(r.body).problems, r.code).toEqual([]);
  });
});

// Import and export on a real database: the 165 procedures of the national catalogue crawl (when ../shared/data
// is present), idempotent re-imports, all-or-nothing failures, exact JSON round trips, CSV, and search over the
// imported names.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
process.env.MOTCUA_SCRYPT_LOG_N ??= '10';
import { systemActor } from '../../src/app/actor.js';
import { getProcedure, searchProcedures } from '../../src/app/catalogue.js';
import { exportCatalogue, formatImportReport, importCatalogue, importCatalogueFile, type ImportReport } from '../../src/app/catalogue-import.js';
import { seedDemo } from '../../src/seed/seed.js';
import { parseCatalogueFile, parseJsonCatalogue, type ExportFile } from '../../src/domain/catalogue/index.js';
import { createTestDb, engine, type TestDb } from '../support/db.js';

const sys = systemActor('test');
const NATIONAL = fileURLToPath(new URL('../../../shared/data/tthc-catalog.json', import.meta.url));
const hasNational = existsSync(NATIONAL);
const nationalBytes = () => new Uint8Array(readFileSync(NATIONAL));
const utf8 = (s: string) => new TextEncoder().encode(s);
const PUBLISH = { number: '300/QĐ-UBND', date: '2026-08-03', effectiveDate: '2026-08-10' };

const count = async (t: TestDb, table: 'procedures' | 'procedure_versions' | 'audit_log' | 'process_versions') =>
  Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const rec = (r: ImportReport, code: string) => r.records.find((x) => x.code === code)!;
const notes = (r: ImportReport) => Object.fromEntries(r.noteCounts.map((n) => [n.code, n.count]));
const THREE_CODES = ['3.000228', '3.000323', '3.000333', '3.000348', '3.000412', '3.000489', '3.000494', '3.000527'];

describe.skipIf(!hasNational)(`national catalogue import on ${engine}`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t?.drop());

  it('dry run: all 165 would be created, the 8 national codes beginning with 3 included, none rejected', async () => {
    const r = await importCatalogueFile(t.ctx, sys, nationalBytes(), 'tthc-catalog.json', { dryRun: true });
    expect(r.format).toBe('tthc-catalog');
    expect(r.summary).toEqual({ total: 165, created: 165, updated: 0, unchanged: 0, rejected: 0, partiallyMapped: 83 });
    expect(r.records.filter((x) => x.outcome === 'rejected').map((x) => x.code).sort()).toEqual([]);
    expect(rec(r, '3.000323')).toMatchObject({ outcome: 'created', problems: [] });
    expect(notes(r)).toEqual({
      agency_codes_missing: 165,
      steps_missing: 165,
      legal_basis_missing: 165,
      online_level_missing: 137,
      time_unit_assumed: 35,
      time_missing: 22,
      fee_unmapped: 20,
      inter_agency_flag: 9,
      document_count_doubtful: 7,
      time_variants: 6,
      fee_doubtful: 4,
      online_partial_basis_missing: 3,
      online_channel_added: 1,
    });
    expect(await count(t, 'procedures')).toBe(0);
    const text = formatImportReport(r);
    expect(text).toContain('Records: 165. Created: 165, updated: 0, unchanged: 0, rejected: 0. Partially mapped: 83.');
    expect(text).not.toContain('REJECTED');
    for (const code of THREE_CODES) expect(rec(r, code).outcome, code).toBe('created');
    expect(text).toContain('Dry run: nothing was written.');
  });

  it('imports all 165 as drafts (no record to skip), losing no field', async () => {
    const r = await importCatalogueFile(t.ctx, sys, nationalBytes(), 'tthc-catalog.json');
    expect(r.applied).toBe(true);
    expect(r.summary).toMatchObject({ created: 165, rejected: 0 });
    expect(await count(t, 'procedures')).toBe(165);
    expect((await getProcedure(t.ctx, sys, '3.000323')).status).toBe('draft');
    expect(await count(t, 'procedure_versions')).toBe(0);

    const birth = await getProcedure(t.ctx, sys, '1.001193');
    expect(birth.status).toBe('draft');
    const b = birth.body;
    expect([b.name, b.field, b.level, b.agencyText, b.nationalDecision]).toEqual(['Thủ tục đăng ký khai sinh', 'Hộ tịch', 'commune', 'Ủy ban nhân dân cấp xã', '163/QĐ-BTP']);
    expect(b.applicants).toEqual(['Công dân Việt Nam', 'Người Việt Nam định cư ở nước ngoài']);
    expect(b.channels.counter).toEqual({ timeLimit: { amount: 1, unit: 'working_days' }, reducedTimeLimit: null, timeNote: null, fees: [{ name: 'Phí, lệ phí (hình thức nộp: Trực tiếp)', amountVnd: 0, collectedAt: 'unspecified', note: null }] });
    expect(b.documents).toHaveLength(8);
    expect(b.documents[4]!.group).toBe('* Giấy tờ phải xuất trình:');
    expect(b.results).toEqual([{ name: 'Giấy khai sinh', code: 'KQ.G15.000031' }]);
    expect(birth.completeness).toEqual({
      complete: false,
      missing: [{ part: 'steps', path: 'steps', label: { vi: 'Trình tự thực hiện', en: 'Steps' } }],
    });

    // 2.000815: the fee in dollars (at diplomatic missions) cannot be a VND fee; it stays in the source data.
    const copy = (await getProcedure(t.ctx, sys, '2.000815')).body;
    expect(copy.channels.counter?.fees.map((f) => [f.amountVnd, f.note?.slice(0, 8)])).toEqual([[2000, '(/trang)']]);
    expect(copy.channels.counter?.timeLimit).toBeNull();
    const copyFees = (copy.source!.record as { fees: { text: string }[] }).fees.map((f) => f.text);
    expect(copyFees).toEqual(['2,000 Việt Nam Đồng', '10 USD']);
    // 2.002039 (nationality): a bare 105 read as working days, flagged.
    expect((await getProcedure(t.ctx, sys, '2.002039')).body.channels.counter?.timeLimit).toEqual({ amount: 105, unit: 'working_days' });
    expect(rec(r, '2.002039').notes.find((n) => n.code === 'time_unit_assumed')?.message.en).toBe('The time limit "105 (đơn vị không hiển thị trên trang nguồn)" has no unit; read as 105 working days — check it');

    // Nothing is lost: every source field is either held verbatim by the model or kept under source.record.
    const raw = JSON.parse(readFileSync(NATIONAL, 'utf8')) as Record<string, unknown>[];
    const verbatim = (k: string, src: Record<string, unknown>, body: typeof b) => {
      switch (k) {
        case 'code':
          return src.code === body.code;
        case 'name':
          return src.name === body.name;
        case 'field':
          return src.field === body.field;
        case 'decision':
          return src.decision === body.nationalDecision;
        case 'applicants':
          return src.applicants === body.applicants.join(', ');
        case 'documents':
          return JSON.stringify((src.documents as { name: string; original: number; copies: number; group_as_displayed: string | null }[]).map((d) => [d.name, d.original, d.copies, d.group_as_displayed])) === JSON.stringify(body.documents.map((d) => [d.name, d.originals, d.copies, d.group]));
        case 'result':
          return JSON.stringify((src.result as { name: string; result_code: string | null }[]).map((x) => [x.name, x.result_code])) === JSON.stringify(body.results.map((x) => [x.name, x.code]));
        default:
          return false;
      }
    };
    const sorted = (v: unknown): unknown => (Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v);
    let checked = 0;
    for (const src of raw) {
      const body = (await getProcedure(t.ctx, sys, src.code as string)).body;
      expect(body.source?.format).toBe('tthc-catalog');
      const kept = body.source!.record as Record<string, unknown>;
      for (const k of Object.keys(src)) {
        if (k in kept) expect(JSON.stringify(kept[k]), `${src.code}.${k}`).toBe(JSON.stringify(sorted(src[k])));
        else expect(verbatim(k, src, body), `${src.code}.${k} is neither kept nor held verbatim`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(165 * 26 + 2); // 26 keys each, plus cross_checks on two records
  });

  it('re-importing the same file creates and updates nothing', async () => {
    const audit = await count(t, 'audit_log');
    const r = await importCatalogueFile(t.ctx, sys, nationalBytes(), 'tthc-catalog.json');
    expect(r.summary).toMatchObject({ created: 0, updated: 0, unchanged: 165, rejected: 0 });
    expect(await count(t, 'procedures')).toBe(165);
    expect(await count(t, 'audit_log')).toBe(audit + 1); // only the import's own summary entry
  });

  it('publishes with a provincial decision those that can be published, leaving the rest as drafts with the reasons', async () => {
    const r = await importCatalogueFile(t.ctx, sys, nationalBytes(), 'tthc-catalog.json', { publishWith: PUBLISH });
    expect(r.summary).toMatchObject({ created: 0, updated: 140, unchanged: 25, rejected: 0 });
    expect(rec(r, '1.001193')).toMatchObject({ outcome: 'updated', status: 'published', changes: ['publication', 'status'] });
    expect(rec(r, '3.000323')).toMatchObject({ outcome: 'updated', status: 'published' });
    const kept = rec(r, '2.000815');
    expect(kept.outcome).toBe('unchanged');
    expect(kept.notes.filter((n) => n.code === 'left_as_draft').map((n) => n.path)).toEqual(['channels.counter.timeLimit']);
    expect(rec(r, '1.004222').notes.filter((n) => n.code === 'left_as_draft').map((n) => n.path)).toEqual(['onlinePartialReason', 'onlinePartialLegalBasis']);
    expect(await count(t, 'procedure_versions')).toBe(140);

    const again = await importCatalogueFile(t.ctx, sys, nationalBytes(), 'tthc-catalog.json', { publishWith: PUBLISH });
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 165 });
    expect(await count(t, 'procedure_versions')).toBe(140);
  });

  describe('search over the national names', () => {
    it.each(['dang ky khai sinh', 'đăng ký khai sinh', 'Khai Sinh', 'dang ky khai snh', '1.001193'])('"%s" finds birth registration first', async (q) => {
      const r = await searchProcedures(t.ctx, null, { q });
      expect(r.items[0]).toMatchObject({ code: '1.001193', name: 'Thủ tục đăng ký khai sinh' });
    });

    it('ranks by closeness: the plain procedure before its variants', async () => {
      // The phrase first, shortest name first; then names holding all the words apart; then nothing fuzzy.
      const r = await searchProcedures(t.ctx, null, { q: 'dang ky khai tu', pageSize: 10 });
      expect(r.items.map((i) => [i.code, i.rank])).toEqual([
        ['1.000656', 0.913],
        ['1.000419', 0.8672],
        ['1.001766', 0.8352],
        ['1.005461', 0.6974],
      ]);
      const typo = await searchProcedures(t.ctx, null, { q: 'dang ky khai tuu', pageSize: 3 });
      expect(typo.items[0]!.code).toBe('1.000656');
      expect(typo.items[0]!.rank).toBeLessThan(0.5);
      const marriage = await searchProcedures(t.ctx, null, { q: 'ket hon', field: 'Hộ tịch', pageSize: 3 });
      expect(marriage.items[0]!.code).toBe('1.000894');
    });
  });
});

describe(`our own formats on ${engine}`, () => {
  let a: TestDb;
  let b: TestDb;
  let exportedA: string;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDb(), createTestDb()]);
    await seedDemo(a.ctx);
    await seedDemo(b.ctx);
  });
  afterAll(async () => {
    await a?.drop();
    await b?.drop();
  });

  const file = (procedures: unknown[]) => ({ format: 'motcua-catalogue', formatVersion: 1, procedures });
  const extra = (code: string, name: string, status = 'published', more: Record<string, unknown> = {}) => ({
    code,
    status,
    statusDecision: null,
    replacedBy: null,
    process: null,
    ...more,
    procedure: {
      code,
      name,
      field: 'Thử nghiệm',
      level: 'commune',
      competentUnits: ['000.00.44.H99'],
      applicants: ['Công dân Việt Nam'],
      channels: { counter: { timeLimit: { amount: 2, unit: 'working_days' }, fees: [{ name: 'Lệ phí', amountVnd: 10000 }] } },
      documents: [{ name: 'Tờ khai', originals: 1 }],
      publication: { number: '500/QĐ-UBND', date: '2026-09-01', effectiveDate: '2026-09-01' },
    },
  });

  it('re-importing an export changes nothing', async () => {
    const exported = await exportCatalogue(a.ctx, sys);
    const audit = await count(a, 'audit_log');
    const r = await importCatalogueFile(a.ctx, sys, utf8(exported), 'catalogue.json');
    expect(r.summary).toEqual({ total: 33, created: 0, updated: 0, unchanged: 33, rejected: 0, partiallyMapped: 0 });
    expect(await count(a, 'audit_log')).toBe(audit + 1);
    expect(await exportCatalogue(a.ctx, sys)).toBe(exported);
  });

  it('one bad record fails the whole import and changes nothing', async () => {
    const before = [await count(a, 'procedures'), await count(a, 'procedure_versions'), await count(a, 'audit_log')];
    const bad = extra('1.950002', 'Thủ tục lỗi');
    (bad.procedure.channels.counter.fees[0] as { amountVnd: number }).amountVnd = -1000;
    const r = await importCatalogue(a.ctx, sys, parseJsonCatalogue(JSON.stringify(file([extra('1.950001', 'Thủ tục tốt'), bad]))));
    expect(r.applied).toBe(false);
    expect(r.summary).toMatchObject({ created: 1, rejected: 1 });
    expect(rec(r, '1.950002').problems).toEqual([{ path: 'channels.counter.fees[0].amountVnd', message: { vi: 'Mức phí, lệ phí (đồng): phải từ 0 trở lên', en: 'Fee amount (VND): must be at least 0' } }]);
    expect([await count(a, 'procedures'), await count(a, 'procedure_versions'), await count(a, 'audit_log')]).toEqual(before);
  });

  it('applies creations, amendments, processes and replacements pointing further down the file', async () => {
    const base = JSON.parse(await exportCatalogue(a.ctx, sys)) as ExportFile;
    const birth = base.procedures.find((p) => p.code === '1.001193')!;
    const amendedBirth = { ...birth, procedure: { ...birth.procedure, name: 'Đăng ký khai sinh (trong nước)', publication: { number: '501/QĐ-UBND', date: '2026-09-02', effectiveDate: '2026-09-05' } } };
    const process = {
      steps: [
        { name: 'Tiếp nhận', unit: 'receiving', role: 'desk', time: { amount: 2, unit: 'working_hours' }, maySendBack: false },
        { name: 'Giải quyết', unit: '000.00.44.H99', role: 'specialist', time: { amount: 2, unit: 'half_days' }, maySendBack: true },
      ],
      participants: [],
      approval: { number: '502/QĐ-UBND', date: '2026-09-03' },
      note: null,
    };
    const records = [
      extra('1.950010', 'Thủ tục sẽ bị thay thế', 'replaced', { replacedBy: '1.950011', statusDecision: { number: '503/QĐ-UBND', date: '2026-09-10' } }),
      extra('1.950011', 'Thủ tục thay thế', 'published', { process }),
      extra('1.950012', 'Thủ tục dự thảo', 'draft'),
      amendedBirth,
      extra('1.950013', 'Thủ tục tự thay thế', 'replaced', { replacedBy: '1.950013', statusDecision: { number: '504/QĐ-UBND', date: '2026-09-10' } }),
      extra('1.950011', 'Bản ghi trùng mã'),
    ];
    const dry = await importCatalogue(a.ctx, sys, parseJsonCatalogue(JSON.stringify(file(records))), { dryRun: true });
    expect(dry.records.map((r) => [r.code, r.outcome, r.status])).toEqual([
      ['1.950010', 'created', 'replaced'],
      ['1.950011', 'created', 'published'],
      ['1.950012', 'created', 'draft'],
      ['1.001193', 'updated', 'amended'],
      ['1.950013', 'rejected', null],
      ['1.950011', 'rejected', null],
    ]);
    expect(rec(dry, '1.001193').changes).toEqual(['name', 'publication.number', 'publication.date', 'publication.effectiveDate']);
    expect(dry.records[4]!.problems.map((p) => p.message.en)).toEqual(['Replacing procedure: procedure 1.950013 cannot be replaced by itself']);
    expect(dry.records[5]!.problems.map((p) => p.message.en)).toEqual(['Procedure code: code 1.950011 already appears in record 2 of the file']);

    const r = await importCatalogue(a.ctx, sys, parseJsonCatalogue(JSON.stringify(file(records.slice(0, 4)))));
    expect(r.applied).toBe(true);
    expect(r.summary).toMatchObject({ created: 3, updated: 1, rejected: 0 });
    const old = await getProcedure(a.ctx, null, '1.950010');
    expect(old).toMatchObject({ status: 'replaced', replacedBy: { code: '1.950011' } });
    expect((await getProcedure(a.ctx, null, '1.950011')).process?.totalMinutes).toBe(600);
    const b1193 = await getProcedure(a.ctx, null, '1.001193');
    expect(b1193.versions.map((v) => v.number)).toEqual([1, 2]);
    expect(b1193.process?.procedureVersionId).toBe(b1193.version!.id); // carried over to the new version
  });

  it('exports JSON that imports into another database to the same bytes', async () => {
    exportedA = await exportCatalogue(a.ctx, sys);
    const r = await importCatalogueFile(b.ctx, sys, utf8(exportedA), 'catalogue.json');
    expect(r.summary).toMatchObject({ created: 3, updated: 1, unchanged: 32, rejected: 0 });
    expect(await exportCatalogue(b.ctx, sys)).toBe(exportedA);
  });

  it('exports CSV with the documented header that reads back to the same catalogue', async () => {
    const csv = await exportCatalogue(a.ctx, sys, { format: 'csv' });
    expect(csv.startsWith('\ufeffcode,status,name,field,level,competent_units,receiving_unit,agency_text,applicants,steps,channels,counter_time_limit,')).toBe(true);
    const fromCsv = parseCatalogueFile(utf8(csv), 'catalogue.csv');
    const fromJson = parseCatalogueFile(utf8(exportedA), 'catalogue.json');
    expect(fromCsv.problems).toEqual([]);
    expect(fromCsv.records).toHaveLength(36);
    const r = await importCatalogue(b.ctx, sys, fromCsv, { dryRun: true });
    expect(r.summary).toMatchObject({ created: 0, updated: 0, unchanged: 36, rejected: 0 });
    expect(fromCsv.records.map((x) => x.code)).toEqual(fromJson.records.map((x) => x.code));
  });

  it('rejects a CSV with a wrong header, or not in UTF-8, with the exact reason and writes nothing', async () => {
    const before = await count(b, 'procedures');
    const wrongHeader = await importCatalogueFile(b.ctx, sys, utf8('ma,ten\n1.001193,x\n'), 'x.csv');
    expect(wrongHeader.applied).toBe(false);
    expect(wrongHeader.fileProblems[0]!.message.en).toMatch(/^Wrong CSV header: missing column\(s\) code, status, name, .*; unsupported column\(s\) "ma", "ten"\. The header must be: code,status,name,/);
    const latin1 = new Uint8Array([...utf8('code,status,name\n1.001193,published,'), 0xd0, 0xe3, 0x6e, 0x67, 0x0a]);
    const notUtf8 = await importCatalogueFile(b.ctx, sys, latin1, 'x.csv');
    expect(notUtf8.fileProblems).toEqual([
      {
        path: 'file',
        message: {
          vi: 'Tệp không phải văn bản UTF-8: byte 0xD0 không hợp lệ ở vị trí 36 (dòng 2); hãy lưu lại tệp với mã hóa UTF-8',
          en: 'The file is not UTF-8 text: invalid byte 0xD0 at offset 36 (line 2); save the file as UTF-8',
        },
      },
    ]);
    expect(formatImportReport(notUtf8)).toContain('The file was rejected; nothing was imported:');
    expect(await count(b, 'procedures')).toBe(before);
  });
});

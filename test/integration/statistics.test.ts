// Statistics of a unit for a period (issue 12), built from dossiers with known outcomes through the use cases, read
// through the API on the engine MOTCUA_TEST_DB names; and the daily counters rebuilt from scratch equal the live ones.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../../src/app/actor.js';
import { act, receiveAtDesk, userActor, type DossierView } from '../../src/app/dossiers/index.js';
import { allDailyStats, rebuildDailyStats } from '../../src/store/statistics.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';
import { fullChecklist } from '../support/dossiers.js';

const LAWYER = '1.002099'; // Sở Tư pháp through the provincial centre, 5 working days
const STP = '000.00.05.H99';
let t: TestApp;
const A: Record<string, UserActor> = {};
const set = (iso: string) => (t.clock.now = new Date(iso));
let seq = 0;

async function receive(key: string, at: string): Promise<DossierView> {
  set(at);
  const applicant = { kind: 'citizen' as const, fullName: `Đỗ Văn Số ${key}`, idNumber: `0361952${String(10000 + seq++).slice(-5)}` };
  const r = await receiveAtDesk(t.ctx, A.tiepnhan!, { procedureCode: LAWYER, channel: 'counter', applicant, documents: await fullChecklist(t.ctx, LAWYER), idempotencyKey: `stats-${key}` });
  return r.dossier;
}

const step = (d: DossierView, who: string, type: Parameters<typeof act>[3]['type'], payload: Record<string, unknown>, at: string) => {
  set(at);
  return act(t.ctx, A[who]!, d.id, { type, payload, expectedVersion: d.version });
};

/** Through the whole process to a result, finished at `at`. */
async function resolve(d: DossierView, at: string, result: 'granted' | 'refused' = 'granted'): Promise<DossierView> {
  const t0 = new Date(at).getTime();
  const before = (m: number) => new Date(t0 - m * 60_000).toISOString();
  d = await step(d, 'tiepnhan', 'forward', { toStepIndex: 1, assigneeId: A.chuyenvien!.userId }, before(50));
  d = await step(d, 'chuyenvien', 'forward', { toStepIndex: 2 }, before(40));
  if (result === 'refused') return step(d, 'lanhdao', 'refuse_after_examination', { reasons: 'Không đủ điều kiện hành nghề' }, at);
  d = await step(d, 'lanhdao', 'approve', {}, before(30));
  d = await step(d, 'lanhdao', 'sign', { documentNumber: `${seq++}/QĐ-STP` }, before(20));
  return step(d, 'lanhdao', 'finish', {}, at);
}

/** Numbers of `a` less those of `b`, field by field (nested objects too); other values are left out. */
function minus(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) {
    const w = b[k];
    if (typeof v === 'number' && typeof w === 'number') out[k] = v - w;
    else if (v && typeof v === 'object' && w && typeof w === 'object' && !Array.isArray(v)) out[k] = minus(v as Record<string, unknown>, w as Record<string, unknown>);
  }
  return out;
}

async function statistics(as: string, query: string) {
  const cookie = await t.loginAs(as);
  return t.app.inject({ method: 'GET', url: `/api/v1/statistics?${query}`, headers: { cookie } });
}

beforeAll(async () => {
  t = await createTestApp();
  for (const u of ['tiepnhan', 'chuyenvien', 'lanhdao']) A[u] = await userActor(t.ctx, u);
});
afterAll(async () => t?.drop());

describe(`statistics of a unit for a period, on ${engine}`, () => {
  it('counts what was received, finished early, on time and late, stopped, withdrawn, apologised and still in progress', async () => {
    // The demo province already has dossiers at this unit: the figures below are what these dossiers add to them,
    // read at the same instant before and after.
    const QUERIES = { week1: `unit=${STP}&from=2026-11-23&to=2026-11-29`, week2: `unit=${STP}&from=2026-11-30&to=2026-12-07`, past: `unit=${STP}&from=2026-11-30&to=2026-12-05` };
    set('2026-12-07T03:00:00Z'); // Mon 7 Dec 10:00
    const base: Record<string, Record<string, unknown>> = {};
    for (const [k, q] of Object.entries(QUERIES)) base[k] = (await statistics('lanhdao', q)).json();
    const added = async (k: keyof typeof QUERIES) => {
      set('2026-12-07T03:00:00Z');
      const r = await statistics('lanhdao', QUERIES[k]);
      expect(r.statusCode, r.body).toBe(200);
      return { ...minus(r.json(), base[k]!), asOf: r.json().asOf };
    };

    // Week 1 (Mon 23 – Sun 29 Nov): six dossiers received Mon 23 Nov 09:00, due Mon 30 Nov 09:00.
    const early = await receive('early', '2026-11-23T02:00:00Z');
    const onTime = await receive('on-time', '2026-11-23T02:00:00Z');
    const stoppedLate = await receive('stopped-late', '2026-11-23T02:00:00Z');
    let overdue = await receive('overdue', '2026-11-23T02:00:00Z');
    const withdrawn = await receive('withdrawn', '2026-11-23T02:00:00Z');
    const refused = await receive('refused', '2026-11-23T02:00:00Z');
    await resolve(early, '2026-11-24T03:00:00Z'); // Tue: early
    await resolve(refused, '2026-11-25T03:00:00Z', 'refused'); // Wed: a result (refusal), early
    let w = await step(withdrawn, 'tiepnhan', 'request_withdrawal', { reason: 'Không cần nữa' }, '2026-11-25T04:00:00Z');
    w = await step(w, 'lanhdao', 'stop', { reason: 'Công dân rút hồ sơ', ground: 'applicant_withdrawal' }, '2026-11-25T05:00:00Z');
    await resolve(onTime, '2026-11-30T01:30:00Z'); // Mon 30 Nov 08:30, before the 09:00 due
    // Week 2: one more received; the stop after the due; a late apology for the overdue one.
    await receive('week-2', '2026-12-01T02:00:00Z');
    await step(stoppedLate, 'lanhdao', 'stop', { reason: 'Tòa án yêu cầu', ground: 'authority_request', documentReference: '9/CV-TA' }, '2026-12-01T03:00:00Z');
    overdue = await step(overdue, 'tiepnhan', 'forward', { toStepIndex: 1, assigneeId: A.chuyenvien!.userId }, '2026-12-01T03:30:00Z');
    await step(overdue, 'lanhdao', 'apologise', { lateUnitId: overdue.state.currentUnitId, reason: 'Cần xác minh thêm', newDueAt: '2026-12-04T10:00:00.000Z' }, '2026-12-01T04:00:00Z');

    expect(await added('week1')).toMatchObject({
      received: 6,
      receivedByChannel: { counter: 6, online: 0, postal: 0 },
      carriedOver: 0,
      finished: { early: 2, onTime: 0, late: 0 },
      refused: 1,
      stopped: 0,
      withdrawn: 1,
      // At the end of Sun 29 Nov: on-time, stopped-late and overdue still in progress, none past the due yet.
      inProgress: { withinDue: 3, overdue: 0 },
      apologies: { onTime: 0, late: 0 },
      lateWithoutApology: 0,
      asOf: '2026-11-29T17:00:00.000Z',
    });

    expect(await added('week2')).toMatchObject({
      received: 1,
      carriedOver: 3,
      // Mon 30 Nov: on time. Tue 1 Dec: the stop after the due is late, without an apology.
      finished: { early: 0, onTime: 1, late: 1 },
      stopped: 1,
      withdrawn: 0,
      lateWithoutApology: 1,
      apologies: { onTime: 0, late: 1 },
      // Now: the overdue one (an apology never takes a dossier off the late list) and the week-2 one.
      inProgress: { withinDue: 1, overdue: 1 },
      asOf: '2026-12-07T03:00:00.000Z',
    });

    // A past period ending after the due reads the overdue one from the counters: the same answer.
    expect(await added('past')).toMatchObject({ inProgress: { withinDue: 1, overdue: 1 }, finished: { early: 0, onTime: 1, late: 1 } });
    // The rate is the period's finished early or on time over all finished, late stops included.
    const all = (await statistics('lanhdao', QUERIES.week2)).json();
    expect(all.onTimeRate).toBeCloseTo((all.finished.early + all.finished.onTime) / (all.finished.early + all.finished.onTime + all.finished.late), 4);

    // Every figure opens on exactly the dossiers it counts (demo dossiers of the unit included).
    const FIGURES: [string, (v: Record<string, any>) => number][] = [
      ['received', (v) => v.received],
      ['carriedOver', (v) => v.carriedOver],
      ['finishedEarly', (v) => v.finished.early],
      ['finishedOnTime', (v) => v.finished.onTime],
      ['finishedLate', (v) => v.finished.late],
      ['inProgressWithinDue', (v) => v.inProgress.withinDue],
      ['inProgressOverdue', (v) => v.inProgress.overdue],
      ['refused', (v) => v.refused],
      ['stopped', (v) => v.stopped],
      ['withdrawn', (v) => v.withdrawn],
      ['apologiesOnTime', (v) => v.apologies.onTime],
      ['apologiesLate', (v) => v.apologies.late],
      ['lateWithoutApology', (v) => v.lateWithoutApology],
      ['multipleSupplementRequests', (v) => v.multipleSupplementRequests],
    ];
    for (const q of Object.values(QUERIES)) {
      const figures = (await statistics('lanhdao', q)).json();
      const opened: Record<string, number> = {};
      const counted: Record<string, number> = {};
      for (const [figure, read] of FIGURES) {
        const r = await t.app.inject({ method: 'GET', url: `/api/v1/statistics/dossiers?${q}&figure=${figure}&pageSize=200`, headers: { cookie: await t.loginAs('lanhdao') } });
        expect(r.statusCode, r.body).toBe(200);
        opened[figure] = r.json().total;
        counted[figure] = read(figures);
        expect(r.json().items).toHaveLength(Math.min(200, r.json().total));
      }
      expect(opened, q).toEqual(counted);
    }

    // The counters rebuilt from the projection equal the ones the trigger kept.
    const live = await allDailyStats(t.ctx.db);
    expect(live.length).toBeGreaterThan(0);
    await rebuildDailyStats(t.ctx.db);
    expect(await allDailyStats(t.ctx.db)).toEqual(live);
  });

  it('tabulates the province unit by unit, totals it like the subtree figures, and exports the table as Excel and CSV', async () => {
    const done = await receive('table', '2026-11-24T02:00:00Z');
    await resolve(done, '2026-11-25T03:00:00Z');
    set('2026-12-07T03:00:00Z');
    const q = 'unit=000.00.00.H99&from=2026-11-01&to=2026-11-30';
    const cookie = await t.loginAs('quantri');
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
    const table = await get(`/api/v1/statistics/units?${q}`);
    expect(table.statusCode, table.body).toBe(200);
    const v = table.json();
    expect(v.rows[0].unit).toMatchObject({ code: '000.00.00.H99', depth: 0 });
    const subtree = (await get(`/api/v1/statistics?${q}&subunits=true`)).json();
    const { unit: _u, from: _f, to: _t, subunits: _s, asOf: _a, ...figures } = subtree;
    expect(v.total).toEqual(figures);
    // Each row is that unit's own figures.
    const stpRow = v.rows.find((r: { unit: { code: string } }) => r.unit.code === STP);
    const stp = (await get(`/api/v1/statistics?unit=${STP}&from=2026-11-01&to=2026-11-30`)).json();
    expect(stpRow.received).toBe(stp.received);
    expect(stpRow.finished).toEqual(stp.finished);
    expect(stpRow.received).toBeGreaterThan(0);
    // Rows add up to the total.
    const sum = (k: string) => v.rows.reduce((n: number, r: Record<string, number>) => n + r[k]!, 0);
    expect(sum('received')).toBe(v.total.received);
    expect(sum('carriedOver')).toBe(v.total.carriedOver);

    const xlsx = await get(`/api/v1/statistics/units.xlsx?${q}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="thong-ke_000.00.00.H99_2026-11-01_2026-11-30.xlsx"');
    const wb = new ExcelJS.Workbook();
    const bytes = xlsx.rawPayload;
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const ws = wb.getWorksheet('Theo đơn vị')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).getCell(3).value).toBe('Tiếp nhận mới');
    const excelStp = ws.getRows(2, ws.rowCount - 1)!.find((r) => r.getCell(1).value === STP)!;
    expect(excelStp.getCell(3).value).toBe(stpRow.received);
    expect(excelStp.getCell(3).numFmt).toBe('#,##0');
    const last = ws.getRow(ws.rowCount);
    expect(last.getCell(2).value).toBe('Tổng cộng');
    expect(last.getCell(3).value).toBe(v.total.received);
    expect(wb.getWorksheet('Kỳ báo cáo')!.getCell('B2').value).toBe('Từ 01/11/2026 đến 30/11/2026');

    const csv = await get(`/api/v1/statistics/units.csv?${q}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['Mã đơn vị', 'Đơn vị', 'Tiếp nhận mới']);
    expect(lines).toHaveLength(v.rows.length + 2);
    expect(lines.find((l) => l.startsWith(`${STP},`))!.split(',')[2]).toBe(String(stpRow.received));

    // The periodic report as PDF, its Vietnamese text extractable (fonts embedded).
    const pdf = await get(`/api/v1/statistics/units.pdf?${q}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-report-')), 'report.pdf');
    writeFileSync(file, pdf.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH');
    expect(text).toContain('Kỳ báo cáo: từ ngày 01/11/2026 đến ngày 30/11/2026');
    expect(text).toMatch(/Sở Tư pháp\s+\d+/);
  });

  it('shows the figures on /thong-ke with a server-drawn chart, and opens a figure on its dossiers', async () => {
    const d = await receive('page', '2026-11-24T02:00:00Z');
    await resolve(d, '2026-11-25T03:00:00Z');
    set('2026-12-07T03:00:00Z');
    const cookie = await t.loginAs('lanhdao');
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie, accept: 'text/html' } });
    const page = await get(`/thong-ke?unit=${STP}&from=2026-11-01&to=2026-11-30`);
    expect(page.statusCode, page.body.slice(0, 400)).toBe(200);
    expect(page.body).toContain('Tỷ lệ giải quyết trước và đúng hạn');
    expect(page.body).toMatch(/<div role="img" aria-label="[^"]+"><svg /);
    const api = (await statistics('lanhdao', `unit=${STP}&from=2026-11-01&to=2026-11-30`)).json();
    // The figure links carry the same numbers as the API.
    expect(page.body).toContain(`figure=finishedEarly">${api.finished.early}</a>`);
    expect(page.body).toContain('/api/v1/statistics/units.xlsx?unit=000.00.05.H99&amp;from=2026-11-01&amp;to=2026-11-30');
    const drill = await get(`/thong-ke/ho-so?unit=${STP}&from=2026-11-01&to=2026-11-30&figure=finishedEarly`);
    expect(drill.statusCode).toBe(200);
    expect(drill.body).toContain(d.code!);
    expect(drill.body).toContain(`Giải quyết trước hạn: ${api.finished.early}`);
    const bad = await get(`/thong-ke?unit=${STP}&from=2026-11-30&to=2026-11-01`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('không được trước ngày bắt đầu');
    // A specialist reads no statistics: the page says so instead of showing another unit's figures.
    const specialist = await t.app.inject({ method: 'GET', url: '/thong-ke', headers: { cookie: await t.loginAs('chuyenvien'), accept: 'text/html' } });
    expect(specialist.statusCode).toBe(200);
    expect(specialist.body).toContain('Bạn không có vai trò xem thống kê');
  });

  it('publishes the province’s results unit by unit to anyone, aggregates only', async () => {
    const d = await receive('public', '2026-11-24T02:00:00Z');
    await resolve(d, '2026-11-25T03:00:00Z');
    set('2026-12-07T03:00:00Z');
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/public/statistics?period=2026-11' });
    expect(api.statusCode, api.body).toBe(200);
    const v = api.json();
    expect(v).toMatchObject({ period: '2026-11', from: '2026-11-01', to: '2026-11-30', province: { code: '000.00.00.H99' } });
    const inside = (await statistics('quantri', 'unit=000.00.00.H99&from=2026-11-01&to=2026-11-30&subunits=true')).json();
    expect(v.total).toEqual({
      received: inside.received,
      finished: inside.finished.early + inside.finished.onTime + inside.finished.late,
      finishedEarlyOrOnTime: inside.finished.early + inside.finished.onTime,
      finishedLate: inside.finished.late,
      onTimeRate: inside.onTimeRate,
    });
    expect(v.units.find((u: { code: string }) => u.code === STP)).toMatchObject({ name: 'Sở Tư pháp' });
    const page = await t.app.inject({ method: 'GET', url: '/cong-khai/thong-ke?period=2026-Q4', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sở Tư pháp');
    expect(page.body).toContain('<svg');
    // Never a dossier or a person.
    for (const secret of [d.code!, 'Đỗ Văn Số', 'Hoàng Văn Nam']) {
      expect(api.body).not.toContain(secret);
      expect(page.body).not.toContain(secret);
    }
    for (const bad of ['2026-13', 'last-month', '2031-01']) {
      const r = await t.app.inject({ method: 'GET', url: `/api/v1/public/statistics?period=${bad}` });
      expect(r.statusCode, bad).toBe(400);
      expect(r.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['period']);
    }
  });

  it('refuses a unit outside the reader’s jurisdiction, an unknown unit, a bad or inverted or over-long period', async () => {
    set('2026-12-07T03:00:00Z');
    const outside = await statistics('lanhdao.dongthanh', `unit=${STP}&from=2026-11-01&to=2026-11-30`);
    expect(outside.statusCode, outside.body).toBe(403);
    const cases: [string, string][] = [
      ['unit=000.00.99.H99&from=2026-11-01&to=2026-11-30', 'unit'],
      [`unit=${STP}&from=2026-11-31&to=2026-12-01`, 'from'],
      [`unit=${STP}&from=2026-12-01&to=2026-11-01`, 'to'],
      [`unit=${STP}&from=2025-01-01&to=2026-06-30`, 'to'],
    ];
    for (const [q, field] of cases) {
      const r = await statistics('lanhdao', q);
      expect(r.statusCode, `${q}: ${r.body}`).toBe(400);
      const e = r.json().error;
      expect(e.fields.map((f: { path: string }) => f.path), q).toEqual([field]);
      expect(e.message.vi).not.toBe(e.message.en);
    }
    const specialist = await statistics('chuyenvien', `unit=${STP}&from=2026-11-01&to=2026-11-30`);
    expect(specialist.statusCode).toBe(403);
  });
});

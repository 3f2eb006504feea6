// Forms 01–07 through the HTTP app: dossiers made with the use cases on the demo province, each form fetched as
// PDF and read back with poppler (pdftotext, pdffonts), the printable HTML, and who may see what. Instants are
// Vietnamese time on the demo calendar (07:30–11:30, 13:00–17:00, weekends off, no holiday in December 2026).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../../src/app/actor.js';
import { act, receiveAtDesk, refuseReception, requestSupplementBeforeReception, userActor, type DossierView } from '../../src/app/dossiers/index.js';
import { createTestApp, unitId, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';
import { fullChecklist } from '../support/dossiers.js';

const LAWYER = '1.002099'; // Sở Tư pháp through the provincial centre, 5 working days (reduced from 7)
const CENTRE = '000.00.31.H99';
const STP = '000.00.05.H99';

let t: TestApp;
let dir: string;
const A: Record<string, UserActor> = {};
const cookie: Record<string, string> = {};
const unit: Record<string, number> = {};
const set = (iso: string) => (t.clock.now = new Date(iso));
const flat = (s: string) => s.replace(/\s+/g, ' ');

const documentsOf = (code: string) => fullChecklist(t.ctx, code);

const person = (name: string, i: number) => ({
  kind: 'citizen' as const,
  fullName: name,
  idNumber: `0361950${String(20000 + i)}`,
  phone: `09140${String(20000 + i)}`,
  address: `Số ${i} đường Lê Lợi, phường Đông Thành`,
});

async function receive(name: string, i: number, key: string): Promise<DossierView> {
  return (await receiveAtDesk(t.ctx, A.tiepnhan!, { procedureCode: LAWYER, channel: 'counter', applicant: person(name, i), documents: await documentsOf(LAWYER), idempotencyKey: key })).dossier;
}

async function step(d: DossierView, actor: UserActor, type: string, payload: Record<string, unknown>, at: string): Promise<DossierView> {
  set(at);
  return act(t.ctx, actor, d.id, { type, payload, expectedVersion: d.version } as never);
}

const get = (url: string, who?: string, accept?: string) =>
  t.app.inject({ url, headers: { ...(who ? { cookie: cookie[who]! } : {}), ...(accept ? { accept } : {}) } });

/** The text of a PDF response: `layout` keeps the page's columns, the raw order keeps each table cell together. */
function pdfText(r: LightMyRequestResponse, name: string, layout = true): string {
  expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
  expect(r.headers['content-type']).toBe('application/pdf');
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, r.rawPayload);
  expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' });
}

function fontsEmbedded(name: string): void {
  const lines = execFileSync('pdffonts', [join(dir, `${name}.pdf`)], { encoding: 'utf8' }).trim().split('\n').slice(2);
  expect(lines.length).toBeGreaterThanOrEqual(2);
  for (const line of lines) expect(line).toMatch(/DejaVuSerif.*\byes\s+yes\s+yes\b/);
}

let full: DossierView; // received, processed with one late step, finished
let waiting: DossierView; // form 02 before reception
let refused: DossierView; // form 03
let apologised: DossierView; // form 04
let stopped: DossierView; // form 05
let duringProcessing: DossierView; // form 02 during processing, issued through the desk
let november: DossierView; // received before the book's period

beforeAll(async () => {
  // Kept for a look after the run, like the browser screenshots.
  dir = new URL(`../../test-results/forms-${engine}/`, import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  t = await createTestApp();
  const users = ['tiepnhan', 'chuyenvien', 'lanhdao', 'tiepnhan.anphu', 'congdan', 'theodoi'];
  for (const u of users) A[u] = await userActor(t.ctx, u);
  for (const c of [CENTRE, STP]) unit[c] = await unitId(t, c);

  set('2026-11-30T03:00:00Z'); // Mon 30 Nov 10:00
  november = await receive('Lý Thị Thu Cúc', 1, 'forms-nov');

  // Tue 1 Dec 09:00 → due Tue 8 Dec 09:00. Specialist late, leader early, desks on time.
  set('2026-12-01T02:00:00Z');
  full = await receive('Trịnh Thị Phương Anh', 2, 'forms-full');
  full = await step(full, A.tiepnhan!, 'forward', { toStepIndex: 1, assigneeId: A.chuyenvien!.userId }, '2026-12-01T02:30:00Z');
  full = await step(full, A.chuyenvien!, 'forward', { toStepIndex: 2 }, '2026-12-04T09:00:00Z'); // Fri 16:00, 28 h allotted, 29 h used
  full = await step(full, A.lanhdao!, 'approve', {}, '2026-12-04T09:10:00Z');
  full = await step(full, A.lanhdao!, 'sign', { documentNumber: '31/GĐK-STP' }, '2026-12-04T09:20:00Z');
  // Issue 10: finished at the approval step (Fri 16:30); the result comes back to the desk's final step by itself.
  full = await step(full, A.lanhdao!, 'finish', {}, '2026-12-04T09:30:00Z'); // Fri 16:30, due Tue

  set('2026-12-01T04:00:00Z');
  const docs = await documentsOf(LAWYER);
  waiting = (
    await requestSupplementBeforeReception(t.ctx, A.tiepnhan!, {
      procedureCode: LAWYER,
      channel: 'counter',
      applicant: person('Đoàn Văn Khải', 3),
      documents: docs.slice(0, 1),
      idempotencyKey: 'forms-02',
      items: ['Quyết định thành lập chi nhánh (bản chính)', 'Giấy tờ chứng minh trụ sở của chi nhánh (bản sao chứng thực)'],
      reason: 'Hồ sơ còn thiếu giấy tờ theo quy định',
    })
  ).dossier;

  refused = (
    await refuseReception(t.ctx, A.tiepnhan!, {
      procedureCode: LAWYER,
      channel: 'counter',
      applicant: person('Mai Xuân Trường', 4),
      documents: [],
      idempotencyKey: 'forms-03',
      reasons: 'Tổ chức hành nghề luật sư chưa đăng ký hoạt động tại tỉnh Hòa Giang\nChi nhánh đặt trụ sở ngoài địa giới hành chính của tỉnh',
    })
  ).dossier;

  // Wed 2 Dec 09:00 → due Wed 9 Dec 09:00; apology on Tue 8 Dec (a working day before) with a new appointment on Fri 11 Dec 17:00.
  set('2026-12-02T02:00:00Z');
  apologised = await receive('Quách Minh Nhật', 5, 'forms-04');
  apologised = await step(apologised, A.tiepnhan!, 'forward', { toStepIndex: 1, assigneeId: A.chuyenvien!.userId }, '2026-12-02T02:30:00Z');
  apologised = await step(
    apologised,
    A.lanhdao!,
    'apologise',
    { lateUnitId: unit[STP], reason: 'Cần xác minh thực tế trụ sở của chi nhánh', newDueAt: '2026-12-11T10:00:00.000Z', documentNumber: '125/STP-HCTP' },
    '2026-12-08T01:30:00Z',
  );

  set('2026-12-03T02:00:00Z');
  stopped = await receive('Lưu Hoàng Yến', 6, 'forms-05');
  stopped = await step(stopped, A.tiepnhan!, 'request_withdrawal', { reason: 'Xin rút để bổ sung tài liệu' }, '2026-12-03T02:30:00Z');
  stopped = await step(stopped, A.lanhdao!, 'stop', { reason: 'Người nộp hồ sơ đề nghị rút hồ sơ để bổ sung tài liệu', ground: 'applicant_withdrawal' }, '2026-12-03T03:00:00Z');

  // Thu 3 Dec: the specialist asks for a supplement during processing; the desk hands form 02 to the applicant.
  set('2026-12-03T04:00:00Z');
  duringProcessing = await receive('Tạ Quang Vinh', 7, 'forms-02-during');
  duringProcessing = await step(duringProcessing, A.tiepnhan!, 'forward', { toStepIndex: 1, assigneeId: A.chuyenvien!.userId }, '2026-12-03T04:30:00Z');
  duringProcessing = await step(duringProcessing, A.chuyenvien!, 'request_supplement', { items: ['Hợp đồng thuê trụ sở (bản sao chứng thực)'], reason: 'Cần chứng minh quyền sử dụng trụ sở' }, '2026-12-03T06:00:00Z');

  // Sessions last hours: sign in at the instant the forms are read.
  set('2026-12-14T02:00:00Z');
  for (const u of users) cookie[u] = await t.loginAs(u);
});

afterAll(async () => {
  await t?.drop();
});

describe(`forms 01–06 as PDF on ${engine}`, () => {
  it('01: the receipt names the code, applicant, procedure, appointment, documents, fees and the tracking QR', async () => {
    expect(full.state.clock!.originalDueAt.toISOString()).toBe('2026-12-08T02:00:00.000Z');
    const text = flat(pdfText(await get(`/dossiers/${full.id}/forms/01.pdf`, 'tiepnhan'), 'form01'));
    fontsEmbedded('form01');
    for (const s of [
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      'UBND TỈNH HÒA GIANG',
      'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH',
      'Trung tâm Phục vụ hành chính công tỉnh đã tiếp nhận hồ sơ của',
      'Hòa Giang, ngày 01 tháng 12 năm 2026',
      full.code!,
      'Trịnh Thị Phương Anh',
      full.procedure.name,
      'Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 01/12/2026',
      'Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 08/12/2026',
      'Giấy đề nghị đăng ký hoạt động của chi nhánh theo mẫu',
      '100.000 đồng',
      `số thứ tự ${full.state.trackingBookNumber}`,
      `http://localhost:3000/tra-cuu/${full.code}?t=${full.trackingToken}`,
      'Nguyễn Thị Lan',
    ])
      expect(text).toContain(s);
  });

  it('02: the supplement request lists every missing item and the reason', async () => {
    const text = flat(pdfText(await get(`/dossiers/${waiting.id}/forms/02.pdf`, 'tiepnhan'), 'form02'));
    for (const s of [
      'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
      'Đoàn Văn Khải',
      'Quyết định thành lập chi nhánh (bản chính)',
      'Giấy tờ chứng minh trụ sở của chi nhánh (bản sao chứng thực)',
      'Hồ sơ còn thiếu giấy tờ theo quy định',
      'Hòa Giang, ngày 01 tháng 12 năm 2026',
    ])
      expect(text).toContain(s);
    // Not received: no receipt yet, and asking for a request that does not exist is a 404.
    expect((await get(`/dossiers/${waiting.id}/forms/01.pdf`, 'tiepnhan')).statusCode).toBe(409);
    expect((await get(`/dossiers/${waiting.id}/forms/02.pdf?seq=99`, 'tiepnhan')).statusCode).toBe(404);
  });

  it('02 during processing: the desk issues the handler’s request, with where the supplement is handed in', async () => {
    const text = flat(pdfText(await get(`/dossiers/${duringProcessing.id}/forms/02.pdf`, 'tiepnhan'), 'form02-processing'));
    for (const s of [
      'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
      'Tạ Quang Vinh',
      `Trong quá trình giải quyết hồ sơ mã số ${duringProcessing.code}`,
      'Hợp đồng thuê trụ sở (bản sao chứng thực)',
      'Cần chứng minh quyền sử dụng trụ sở',
      'Hồ sơ bổ sung nộp tại Bộ phận tiếp nhận và trả kết quả, Trung tâm Phục vụ hành chính công tỉnh',
      'Lê Minh Tuấn',
    ])
      expect(text).toContain(s);
    const page = await get(`/dossiers/${duringProcessing.id}`, 'tiepnhan', 'text/html');
    expect(page.body).toContain(`/dossiers/${duringProcessing.id}/forms/02`);
  });

  it('03: the refusal gives each reason', async () => {
    const text = flat(pdfText(await get(`/dossiers/${refused.id}/forms/03.pdf`, 'tiepnhan'), 'form03'));
    for (const s of [
      'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
      'Mai Xuân Trường',
      '1. Tổ chức hành nghề luật sư chưa đăng ký hoạt động tại tỉnh Hòa Giang',
      '2. Chi nhánh đặt trụ sở ngoài địa giới hành chính của tỉnh',
    ])
      expect(text).toContain(s);
  });

  it('04: the apology gives the reason, both appointments and the late unit’s leader', async () => {
    const text = flat(pdfText(await get(`/dossiers/${apologised.id}/forms/04.pdf`, 'lanhdao'), 'form04'));
    for (const s of [
      'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT',
      'Số: 125/STP-HCTP',
      'SỞ TƯ PHÁP',
      'Hòa Giang, ngày 08 tháng 12 năm 2026',
      'Quách Minh Nhật',
      apologised.code!,
      'Cần xác minh thực tế trụ sở của chi nhánh',
      'Thời gian hẹn trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 09/12/2026',
      'Thời gian hẹn trả kết quả mới: 17 giờ 00 phút, ngày 11/12/2026',
      'PHÓ GIÁM ĐỐC SỞ TƯ PHÁP',
      'Hoàng Văn Nam',
    ])
      expect(text).toContain(s);
  });

  it('05: the stop notice gives the reason and the instant', async () => {
    const text = flat(pdfText(await get(`/dossiers/${stopped.id}/forms/05.pdf`, 'lanhdao'), 'form05'));
    for (const s of ['THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ', 'Lưu Hoàng Yến', stopped.code!, 'Người nộp hồ sơ đề nghị rút hồ sơ để bổ sung tài liệu', '10 giờ 00 phút, ngày 03/12/2026', 'Hoàng Văn Nam'])
      expect(text).toContain(s);
  });

  it('06: the control slip has every hand-over with its units, people, times and early / on-time / late', async () => {
    // The final desk step (entered when the result came back) records the hand-over to the applicant and is not judged.
    expect(full.state.steps.map((r) => r.outcome)).toEqual(['on_time', 'late', 'early', null]);
    const r = await get(`/dossiers/${full.id}/forms/06.pdf`, 'lanhdao');
    const text = flat(pdfText(r, 'form06', false));
    fontsEmbedded('form06');
    expect(text).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain(full.code!);
    for (const s of ['Đúng hạn', 'Trước hạn', 'Quá hạn']) expect(text).toContain(s);
    // The hand-overs: desk → Sở Tư pháp (specialist) → Sở Tư pháp (leader) → desk, each with giver and receiver.
    expect(text).toContain('1. Giao: Nguyễn Thị Lan – Trung tâm Phục vụ hành chính công tỉnh; 2. Nhận: Lê Minh Tuấn – Sở Tư pháp');
    expect(text).toContain('2. Nhận: Hoàng Văn Nam – Sở Tư pháp');
    expect(text).toContain('1. Giao: Hoàng Văn Nam – Sở Tư pháp');
    expect(text).toContain('Lúc 16 giờ 00 phút, ngày 04/12/2026');
    expect(text.match(/1\. Giao:/g)).toHaveLength(full.state.steps.length);
    // Still being processed: no early/on-time/late yet for the step holding it.
    const open = flat(pdfText(await get(`/dossiers/${apologised.id}/forms/06.pdf`, 'chuyenvien'), 'form06-open', false));
    expect(open).toContain('Đang xử lý');
  });

  it('refuses a form the dossier does not have, and bad form numbers, with bilingual reasons', async () => {
    for (const [id, nn] of [
      [full.id, '03'],
      [full.id, '04'],
      [full.id, '05'],
      [apologised.id, '02'],
    ] as const) {
      const r = await get(`/dossiers/${id}/forms/${nn}.pdf`, 'tiepnhan');
      expect(r.statusCode, `${id} ${nn}`).toBe(409);
      const body = r.json() as { error: { code: string; message: { vi: string; en: string } } };
      expect(body.error.code).toBe('form_not_applicable');
      expect(body.error.message.vi).toContain(`mẫu số ${nn}`);
      expect(body.error.message.en).toContain(`Form ${nn}`);
    }
    for (const url of [`/dossiers/${full.id}/forms/07`, `/dossiers/${full.id}/forms/1`, `/dossiers/abc/forms/01`, `/dossiers/${full.id}/forms/01.docx`, `/dossiers/${full.id}/forms/02?seq=x`]) {
      const r = await get(url, 'tiepnhan', 'text/html');
      expect(r.statusCode, url).toBe(400);
      expect(r.body).toMatch(/Số mẫu phải từ 01 đến 06|Mã số hồ sơ phải là số nguyên dương|Số thứ tự yêu cầu bổ sung/);
    }
    expect((await get(`/dossiers/999999/forms/01.pdf`, 'tiepnhan')).statusCode).toBe(404);
  });
});

describe(`who may print on ${engine}`, () => {
  it('sends anonymous visitors to sign in, another unit’s staff away, and keeps 06 for staff', async () => {
    const anon = await get(`/dossiers/${full.id}/forms/01`, undefined, 'text/html');
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toBe(`/login?next=${encodeURIComponent(`/dossiers/${full.id}/forms/01`)}`);
    expect((await get(`/dossiers/${full.id}/forms/01.pdf`)).statusCode).toBe(303);
    expect((await get(`/dossiers/${full.id}/forms/01.pdf`, 'tiepnhan.anphu')).statusCode).toBe(403);
    expect((await get(`/dossiers/${full.id}/forms/06.pdf`, 'tiepnhan.anphu')).statusCode).toBe(403);
    // A citizen who is not the applicant learns nothing.
    expect((await get(`/dossiers/${full.id}/forms/01.pdf`, 'congdan')).statusCode).toBe(404);
    // The provincial monitor's jurisdiction covers every unit.
    expect((await get(`/dossiers/${full.id}/forms/06.pdf`, 'theodoi')).statusCode).toBe(200);
  });

  it('lets the applicant’s own account print 01–05 but not the control slip', async () => {
    // Link the dossier to the citizen's account, as an online submission would.
    const created = await receive('Đỗ Thị Mai', 7, 'forms-own');
    await t.ctx.db.updateTable('dossiers').set({ applicant_user_id: A.congdan!.userId }).where('id', '=', created.id).execute();
    const r = await get(`/dossiers/${created.id}/forms/01.pdf`, 'congdan');
    expect(flat(pdfText(r, 'form01-own'))).toContain(created.code!);
    const slip = await get(`/dossiers/${created.id}/forms/06.pdf`, 'congdan');
    expect(slip.statusCode).toBe(403);
    expect((slip.json() as { error: { message: { vi: string } } }).error.message.vi).toContain('chỉ dành cho cán bộ');
  });
});

describe(`printable HTML on ${engine}`, () => {
  it('renders the same form as escaped HTML with a print stylesheet, the QR code and a link to the PDF', async () => {
    const r = await get(`/dossiers/${full.id}/forms/01`, 'tiepnhan', 'text/html');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.body).toContain('@media print');
    expect(r.body).toContain('<svg');
    expect(r.body).toContain(`href="/dossiers/${full.id}/forms/01.pdf"`);
    expect(r.body).toContain('Trịnh Thị Phương Anh');
    expect(r.body).toContain(full.code!);
    const pdf = await get(`/dossiers/${full.id}/forms/01.pdf`, 'tiepnhan');
    expect(pdf.headers['content-disposition']).toBe(`inline; filename="mau-01-${full.code}.pdf"`);
  });
});

describe(`form 07, the tracking book, on ${engine}`, () => {
  const book = (q: string, who = 'tiepnhan') => get(`/reports/tracking-book.pdf?${q}`, who);

  it('lists the unit’s dossiers received in the period and no others', async () => {
    const text = flat(pdfText(await book(`unit=${CENTRE}&year=2026&from=2026-12-01&to=2026-12-31`), 'form07', false));
    fontsEmbedded('form07');
    expect(text).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(text).toContain('từ ngày 01/12/2026 đến ngày 31/12/2026');
    for (const d of [full, apologised, stopped]) expect(text).toContain(d.code!);
    expect(text).not.toContain(november.code!);
    expect(text).toContain('Trịnh Thị Phương Anh');
    // The late specialist step does not make the dossier late: it finished before its appointment.
    expect(full.state.outcome).toBe('early');
    expect(text).toContain('Trước hạn');
    expect(text).toContain('Dừng xử lý');
    // Form 02 and form 03 dossiers were never received: they have no line in the book.
    expect(text).not.toContain('Đoàn Văn Khải');
    expect(text).not.toContain('Mai Xuân Trường');
    // The landscape page.
    const size = execFileSync('pdfinfo', [join(dir, 'form07.pdf')], { encoding: 'utf8' });
    expect(size).toMatch(/Page size:\s+841\.89 x 595\.28/);

    const day = flat(pdfText(await book(`unit=${CENTRE}&year=2026&from=2026-11-30&to=2026-11-30`), 'form07-day', false));
    expect(day).toContain(november.code!);
    expect(day).not.toContain(full.code!);
    // The whole year also holds the demo dossiers received in November.
    const year = flat(pdfText(await book(`unit=${CENTRE}&year=2026`), 'form07-year', false));
    for (const d of [november, full, apologised, stopped]) expect(year).toContain(d.code!);
    const demo = await t.ctx.db.selectFrom('dossier_projection').select('dossier_code').where('receiving_unit_id', '=', unit[CENTRE]!).where('received_at', 'is not', null).execute();
    for (const d of demo) expect(year).toContain(d.dossier_code!);
  });

  it('shows the book as a page with a GET filter form, and refuses bad parameters with the field named', async () => {
    const page = await get(`/reports/tracking-book?unit=${CENTRE}&year=2026&from=2026-12-01`, 'tiepnhan', 'text/html');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<form method="get" action="\/reports\/tracking-book"/);
    expect(page.body).toContain('<label for="f-year"');
    expect(page.body).toContain(full.code!);
    expect(page.body).not.toContain(november.code!);
    expect(page.body).toContain(`href="/reports/tracking-book.pdf?unit=${encodeURIComponent(CENTRE)}&amp;year=2026&amp;from=2026-12-01"`);
    // Without parameters: the official's own desk, this year.
    const mine = await get('/reports/tracking-book', 'tiepnhan', 'text/html');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain(full.code!);

    const cases: [string, string, string][] = [
      [`unit=${CENTRE}&year=abc`, 'year', 'Năm phải từ 2000 đến 2099'],
      [`unit=${CENTRE}&year=2026&from=2025-12-01`, 'from', 'Ngày phải thuộc năm 2026'],
      [`unit=${CENTRE}&year=2026&from=2026-12-10&to=2026-12-01`, 'to', 'phải sau hoặc bằng'],
      [`unit=${CENTRE}&year=2026&to=2026-02-30`, 'to', 'Ngày không hợp lệ'],
      [`unit=999.99.99.X99&year=2026`, 'unit', 'Không có đơn vị mang mã này'],
    ];
    for (const [q, field, vi] of cases) {
      const r = await get(`/reports/tracking-book?${q}`, 'tiepnhan', 'text/html');
      expect(r.statusCode, q).toBe(400);
      expect(r.body, q).toContain(vi);
      expect(r.body, q).toContain(`id="f-${field}-err"`);
      const pdf = await book(q);
      expect(pdf.statusCode, q).toBe(400);
      expect((pdf.json() as { error: { fields: { path: string; message: { en: string } }[] } }).error.fields.map((f) => f.path)).toEqual([field]);
    }
  });

  it('is for staff with jurisdiction over the unit', async () => {
    expect((await book(`unit=${CENTRE}&year=2026`, 'tiepnhan.anphu')).statusCode).toBe(403);
    expect((await get(`/reports/tracking-book?unit=${CENTRE}&year=2026`, 'tiepnhan.anphu', 'text/html')).statusCode).toBe(403);
    expect((await book(`unit=${CENTRE}&year=2026`, 'congdan')).statusCode).toBe(403);
    expect((await book(`unit=${CENTRE}&year=2026`, 'theodoi')).statusCode).toBe(200);
    const anon = await get(`/reports/tracking-book.pdf?unit=${CENTRE}&year=2026`);
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toContain('/login?next=');
  });
});

// The public tracking page (/tra-cuu): the QR code's link opens at once, a code alone asks for the verifier, an
// unknown code and a wrong verifier look the same, and nothing personal is shown beyond initials.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, receiveAtDesk, userActor, type DossierView } from '../../src/app/dossiers/index.js';
import { TRACKING_RATE } from '../../src/http/api/dossiers.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';

let t: TestApp;
let d: DossierView;
let staffNames: string[];

const LAWYER = '1.002099';
const APPLICANT = { kind: 'citizen' as const, fullName: 'Vũ Hoàng Yến Nhi', idNumber: '036196054321', phone: '0987 654 913', address: 'Số 4 đường Hai Bà Trưng' };

let ipSeq = 0;
const page = (url: string, o: { lang?: 'en'; remoteAddress?: string } = {}) =>
  t.app.inject({ url, headers: { accept: 'text/html', ...(o.lang ? { cookie: 'motcua_lang=en' } : {}) }, remoteAddress: o.remoteAddress ?? `10.66.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}` });

/** The alert block, which must be identical for an unknown code and a wrong verifier. */
const alertOf = (html: string) => /<div class="error-summary" role="alert"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';

beforeAll(async () => {
  t = await createTestApp();
  const desk = await userActor(t.ctx, 'tiepnhan');
  const leader = await userActor(t.ctx, 'lanhdao');
  const specialist = await userActor(t.ctx, 'chuyenvien');
  const v = await t.ctx.db
    .selectFrom('procedures as p')
    .innerJoin('procedure_versions as pv', 'pv.id', 'p.current_version_id')
    .select('pv.body')
    .where('p.code', '=', LAWYER)
    .executeTakeFirstOrThrow();
  const documents = (v.body as unknown as { documents: { name: string }[] }).documents.map((x) => ({ name: x.name, provided: true }));
  t.clock.now = new Date('2026-11-23T02:00:00Z'); // Mon 23 Nov 09:00, due Mon 30 Nov 09:00
  d = (await receiveAtDesk(t.ctx, desk, { procedureCode: LAWYER, channel: 'counter', applicant: APPLICANT, documents, idempotencyKey: 'tracking-page-1' })).dossier;
  t.clock.now = new Date('2026-11-23T02:30:00Z');
  d = await act(t.ctx, desk, d.id, { type: 'forward', payload: { toStepIndex: 1, assigneeId: specialist.userId }, expectedVersion: d.version });
  t.clock.now = new Date('2026-11-27T03:00:00Z'); // Fri 27 Nov 10:00: the unit apologises and sets a new appointment
  d = await act(t.ctx, leader, d.id, {
    type: 'apologise',
    payload: { lateUnitId: d.pinned!.steps[1]!.unitId, reason: 'Cần xác minh thêm', newDueAt: '2026-12-02T10:00:00.000Z' as never },
    expectedVersion: d.version,
  });
  staffNames = [desk.fullName, leader.fullName, specialist.fullName];
});
afterAll(async () => t?.drop());

describe(`public tracking page on ${engine}`, () => {
  it('shows the form, with labelled fields and a GET submission, and no script', async () => {
    const r = await page('/tra-cuu');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('<html lang="vi">');
    expect(r.body).toMatch(/<form method="get" action="\/tra-cuu">/);
    expect(r.body).toContain('<label for="f-code">');
    expect(r.body).toMatch(/<label for="f-v">4 số cuối điện thoại \/ CCCD \/ mã số thuế/);
    expect(r.body).toContain('name="v"');
    expect(r.body).not.toContain('<script');
    expect(r.headers['x-robots-tag']).toBe('noindex');
    const en = await page('/tra-cuu', { lang: 'en' });
    expect(en.body).toContain('<h1>Track a dossier</h1>');
    expect(en.body).toContain('Last 4 digits of the phone / ID number / tax code');
  });

  it('opens at once from the QR code link, with the status, appointments and steps, and only initials', async () => {
    const r = await page(`/tra-cuu/${d.code}?t=${d.trackingToken}`);
    expect(r.statusCode, r.body).toBe(200);
    const html = r.body;
    expect(html).toContain(`Hồ sơ ${d.code}`);
    expect(html).toContain(d.pinned!.procedureName);
    expect(html).toContain('V.H.Y.N.');
    expect(html).toContain('4. Đang xử lý');
    expect(html).toContain('Sở Tư pháp');
    expect(html).toContain('Trung tâm Phục vụ hành chính công tỉnh');
    // The new appointment, and the one before the apology.
    expect(html).toMatch(/Ngày hẹn trả kết quả<\/th><td>02\/12\/2026 17:00<span class="muted"> \(hẹn lại\)/);
    expect(html).toContain('Ngày hẹn trước khi xin lỗi</th><td>30/11/2026 09:00</td>');
    expect(html).toContain('Ngày tiếp nhận</th><td>23/11/2026 09:00</td>');
    expect(html).toContain('Đơn vị đang xử lý</th><td>Sở Tư pháp</td>');
    // The steps: the desk handed over on time, the department is working on it.
    expect(html).toContain('Quá trình xử lý');
    expect(html).toMatch(/Trung tâm Phục vụ hành chính công tỉnh<\/strong> — [^<]+<br>Nhận: 23\/11\/2026 09:00 · Chuyển: 23\/11\/2026 09:30 <span class="badge ok">Đúng hạn<\/span>/);
    expect(html).toMatch(/Sở Tư pháp<\/strong> — [^<]+<br>Nhận: 23\/11\/2026 09:30 · Chuyển: đang xử lý<\/li>/);
    for (const secret of [APPLICANT.fullName, 'Vũ Hoàng', APPLICANT.idNumber, '0987654913', 'Hai Bà Trưng', 'Cần xác minh thêm', ...staffNames]) expect(html, secret).not.toContain(secret);
    expect(html).not.toContain('<script');
    expect(r.headers['cache-control']).toBe('no-store');
    const en = await page(`/tra-cuu/${d.code}?t=${d.trackingToken}`, { lang: 'en' });
    expect(en.body).toContain('Being processed');
    expect(en.body).toContain('new appointment');
  });

  it('asks for the verifier when the link has no token, and shows the dossier with the right one', async () => {
    const ask = await page(`/tra-cuu/${d.code}`);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain(`<form method="get" action="/tra-cuu/${d.code}">`);
    expect(ask.body).toContain('<label for="f-v">');
    expect(ask.body).not.toContain(d.pinned!.procedureName);
    const phone = await page(`/tra-cuu/${d.code}?v=4913`);
    expect(phone.statusCode).toBe(200);
    expect(phone.body).toContain('V.H.Y.N.');
    const id = await page(`/tra-cuu?code=${encodeURIComponent(d.code!.replace(/^000\./, ''))}&v=4321`);
    expect(id.statusCode).toBe(200);
    expect(id.body).toContain(`Hồ sơ ${d.code}`);
  });

  it('answers an unknown code and a wrong verifier with the same 404, in both languages', async () => {
    const wrong = await page(`/tra-cuu/${d.code}?v=0000`);
    const badToken = await page(`/tra-cuu/${d.code}?t=AAAAAAAAAAAAAAAA`);
    const unknown = await page('/tra-cuu/000.00.31.H99-261123-0999?v=4913');
    const viaForm = await page('/tra-cuu?code=000.00.31.H99-261123-0998&v=4913');
    for (const r of [wrong, badToken, unknown, viaForm]) {
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain(d.pinned!.procedureName);
      expect(r.body).not.toContain('V.H.Y.N.');
    }
    const block = alertOf(wrong.body);
    expect(block).toContain('Không tìm thấy hồ sơ');
    expect(block).toContain('No dossier matches');
    for (const r of [badToken, unknown, viaForm]) expect(alertOf(r.body)).toBe(block);
    // The form is there again to correct the code.
    expect(unknown.body).toContain('value="000.00.31.H99-261123-0999"');
  });

  it('names what is missing from a half-filled form', async () => {
    const r = await page(`/tra-cuu?code=${encodeURIComponent(d.code!)}`);
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('href="#f-v"');
    expect(r.body).toContain('Cần nhập 4 số cuối điện thoại, CCCD hoặc mã số thuế');
    expect(r.body).toContain(`value="${d.code}"`);
  });

  it('is rate-limited per client', async () => {
    const codes: number[] = [];
    // Unknown codes, one each: wrong verifiers are also counted per code, which is not what this test is about.
    const other = (i: number) => `${d.code!.slice(0, -4)}${String(9000 + i)}`;
    for (let i = 0; i <= TRACKING_RATE.max; i++) codes.push((await page(`/tra-cuu/${other(i)}?v=1234`, { remoteAddress: '10.55.0.1' })).statusCode);
    expect(codes.slice(0, TRACKING_RATE.max)).toEqual(Array(TRACKING_RATE.max).fill(404));
    expect(codes[TRACKING_RATE.max]).toBe(429);
    expect(TRACKING_RATE.max).toBeLessThanOrEqual(30);
  });
});
